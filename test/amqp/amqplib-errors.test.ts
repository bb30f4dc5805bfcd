/** Protocol errors as amqplib sees them: which close only the channel and which the whole connection, with RabbitMQ's codes and texts. */
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { closed, startHarness } from './support/amqp-harness.ts';
import type { Harness } from './support/amqp-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('channel errors', () => {
  test('a missing queue is 404 and closes only the channel', async () => {
    const conn = await h.connect();
    const ch = await conn.createChannel();
    ch.on('error', () => {});
    await expect(ch.checkQueue('no-such-queue')).rejects.toThrow("404 (NOT-FOUND) with message \"NOT_FOUND - no queue 'no-such-queue' in vhost '/'\"");
    const ch2 = await conn.createChannel();
    await expect(ch2.assertQueue('', { exclusive: true })).resolves.toMatchObject({ messageCount: 0 });
  });

  test('publishing to a missing exchange closes the channel with 404', async () => {
    const ch = await h.channel();
    const done = closed(ch);
    ch.publish('no-such-exchange', 'k', Buffer.from('x'));
    expect((await done).message).toMatch(/404 \(NOT-FOUND\) with message "NOT_FOUND - no exchange 'no-such-exchange' in vhost '\/'"/);
  });

  test('redeclaring with other properties is 406 PRECONDITION_FAILED', async () => {
    const ch = await h.channel();
    await ch.assertQueue('e.durable', { durable: true });
    await expect(ch.assertQueue('e.durable', { durable: false })).rejects.toThrow(/406 \(PRECONDITION-FAILED\).*inequivalent arg 'durable'/);
    const again = await h.channel();
    await again.deleteQueue('e.durable');
  });

  test('a reserved amq. name is 403 ACCESS_REFUSED', async () => {
    const ch = await h.channel();
    await expect(ch.assertExchange('amq.mine', 'direct')).rejects.toThrow(/403 \(ACCESS-REFUSED\)/);
  });

  test('deleting a missing queue or exchange succeeds, as in RabbitMQ', async () => {
    const ch = await h.channel();
    await expect(ch.deleteQueue('never-was')).resolves.toMatchObject({ messageCount: 0 });
    await expect(ch.deleteExchange('never-was')).resolves.toBeDefined();
  });
});

describe('connection errors', () => {
  test('an unknown exchange type is 503 COMMAND_INVALID and closes the connection', async () => {
    const conn = await h.connect();
    const gone = closed(conn);
    const ch = await conn.createChannel();
    ch.on('error', () => {});
    await expect(ch.assertExchange('e.weird', 'no-such-type')).rejects.toThrow();
    const err = await gone;
    expect(err.code).toBe(503);
    expect(err.message).toMatch(/COMMAND_INVALID - unknown exchange type 'no-such-type'/);
  });

  test('reusing a consumer tag on a channel is 530 NOT_ALLOWED and closes the connection', async () => {
    const conn = await h.connect();
    const gone = closed(conn);
    const ch = await conn.createChannel();
    ch.on('error', () => {});
    const q = await ch.assertQueue('', { exclusive: true });
    await ch.consume(q.queue, () => {}, { consumerTag: 'mine' });
    await expect(ch.consume(q.queue, () => {}, { consumerTag: 'mine' })).rejects.toThrow();
    const err = await gone;
    expect(err.code).toBe(530);
    expect(err.message).toMatch(/NOT_ALLOWED - attempt to reuse consumer tag 'mine'/);
  });

  test('a wrong password is refused with 403', async () => {
    await expect(amqp.connect(`amqp://guest:wrong@127.0.0.1:${h.listener.port}`)).rejects.toThrow(/403.*ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN/);
  });

  test('a missing vhost is refused with connection.close instead of open-ok', async () => {
    // amqplib reports only that it got a close (the 530 text is checked in handshake.test.ts).
    await expect(amqp.connect(`amqp://guest:guest@127.0.0.1:${h.listener.port}/nowhere`)).rejects.toThrow(/Expected ConnectionOpenOk; got <ConnectionClose/);
  });

  test('the engine reports protocol errors as events', async () => {
    const seen: number[] = [];
    const off = h.broker.events.on('error', (e) => seen.push(e.error.code));
    const ch = await h.channel();
    await expect(ch.checkExchange('nothing-here')).rejects.toThrow();
    expect(seen).toContain(404);
    off();
  });
});
