import { describe, expect, test } from 'vitest';
import type { Channel } from '../../engine/core/channel.ts';
import type { FieldTable } from '../../engine/core/field-value.ts';
import { EngineHarness, declareQueue } from '../support/engine-harness.ts';
import { ctxOf, drain, expectAmqpError, publish, queueDeclare, queueOf } from '../support/core-helpers.ts';

const QUORUM = { 'x-queue-type': 'quorum' } as const;

/** A broker with a durable quorum queue `qq` (extra arguments merged in). */
function withQuorum(args: FieldTable = {}) {
  const h = new EngineHarness();
  const { ch, sink, conn } = h.channel();
  declareQueue(ch, 'qq', { ...QUORUM, ...args }, { durable: true });
  return { h, ch, sink, conn };
}

/** Fetch and requeue the head of `qq` `n` times; returns the x-delivery-count seen each time. */
function bounce(ch: Channel, n: number): (number | undefined)[] {
  const seen: (number | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    const r = ch.get('qq', false);
    if (!r) break;
    const c = r.properties.headers?.['x-delivery-count'] as { value: number } | undefined;
    seen.push(c?.value);
    ch.nack(r.deliveryTag, false, true);
  }
  return seen;
}

describe('quorum queue declaration', () => {
  type DeclareOpts = NonNullable<Parameters<typeof queueDeclare>[1]> & { name?: string };
  const qd = ({ name = 'qq', ...over }: DeclareOpts) => queueDeclare(name, { durable: true, arguments: { ...QUORUM }, ...over });

  // Wording observed on RabbitMQ 3.10.8; rabbit_quorum_queue:declare (4.x) checks auto-delete,
  // then exclusive, then durability.
  test.each<[string, DeclareOpts, string]>([
    ['non-durable', { durable: false }, "invalid property 'non-durable' for queue 'qq' in vhost '/'"],
    ['exclusive', { exclusive: true }, "invalid property 'exclusive-owner' for queue 'qq' in vhost '/'"],
    ['auto-delete', { autoDelete: true }, "invalid property 'auto-delete' for queue 'qq' in vhost '/'"],
    ['exclusive, auto-delete and non-durable', { exclusive: true, autoDelete: true, durable: false }, "invalid property 'auto-delete' for queue 'qq' in vhost '/'"],
    ['exclusive and durable', { exclusive: true, durable: true }, "invalid property 'exclusive-owner' for queue 'qq' in vhost '/'"],
  ])('a %s quorum queue is refused with 406', (_t, over, detail) => {
    const h = new EngineHarness();
    const { conn } = h.channel();
    expectAmqpError(() => h.broker.execute(qd(over), ctxOf(conn)), 406, 'channel', `PRECONDITION_FAILED - ${detail}`);
  });

  test('a server-named quorum queue is refused with 406 (observed on 3.10.8)', () => {
    const h = new EngineHarness();
    expectAmqpError(() => h.broker.execute(qd({ name: '' })), 406, 'channel', 'PRECONDITION_FAILED - Cannot declare a server-named queue for type rabbit_quorum_queue');
  });

  // rabbit_quorum_queue:capabilities() has no x-max-priority; observed on 3.10.8.
  test('x-max-priority is refused on a quorum queue', () => {
    const h = new EngineHarness();
    expectAmqpError(() => h.broker.execute(qd({ arguments: { ...QUORUM, 'x-max-priority': 5 } })), 406, 'channel',
      "PRECONDITION_FAILED - invalid arg 'x-max-priority' for queue 'qq' in vhost '/' of queue type rabbit_quorum_queue");
  });

  // rabbit_quorum_queue:overflow/3 logs a warning and falls back to drop-head.
  test('x-overflow reject-publish-dlx is accepted and behaves as drop-head', () => {
    const { h, ch } = withQuorum({ 'x-max-length': 1, 'x-overflow': 'reject-publish-dlx' });
    ch.confirmSelect();
    publish(ch, '', 'qq', 'a');
    publish(ch, '', 'qq', 'b');
    expect(drain(ch, 'qq')).toEqual(['b']);
    expect(queueOf(h, 'qq').settings.overflow).toBe('drop-head');
  });

  test('a vhost whose default type is quorum makes plain durable queues quorum, but not exclusive ones', () => {
    const h = new EngineHarness();
    h.broker.execute({ type: 'vhost.add', name: 'qv', defaultQueueType: 'quorum' });
    const conn = h.connect(undefined, 'qv');
    const base = { type: 'queue.declare', vhost: 'qv', exclusive: false, autoDelete: false, arguments: {} } as const;
    h.broker.execute({ ...base, name: 'durable', durable: true }, ctxOf(conn));
    h.broker.execute({ ...base, name: 'excl', durable: true, exclusive: true }, ctxOf(conn));
    h.broker.execute({ ...base, name: 'transient', durable: false }, ctxOf(conn));
    expect(['durable', 'excl', 'transient'].map((n) => queueOf(h, n, 'qv').type)).toEqual(['quorum', 'classic', 'classic']);
  });
});

describe('quorum poison-message handling', () => {
  test('redeliveries carry x-delivery-count; the first delivery does not', () => {
    const { ch } = withQuorum();
    publish(ch, '', 'qq');
    expect(bounce(ch, 4)).toEqual([undefined, 1, 2, 3]);
  });

  test('consumers see x-delivery-count and redelivered=true too', () => {
    const { ch, sink } = withQuorum();
    publish(ch, '', 'qq');
    ch.consume('qq', 'c', false, false, {});
    ch.nack(1, false, true);
    const [first, second] = sink.deliveries;
    expect(first?.properties.headers?.['x-delivery-count']).toBeUndefined();
    expect(second?.redelivered).toBe(true);
    expect(second?.properties.headers?.['x-delivery-count']).toEqual({ $type: 'int64', value: 1 });
  });

  // docs/quorum-queues §poison-message-handling: the default limit is 20 since 4.0. The message is
  // delivered 21 times; the 21st return dead-letters it (rabbit_fifo: delivery_count > limit).
  test('the default x-delivery-limit is 20', () => {
    const { ch } = withQuorum();
    publish(ch, '', 'qq');
    const seen = bounce(ch, 30);
    expect(seen).toHaveLength(21);
    expect(seen.at(-1)).toBe(20);
    expect(ch.get('qq', true)).toBeUndefined();
  });

  test.each([
    [0, 1],
    [1, 2],
    [3, 4],
  ])('with x-delivery-limit %i a message is delivered %i times', (limit, deliveries) => {
    const { ch } = withQuorum({ 'x-delivery-limit': limit });
    publish(ch, '', 'qq');
    expect(bounce(ch, 10)).toHaveLength(deliveries);
  });

  test('x-delivery-limit -1 means no limit', () => {
    const { ch } = withQuorum({ 'x-delivery-limit': -1 });
    publish(ch, '', 'qq');
    expect(bounce(ch, 50)).toHaveLength(50);
  });

  test('past the limit the message is dead-lettered with reason delivery_limit', () => {
    const { h, ch } = withQuorum({ 'x-delivery-limit': 1, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'poison' });
    declareQueue(ch, 'poison');
    publish(ch, '', 'qq', 'bad');
    bounce(ch, 5);
    const r = ch.get('poison', true)!;
    expect(new TextDecoder().decode(r.message.body)).toBe('bad');
    expect((r.properties.headers?.['x-death'] as FieldTable[])[0]).toMatchObject({ reason: 'delivery_limit', queue: 'qq', count: { $type: 'int64', value: 1 } });
    expect(queueOf(h, 'qq').counters.deadLetteredDeliveryLimit).toBe(1);
  });

  test('closing the channel counts as a failed delivery', () => {
    const { h, ch } = withQuorum({ 'x-delivery-limit': 1 });
    publish(ch, '', 'qq');
    for (let i = 0; i < 2; i++) {
      const { ch: c } = h.channel();
      c.get('qq', false);
      c.close();
    }
    expect(ch.get('qq', true)).toBeUndefined();
  });

  test('a reject without requeue dead-letters with reason rejected, not delivery_limit', () => {
    const { ch } = withQuorum({ 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' });
    declareQueue(ch, 'dlq');
    publish(ch, '', 'qq');
    ch.reject(ch.get('qq', false)!.deliveryTag, false);
    expect(ch.get('dlq', true)?.properties.headers?.['x-first-death-reason']).toBe('rejected');
  });
});

describe('quorum consumers', () => {
  // docs/consumers.md §exclusivity: quorum queues ignore the exclusive consume flag.
  test('ignore the exclusive flag on basic.consume', () => {
    const { h, ch } = withQuorum();
    ch.consume('qq', 'first', false, true, {});
    const other = h.channel();
    expect(() => other.ch.consume('qq', 'second', false, false, {})).not.toThrow();
    expect(queueOf(h, 'qq').consumerCount).toBe(2);
  });
});

describe('quorum single active consumer with consumer priorities', () => {
  // RabbitMQ 3.13+ (rabbitmq-server commit 203b671, "SAC consumer priority"): a higher-priority
  // consumer is activated; if the active one has pending messages it gets no more, and the switch
  // happens once they are settled, to keep the processing order.
  const SAC = { 'x-single-active-consumer': true };

  test('a higher-priority newcomer takes over once the active consumer has settled its messages', () => {
    const { h, ch, sink } = withQuorum(SAC);
    ch.qos(0, 5, false);
    ch.consume('qq', 'A', false, false, {});
    publish(ch, '', 'qq', '1');
    ch.consume('qq', 'B', false, false, { 'x-priority': 5 });
    publish(ch, '', 'qq', '2');
    expect(sink.deliveries.map((d) => `${d.consumerTag}:${d.body}`)).toEqual(['A:1']);
    expect(queueOf(h, 'qq').activeConsumer?.tag).toBe('A');
    ch.ack(1, false);
    expect(sink.deliveries.map((d) => `${d.consumerTag}:${d.body}`)).toEqual(['A:1', 'B:2']);
    expect(queueOf(h, 'qq').activeConsumer?.tag).toBe('B');
  });

  test('an idle active consumer hands over at once', () => {
    const { h, ch, sink } = withQuorum(SAC);
    ch.consume('qq', 'A', false, false, {});
    ch.consume('qq', 'B', false, false, { 'x-priority': 5 });
    expect(queueOf(h, 'qq').activeConsumer?.tag).toBe('B');
    publish(ch, '', 'qq', '1');
    expect(sink.deliveries.map((d) => d.consumerTag)).toEqual(['B']);
  });

  test('a newcomer of equal or lower priority waits', () => {
    const { h, ch } = withQuorum(SAC);
    ch.consume('qq', 'A', false, false, { 'x-priority': 5 });
    ch.consume('qq', 'B', false, false, { 'x-priority': 5 });
    ch.consume('qq', 'C', false, false, {});
    expect(queueOf(h, 'qq').activeConsumer?.tag).toBe('A');
  });

  // Observed on RabbitMQ 3.10.8 for a classic queue: priority only decides the failover.
  test('classic queues keep their active consumer when a higher-priority one arrives', () => {
    const h = new EngineHarness();
    const { ch } = h.channel();
    declareQueue(ch, 'cq', SAC);
    ch.consume('cq', 'A', false, false, {});
    ch.consume('cq', 'B', false, false, { 'x-priority': 5 });
    expect(queueOf(h, 'cq').activeConsumer?.tag).toBe('A');
  });
});

describe('quorum requeue order', () => {
  /** `qq` holding a, b, c, d with a and b fetched on a second channel. */
  function twoHeld() {
    const q = withQuorum();
    for (const b of ['a', 'b', 'c', 'd']) publish(q.ch, '', 'qq', b);
    const other = q.h.channel(q.conn);
    const a = other.ch.get('qq', false)!;
    const b = other.ch.get('qq', false)!;
    /** The queue's bodies, with * for redelivered and the x-delivery-count when present. */
    const order = () => {
      const out: string[] = [];
      for (let r = q.ch.get('qq', true); r; r = q.ch.get('qq', true)) {
        const n = r.properties.headers?.['x-delivery-count'] as { value: number } | undefined;
        out.push(`${new TextDecoder().decode(r.message.body)}${r.redelivered ? '*' : ''}${n?.value ?? ''}`);
      }
      return out;
    };
    return { ...q, other, a, b, order };
  }

  // Each order observed on RabbitMQ 3.10.8; rabbit_fifo (4.x) appends a #requeue at the tail.
  test.each<[string, (t: ReturnType<typeof twoHeld>) => void, string[]]>([
    ['basic.reject requeues at the tail, in the order rejected', (t) => (t.other.ch.reject(t.b.deliveryTag, true), t.other.ch.reject(t.a.deliveryTag, true)), ['c', 'd', 'b*1', 'a*1']],
    ['basic.nack multiple requeues at the tail', (t) => t.other.ch.nack(t.b.deliveryTag, true, true), ['c', 'd', 'a*1', 'b*1']],
    ['basic.recover requeues at the tail', (t) => t.other.ch.recover(true), ['c', 'd', 'a*1', 'b*1']],
    ['a channel close returns the messages to the front', (t) => t.other.ch.close(), ['a*1', 'b*1', 'c', 'd']],
  ])('%s', (_t, act, expected) => {
    const t = twoHeld();
    act(t);
    expect(t.order()).toEqual(expected);
  });
});
