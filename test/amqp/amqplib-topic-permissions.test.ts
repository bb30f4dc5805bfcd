/**
 * Topic authorisation over real TCP with amqplib. Every text below was observed
 * on RabbitMQ 3.10.8 with the same calls (user guest, topic exchange tx1,
 * `rabbitmqctl set_topic_permissions -p / guest tx1 '^(a\.|{username}\.|v\.{vhost}$)' '^r\.'`).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { closed, collect, nextMessage, startHarness } from './support/amqp-harness.ts';
import type { Harness } from './support/amqp-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.broker.execute({ type: 'topic-permission.set', user: 'guest', vhost: '/', exchange: 'tx1', write: '^(a\\.|{username}\\.|v\\.{vhost}$)', read: '^r\\.' });
  h.broker.execute({ type: 'topic-permission.set', user: 'guest', vhost: '/', exchange: 'dx1', write: '^nothing$', read: '^nothing$' });
  const ch = await h.channel();
  await ch.assertExchange('tx1', 'topic', { durable: false });
  await ch.assertExchange('tx2', 'topic', { durable: false });
  await ch.assertExchange('dx1', 'direct', { durable: false });
  await ch.assertQueue('tq1', { durable: false });
  await ch.bindQueue('tq1', 'tx1', 'r.#');
  await ch.bindQueue('tq1', 'dx1', 'x.y');
});
afterAll(() => h.close());

const refused = (key: string) => `403 (ACCESS-REFUSED) with message "ACCESS_REFUSED - access to topic '${key}' in exchange 'tx1' in vhost '/' refused for user 'guest'"`;

describe('basic.publish to a topic exchange', () => {
  test('a routing key outside write closes the channel with 403; the connection and other channels go on', async () => {
    const conn = await h.connect();
    const other = await conn.createChannel();
    const ch = await conn.createChannel();
    ch.on('error', () => {});
    const done = closed(ch);
    ch.publish('tx1', 'x.y', Buffer.from('m'));
    expect((await done).message).toBe(`Channel closed by server: ${refused('x.y')}`);
    await expect(other.checkQueue('tq1')).resolves.toMatchObject({ queue: 'tq1' });
    const again = await conn.createChannel();
    await expect(again.checkExchange('tx1')).resolves.toBeDefined();
  });

  test('on a confirm channel the publish is never confirmed: the callback gets the channel closing', async () => {
    const ch = await h.confirmChannel();
    const done = closed(ch);
    const confirmed = new Promise<unknown>((resolve) => ch.publish('tx1', 'x.y', Buffer.from('m'), {}, (err) => resolve(err)));
    expect((await done).message).toBe(`Channel closed by server: ${refused('x.y')}`);
    expect(String(await confirmed)).toMatch(/channel closed/);
  });

  test('an allowed key, and keys allowed through {username} and {vhost}, publish and route', async () => {
    const ch = await h.confirmChannel();
    await ch.assertQueue('all-of-tx1', { durable: false });
    // Bound by the broker itself ('#' is outside guest's read), which topic authorisation never checks.
    h.broker.execute({ type: 'binding.add', vhost: '/', source: 'tx1', destination: 'all-of-tx1', destinationType: 'queue', routingKey: '#', arguments: {} });
    for (const key of ['a.b', 'guest.x', 'v./']) {
      await new Promise<void>((resolve, reject) => ch.publish('tx1', key, Buffer.from(key), {}, (err) => (err ? reject(err) : resolve())));
    }
    const got = await collect(ch, 'all-of-tx1', 3);
    expect(got.map((m) => m.fields.routingKey)).toEqual(['a.b', 'guest.x', 'v./']);
  });

  test('a topic permission on a direct exchange does nothing', async () => {
    const ch = await h.channel();
    ch.publish('dx1', 'x.y', Buffer.from('direct'));
    const msg = await nextMessage(ch, 'tq1');
    expect(msg.content.toString()).toBe('direct');
  });
});

describe('bindings on a topic exchange', () => {
  test.each([
    ['queue.bind', (ch: import('amqplib').Channel) => ch.bindQueue('tq1', 'tx1', 'z.#'), 'QueueBind'],
    ['queue.unbind', (ch: import('amqplib').Channel) => ch.unbindQueue('tq1', 'tx1', 'z.#'), 'QueueUnbind'],
    ['exchange.bind with tx1 as source', (ch: import('amqplib').Channel) => ch.bindExchange('tx2', 'tx1', 'z.#'), 'ExchangeBind'],
  ])('%s with a key outside read is refused with 403', async (_op, run, method) => {
    const ch = await h.channel();
    await expect(run(ch)).rejects.toThrow(`Operation failed: ${method}; ${refused('z.#')}`);
  });

  test('a key inside read binds; the destination exchange is not checked', async () => {
    const ch = await h.channel();
    await expect(ch.bindQueue('tq1', 'tx1', 'r.more')).resolves.toBeDefined();
    await expect(ch.bindExchange('tx1', 'tx2', 'z.#')).resolves.toBeDefined();
    expect(h.broker.vhost('/')!.bindings.size).toBeGreaterThan(0);
  });
});
