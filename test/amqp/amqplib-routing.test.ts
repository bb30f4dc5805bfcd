/** Routing through the wire with amqplib: every exchange type, the default exchange, e2e bindings and alternate exchanges. */
import type { Channel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness } from './support/amqp-harness.ts';
import type { Harness } from './support/amqp-harness.ts';

let h: Harness;
let ch: Channel;
beforeAll(async () => {
  h = await startHarness();
  ch = await h.channel();
});
afterAll(() => h.close());

/** Declare exclusive queues bound to `exchange`, publish, and report which queues got which bodies. */
async function route(exchange: string, bindings: Record<string, { key?: string; args?: Record<string, unknown> }[]>, publishes: { key: string; body: string; headers?: Record<string, unknown> }[]): Promise<Record<string, string[]>> {
  const names: Record<string, string> = {};
  for (const [label, bs] of Object.entries(bindings)) {
    const q = await ch.assertQueue('', { exclusive: true });
    names[label] = q.queue;
    for (const b of bs) await ch.bindQueue(q.queue, exchange, b.key ?? '', b.args);
  }
  for (const p of publishes) ch.publish(exchange, p.key, Buffer.from(p.body), p.headers ? { headers: p.headers } : {});
  await ch.checkQueue(Object.values(names)[0]!); // a round trip: every publish before it has been routed
  const out: Record<string, string[]> = {};
  for (const [label, q] of Object.entries(names)) {
    out[label] = [];
    for (let m = await ch.get(q, { noAck: true }); m !== false; m = await ch.get(q, { noAck: true })) out[label]!.push(m.content.toString());
  }
  return out;
}

describe('exchange types', () => {
  test('direct routes on the exact key', async () => {
    await ch.assertExchange('r.direct', 'direct', { autoDelete: true });
    const got = await route('r.direct', { a: [{ key: 'red' }], b: [{ key: 'red' }, { key: 'blue' }] }, [
      { key: 'red', body: '1' }, { key: 'blue', body: '2' }, { key: 'green', body: '3' },
    ]);
    expect(got).toEqual({ a: ['1'], b: ['1', '2'] });
  });

  test('fanout copies to every bound queue and ignores the key', async () => {
    await ch.assertExchange('r.fanout', 'fanout', { autoDelete: true });
    const got = await route('r.fanout', { a: [{}], b: [{ key: 'whatever' }] }, [{ key: 'x', body: 'm' }]);
    expect(got).toEqual({ a: ['m'], b: ['m'] });
  });

  test('topic: * is one word, # is zero or more', async () => {
    await ch.assertExchange('r.topic', 'topic', { autoDelete: true });
    const got = await route('r.topic', { star: [{ key: 'a.*.c' }], hash: [{ key: 'a.#' }], all: [{ key: '#' }] }, [
      { key: 'a.b.c', body: '1' }, { key: 'a', body: '2' }, { key: 'a.b.b.c', body: '3' }, { key: 'x.b.c', body: '4' }, { key: '', body: '5' },
    ]);
    expect(got).toEqual({ star: ['1'], hash: ['1', '2', '3'], all: ['1', '2', '3', '4', '5'] });
  });

  test('headers: x-match all and any', async () => {
    await ch.assertExchange('r.headers', 'headers', { autoDelete: true });
    const got = await route(
      'r.headers',
      { all: [{ args: { 'x-match': 'all', kind: 'pdf', size: 'big' } }], any: [{ args: { 'x-match': 'any', kind: 'pdf', size: 'big' } }] },
      [
        { key: '', body: 'both', headers: { kind: 'pdf', size: 'big' } },
        { key: '', body: 'one', headers: { kind: 'pdf' } },
        { key: '', body: 'none', headers: { kind: 'txt' } },
      ],
    );
    expect(got).toEqual({ all: ['both'], any: ['both', 'one'] });
  });

  test('the default exchange routes to the queue named by the key', async () => {
    const q = await ch.assertQueue('', { exclusive: true });
    ch.sendToQueue(q.queue, Buffer.from('direct to queue'));
    await ch.checkQueue(q.queue);
    const m = await ch.get(q.queue, { noAck: true });
    expect(m && m.content.toString()).toBe('direct to queue');
    expect(m && m.fields.exchange).toBe('');
  });
});

describe('exchange-to-exchange and alternate exchanges', () => {
  test('a message crosses an exchange-to-exchange binding until it is removed', async () => {
    await ch.assertExchange('r.src', 'topic');
    await ch.assertExchange('r.dst', 'fanout');
    await ch.bindExchange('r.dst', 'r.src', 'orders.*');
    const q = await ch.assertQueue('', { exclusive: true });
    await ch.bindQueue(q.queue, 'r.dst', '');
    ch.publish('r.src', 'orders.new', Buffer.from('o1'));
    ch.publish('r.src', 'users.new', Buffer.from('u1'));
    expect((await ch.checkQueue(q.queue)).messageCount).toBe(1);
    await ch.unbindExchange('r.dst', 'r.src', 'orders.*');
    ch.publish('r.src', 'orders.new', Buffer.from('o2'));
    expect((await ch.checkQueue(q.queue)).messageCount).toBe(1);
    await ch.deleteExchange('r.src');
    await ch.deleteExchange('r.dst');
  });

  test('unroutable messages go to the alternate exchange', async () => {
    await ch.assertExchange('r.ae', 'fanout', { autoDelete: true });
    await ch.assertExchange('r.main', 'direct', { autoDelete: true, alternateExchange: 'r.ae' });
    const lost = await ch.assertQueue('', { exclusive: true });
    await ch.bindQueue(lost.queue, 'r.ae', '');
    const main = await ch.assertQueue('', { exclusive: true });
    await ch.bindQueue(main.queue, 'r.main', 'known');
    ch.publish('r.main', 'known', Buffer.from('k'));
    ch.publish('r.main', 'unknown', Buffer.from('u'));
    await ch.checkQueue(lost.queue);
    const m = await ch.get(lost.queue, { noAck: true });
    expect(m && [m.content.toString(), m.fields.exchange, m.fields.routingKey]).toEqual(['u', 'r.main', 'unknown']);
    expect((await ch.checkQueue(main.queue)).messageCount).toBe(1);
  });
});
