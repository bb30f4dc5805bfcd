/** Consuming through amqplib: prefetch, acknowledgements, redelivery, basic.get, recover and cancel. */
import type { Channel, ConsumeMessage } from 'amqplib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { closed, collect, nextMessage, startHarness } from './support/amqp-harness.ts';
import type { Harness } from './support/amqp-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function queueWith(ch: Channel, bodies: string[]): Promise<string> {
  const q = await ch.assertQueue('', { exclusive: true });
  for (const b of bodies) ch.sendToQueue(q.queue, Buffer.from(b));
  await ch.checkQueue(q.queue);
  return q.queue;
}

describe('prefetch', () => {
  test('a consumer holds at most prefetch-count unacked messages', async () => {
    const ch = await h.channel();
    await ch.prefetch(2);
    const q = await queueWith(ch, ['1', '2', '3', '4', '5']);
    const held: ConsumeMessage[] = [];
    let more: () => void = () => {};
    const twoArrived = new Promise<void>((r) => (more = r));
    await ch.consume(q, (m) => {
      held.push(m!);
      if (held.length === 2) more();
    });
    await twoArrived;
    // A round trip on the channel: had a third delivery been sent, it would have arrived before this reply.
    await ch.checkQueue(q);
    expect(held.map((m) => m.content.toString())).toEqual(['1', '2']);
    expect((await ch.checkQueue(q)).messageCount).toBe(3);
    ch.ack(held[1]!, true);
    await ch.checkQueue(q);
    expect(held.map((m) => m.content.toString())).toEqual(['1', '2', '3', '4']);
  });
});

describe('acknowledgements', () => {
  test('a requeued message comes back with redelivered set', async () => {
    const ch = await h.channel();
    const q = await queueWith(ch, ['again']);
    const first = await nextMessage(ch, q, false);
    expect(first.fields.redelivered).toBe(false);
    ch.nack(first, false, true);
    const second = await nextMessage(ch, q, false);
    expect([second.content.toString(), second.fields.redelivered]).toEqual(['again', true]);
    ch.ack(second);
  });

  test('reject without requeue drops the message', async () => {
    const ch = await h.channel();
    const q = await queueWith(ch, ['gone']);
    ch.reject(await nextMessage(ch, q, false), false);
    expect((await ch.checkQueue(q)).messageCount).toBe(0);
  });

  test('acking an unknown delivery tag closes the channel with 406, not the connection', async () => {
    const conn = await h.connect();
    const ch = await conn.createChannel();
    ch.on('error', () => {});
    const done = closed(ch);
    ch.ack({ fields: { deliveryTag: 42 } } as ConsumeMessage);
    const err = await done;
    expect(err.code).toBe(406);
    expect(err.message).toMatch(/PRECONDITION_FAILED - unknown delivery tag 42/);
    const again = await conn.createChannel();
    expect((await again.assertQueue('', { exclusive: true })).queue).toMatch(/^amq\.gen-/);
  });

  test('closing a channel requeues its unacked messages for other consumers', async () => {
    const a = await h.channel();
    const b = await h.channel();
    const q = await a.assertQueue('', { durable: false, autoDelete: false });
    a.sendToQueue(q.queue, Buffer.from('held'));
    await nextMessage(a, q.queue, false);
    await a.close();
    const m = await nextMessage(b, q.queue);
    expect([m.content.toString(), m.fields.redelivered]).toEqual(['held', true]);
    await b.deleteQueue(q.queue);
  });
});

describe('basic.get, recover and cancel', () => {
  test('basic.get returns messages with the remaining count, then get-empty', async () => {
    const ch = await h.channel();
    const q = await queueWith(ch, ['a', 'b']);
    const m = await ch.get(q);
    expect(m && [m.content.toString(), m.fields.messageCount]).toEqual(['a', 1]);
    ch.ack(m as unknown as ConsumeMessage);
    await ch.get(q, { noAck: true });
    expect(await ch.get(q)).toBe(false);
  });

  test('basic.recover redelivers unacked messages', async () => {
    const ch = await h.channel();
    const q = await queueWith(ch, ['r1', 'r2']);
    const seen: ConsumeMessage[] = [];
    await new Promise<void>((resolve) => {
      void ch.consume(q, (m) => {
        seen.push(m!);
        if (seen.length === 4) resolve();
        if (seen.length === 2) void ch.recover();
      });
    });
    expect(seen.map((m) => [m.content.toString(), m.fields.redelivered])).toEqual([['r1', false], ['r2', false], ['r1', true], ['r2', true]]);
  });

  test('after basic.cancel no more messages arrive, and unacked ones can still be acked', async () => {
    const ch = await h.channel();
    await ch.prefetch(1);
    const q = await queueWith(ch, ['c1', 'c2']);
    const m = await nextMessage(ch, q, false);
    await ch.checkQueue(q);
    ch.ack(m);
    expect((await ch.checkQueue(q)).messageCount).toBe(1);
    expect((await collect(ch, q, 1))[0]!.content.toString()).toBe('c2');
  });
});
