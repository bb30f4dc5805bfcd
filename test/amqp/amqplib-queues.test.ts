/** Queue features seen through amqplib: TTL, dead-lettering with x-death, length limits, priorities, exclusivity, quorum delivery limits. */
import type { Channel, ConfirmChannel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { collect, nextMessage, startHarness } from './support/amqp-harness.ts';
import type { Harness } from './support/amqp-harness.ts';

let h: Harness;
let ch: Channel;
beforeAll(async () => {
  h = await startHarness();
  ch = await h.channel();
});
afterAll(() => h.close());

/** A queue dead-lettering to a fresh exclusive queue through a fanout DLX. */
async function withDlx(name: string, args: Record<string, unknown>): Promise<{ queue: string; dlq: string }> {
  await ch.assertExchange(`${name}.dlx`, 'fanout', { autoDelete: true });
  const dlq = await ch.assertQueue('', { exclusive: true });
  await ch.bindQueue(dlq.queue, `${name}.dlx`, '');
  const q = await ch.assertQueue(name, { exclusive: true, arguments: { 'x-dead-letter-exchange': `${name}.dlx`, ...args } });
  return { queue: q.queue, dlq: dlq.queue };
}

async function drain(queue: string): Promise<string[]> {
  const out: string[] = [];
  for (let m = await ch.get(queue, { noAck: true }); m !== false; m = await ch.get(queue, { noAck: true })) out.push(m.content.toString());
  return out;
}

describe('TTL and dead-lettering', () => {
  test('an expired message is dead-lettered with reason expired', async () => {
    const { dlq } = await withDlx('q.ttl', { 'x-message-ttl': 10 });
    ch.sendToQueue('q.ttl', Buffer.from('old'));
    const m = await nextMessage(ch, dlq);
    expect(m.content.toString()).toBe('old');
    const death = (m.properties.headers?.['x-death'] as unknown as Record<string, unknown>[])[0]!;
    expect(death).toMatchObject({ queue: 'q.ttl', reason: 'expired', count: 1, exchange: '', 'routing-keys': ['q.ttl'] });
    expect(m.properties.headers?.['x-first-death-reason']).toBe('expired');
  });

  test('a per-message expiration expires it too; the lower TTL wins', async () => {
    const { dlq } = await withDlx('q.expiration', { 'x-message-ttl': 60_000 });
    ch.sendToQueue('q.expiration', Buffer.from('short'), { expiration: '5' });
    const m = await nextMessage(ch, dlq);
    expect(m.content.toString()).toBe('short');
    expect(m.properties.expiration).toBeUndefined();
  });

  test('a rejected message reaches the DLX with an x-death entry the client can read', async () => {
    const { queue, dlq } = await withDlx('q.rejects', {});
    ch.sendToQueue(queue, Buffer.from('bad'), { headers: { id: 7 } });
    const m = await nextMessage(ch, queue, false);
    ch.nack(m, false, false);
    const dead = await nextMessage(ch, dlq);
    const deaths = dead.properties.headers?.['x-death'] as unknown as Record<string, unknown>[];
    expect(deaths).toHaveLength(1);
    expect(deaths[0]).toMatchObject({ queue: 'q.rejects', reason: 'rejected', count: 1 });
    expect(deaths[0]!['time']).toBeDefined();
    expect(dead.properties.headers).toMatchObject({ id: 7, 'x-first-death-queue': 'q.rejects', 'x-first-death-exchange': '' });
  });
});

describe('length limits', () => {
  test('drop-head keeps the newest messages', async () => {
    const q = await ch.assertQueue('', { exclusive: true, arguments: { 'x-max-length': 2 } });
    for (const b of ['1', '2', '3']) ch.sendToQueue(q.queue, Buffer.from(b));
    expect(await drain(q.queue)).toEqual(['2', '3']);
  });

  test('reject-publish nacks the overflowing publish', async () => {
    const cc: ConfirmChannel = await h.confirmChannel();
    const q = await cc.assertQueue('', { exclusive: true, arguments: { 'x-max-length': 1, 'x-overflow': 'reject-publish' } });
    const outcome = (body: string) => new Promise<string>((resolve) => cc.sendToQueue(q.queue, Buffer.from(body), {}, (err) => resolve(err ? 'nack' : 'ack')));
    expect(await Promise.all([outcome('a'), outcome('b')])).toEqual(['ack', 'nack']);
  });

  test('reject-publish-dlx also dead-letters the refused message with reason maxlen', async () => {
    const { queue, dlq } = await withDlx('q.maxlen', { 'x-max-length': 1, 'x-overflow': 'reject-publish-dlx' });
    ch.sendToQueue(queue, Buffer.from('kept'));
    ch.sendToQueue(queue, Buffer.from('refused'));
    const m = await nextMessage(ch, dlq);
    expect(m.content.toString()).toBe('refused');
    expect((m.properties.headers?.['x-death'] as unknown as Record<string, unknown>[])[0]).toMatchObject({ reason: 'maxlen' });
    expect(await drain(queue)).toEqual(['kept']);
  });
});

describe('priorities, exclusivity and quorum queues', () => {
  test('higher priorities are delivered first', async () => {
    const q = await ch.assertQueue('', { exclusive: true, arguments: { 'x-max-priority': 10 } });
    for (const p of [1, 5, 9, 0]) ch.sendToQueue(q.queue, Buffer.from(String(p)), { priority: p });
    expect(await drain(q.queue)).toEqual(['9', '5', '1', '0']);
  });

  test('another connection using an exclusive queue gets 405 RESOURCE_LOCKED', async () => {
    const q = await ch.assertQueue('', { exclusive: true });
    const other = await h.channel();
    await expect(other.consume(q.queue, () => {})).rejects.toThrow(/405.*RESOURCE_LOCKED - cannot obtain exclusive access to locked queue/);
  });

  test('a quorum queue dead-letters a message past x-delivery-limit and counts deliveries', async () => {
    await ch.assertExchange('qq.dlx', 'fanout', { autoDelete: true });
    const dlq = await ch.assertQueue('', { exclusive: true });
    await ch.bindQueue(dlq.queue, 'qq.dlx', '');
    await ch.assertQueue('qq.limited', { durable: true, arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 1, 'x-dead-letter-exchange': 'qq.dlx' } });
    ch.sendToQueue('qq.limited', Buffer.from('poison'));
    const first = await nextMessage(ch, 'qq.limited', false);
    ch.nack(first, false, true);
    const second = await nextMessage(ch, 'qq.limited', false);
    expect(second.fields.redelivered).toBe(true);
    expect(Number(second.properties.headers?.['x-delivery-count'])).toBe(1);
    ch.nack(second, false, true);
    const dead = await nextMessage(ch, dlq.queue);
    expect((dead.properties.headers?.['x-death'] as unknown as Record<string, unknown>[])[0]).toMatchObject({ queue: 'qq.limited', reason: 'delivery_limit' });
    await ch.deleteQueue('qq.limited');
  });

  test('a consumer reads what was published before it subscribed, in order', async () => {
    const q = await ch.assertQueue('', { exclusive: true });
    for (let i = 0; i < 50; i++) ch.sendToQueue(q.queue, Buffer.from(String(i)));
    const got = await collect(ch, q.queue, 50);
    expect(got.map((m) => Number(m.content.toString()))).toEqual([...Array(50).keys()]);
  });
});
