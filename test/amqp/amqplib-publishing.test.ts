/** Publishing through amqplib: confirms, mandatory returns, transactions, direct reply-to and consumer cancel notifications. */
import type { ConsumeMessage, Message } from 'amqplib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { collect, startHarness } from './support/amqp-harness.ts';
import type { Harness } from './support/amqp-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('publisher confirms', () => {
  test('every publish is confirmed, in order', async () => {
    const ch = await h.confirmChannel();
    const q = await ch.assertQueue('', { exclusive: true });
    const acks: number[] = [];
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => new Promise<void>((resolve, reject) => ch.sendToQueue(q.queue, Buffer.from(String(i)), {}, (err) => (err ? reject(err) : (acks.push(i), resolve()))))),
    );
    expect(acks).toEqual([...Array(200).keys()]);
    expect((await ch.checkQueue(q.queue)).messageCount).toBe(200);
  });

  test('an unroutable mandatory message is returned before it is confirmed', async () => {
    const ch = await h.confirmChannel();
    const events: string[] = [];
    ch.on('return', (m: Message) => events.push(`return ${m.fields.routingKey} ${(m.fields as { replyCode?: number }).replyCode ?? ''}`.trim()));
    await new Promise<void>((resolve) => ch.publish('', 'no-such-queue', Buffer.from('x'), { mandatory: true }, () => (events.push('ack'), resolve())));
    expect(events).toEqual(['return no-such-queue 312', 'ack']);
  });

  test('an unroutable message without mandatory is confirmed and dropped', async () => {
    const ch = await h.confirmChannel();
    const returned: Message[] = [];
    ch.on('return', (m: Message) => returned.push(m));
    ch.publish('amq.direct', 'nobody', Buffer.from('x'));
    await ch.waitForConfirms();
    expect(returned).toEqual([]);
  });
});

describe('transactions', () => {
  test('publishes and acks take effect on commit only', async () => {
    const conn = await h.connect();
    const ch = await conn.createChannel();
    const q = await ch.assertQueue('', { exclusive: true });
    ch.sendToQueue(q.queue, Buffer.from('pending'));
    const tx = await conn.createChannel();
    // amqplib has no tx API: its generic RPC sends tx.select / tx.commit / tx.rollback.
    const rpc = (method: string) => (tx as unknown as { rpc(id: number, f: object, expect: number): Promise<unknown> }).rpc(method === 'select' ? 5898250 : method === 'commit' ? 5898260 : 5898270, {}, method === 'select' ? 5898251 : method === 'commit' ? 5898261 : 5898271);
    await rpc('select');
    tx.sendToQueue(q.queue, Buffer.from('rolled back'));
    await rpc('rollback');
    expect((await ch.checkQueue(q.queue)).messageCount).toBe(1);
    tx.sendToQueue(q.queue, Buffer.from('committed'));
    expect((await ch.checkQueue(q.queue)).messageCount).toBe(1);
    await rpc('commit');
    expect((await ch.checkQueue(q.queue)).messageCount).toBe(2);
    const got = await collect(ch, q.queue, 2, { noAck: true });
    expect(got.map((m) => m.content.toString())).toEqual(['pending', 'committed']);
  });
});

describe('direct reply-to', () => {
  test('the RPC tutorial pattern works over amq.rabbitmq.reply-to', async () => {
    const server = await h.channel();
    const rpcQueue = await server.assertQueue('', { exclusive: true });
    await server.consume(rpcQueue.queue, (m) => {
      const n = Number(m!.content.toString());
      server.sendToQueue(m!.properties.replyTo as string, Buffer.from(String(n * n)), { correlationId: m!.properties.correlationId as string });
      server.ack(m!);
    });
    const client = await h.channel();
    let resolveAnswer: (m: ConsumeMessage) => void = () => {};
    const answer = new Promise<ConsumeMessage>((resolve) => (resolveAnswer = resolve));
    await client.consume('amq.rabbitmq.reply-to', (m) => resolveAnswer(m!), { noAck: true });
    client.sendToQueue(rpcQueue.queue, Buffer.from('12'), { replyTo: 'amq.rabbitmq.reply-to', correlationId: 'c-1' });
    const m = await answer;
    expect([m.content.toString(), m.properties.correlationId]).toEqual(['144', 'c-1']);
  });
});

describe('consumer cancel notification', () => {
  test('deleting a queue cancels its consumers on other connections', async () => {
    const consumer = await h.channel();
    const admin = await h.channel();
    const q = await admin.assertQueue('cancel.me', { autoDelete: false });
    const cancelled = new Promise<null>((resolve) => {
      void consumer.consume(q.queue, (m) => {
        if (m === null) resolve(null);
      });
    });
    await consumer.checkQueue(q.queue);
    await admin.deleteQueue(q.queue);
    expect(await cancelled).toBeNull();
  });
});
