import { describe, expect, test } from 'vitest';
import type { FieldTable } from '../../engine/core/field-value.ts';
import type { RecordingSink } from '../support/engine-harness.ts';
import { EngineHarness, declareQueue } from '../support/engine-harness.ts';
import { expectAmqpError, publish, queueOf, tags } from '../support/core-helpers.ts';

/** A broker with queue `q` (declared with `args`) and one channel. */
function withQueue(args: FieldTable = {}) {
  const h = new EngineHarness();
  const { ch, sink, conn } = h.channel();
  declareQueue(ch, 'q', args);
  const send = (...bodies: string[]) => bodies.forEach((b) => publish(ch, '', 'q', b));
  return { h, ch, sink, conn, send };
}

/** "tag:body" for every delivery, in order. */
const log = (sink: RecordingSink): string[] => sink.deliveries.map((d) => `${d.consumerTag}:${d.body}${d.redelivered ? '*' : ''}`);

describe('delivery tags', () => {
  // Observed on 3.10.8: a get then a consumer on one channel see tags 1, 2, 3.
  test('are per channel and monotonic across basic.get and consumers', () => {
    const { ch, sink, send } = withQueue();
    send('a', 'b', 'c');
    expect(ch.get('q', false)?.deliveryTag).toBe(1);
    ch.consume('q', 'c', false, false, {});
    expect(tags(sink)).toEqual([2, 3]);
  });

  test('start from 1 on every channel', () => {
    const { h, ch, sink, conn, send } = withQueue();
    const other = h.channel(conn);
    ch.consume('q', 'c1', false, false, {});
    other.ch.consume('q', 'c2', false, false, {});
    send('a', 'b', 'c', 'd');
    expect([tags(sink), tags(other.sink)]).toEqual([[1, 2], [1, 2]]);
  });

  test('keep counting after acks and requeues', () => {
    const { ch, sink, send } = withQueue();
    ch.consume('q', 'c', false, false, {});
    send('a');
    ch.nack(1, false, true);
    ch.ack(2, false);
    send('b');
    expect(tags(sink)).toEqual([1, 2, 3]);
  });
});

describe('round-robin', () => {
  // Observed on 3.10.8 with three no-ack consumers and seven messages.
  test('consumers of one priority take turns', () => {
    const { ch, sink, send } = withQueue();
    for (const t of ['a', 'b', 'c']) ch.consume('q', t, true, false, {});
    send('1', '2', '3', '4', '5', '6', '7');
    expect(log(sink)).toEqual(['a:1', 'b:2', 'c:3', 'a:4', 'b:5', 'c:6', 'a:7']);
  });
});

describe('basic.qos prefetch', () => {
  test('global=false limits each consumer', () => {
    const { ch, sink, send } = withQueue();
    ch.qos(0, 2, false);
    ch.consume('q', 'a', false, false, {});
    send('1', '2', '3');
    expect(log(sink)).toEqual(['a:1', 'a:2']);
    ch.ack(1, false);
    expect(log(sink)).toEqual(['a:1', 'a:2', 'a:3']);
  });

  // docs/consumer-prefetch.md: both limits apply at once. Observed on 3.10.8: per consumer 2,
  // per channel 3, two consumers, six messages: a:1, b:2, a:3.
  test('global=false and global=true apply together', () => {
    const { ch, sink, send } = withQueue();
    ch.qos(0, 2, false);
    ch.qos(0, 3, true);
    ch.consume('q', 'a', false, false, {});
    ch.consume('q', 'b', false, false, {});
    send('1', '2', '3', '4', '5', '6');
    expect(log(sink)).toEqual(['a:1', 'b:2', 'a:3']);
    ch.ack(3, false);
    expect(log(sink)).toEqual(['a:1', 'b:2', 'a:3', 'b:4']);
  });

  test('global=true limits the channel across queues', () => {
    const { ch, sink, send } = withQueue();
    declareQueue(ch, 'q2');
    ch.qos(0, 1, true);
    ch.consume('q', 'a', false, false, {});
    ch.consume('q2', 'b', false, false, {});
    send('1');
    publish(ch, '', 'q2', 'x');
    expect(log(sink)).toEqual(['a:1']);
    ch.ack(1, false);
    expect(log(sink)).toEqual(['a:1', 'b:x']);
  });

  // Observed on 3.10.8: a consumer made under prefetch 1 keeps it after qos(3).
  test('a new global=false value applies only to consumers created afterwards', () => {
    const { ch, sink, send } = withQueue();
    ch.qos(0, 1, false);
    ch.consume('q', 'a', false, false, {});
    ch.qos(0, 3, false);
    send('1', '2', '3');
    expect(log(sink)).toEqual(['a:1']);
  });

  test('0 means unlimited, and no-ack consumers ignore the limits', () => {
    const { ch, sink, send } = withQueue();
    ch.qos(0, 1, true);
    ch.consume('q', 'auto', true, false, {});
    send('1', '2', '3');
    expect(sink.deliveries).toHaveLength(3);
  });

  test('prefetch-size other than 0 closes the connection with 540', () => {
    const { ch } = withQueue();
    expectAmqpError(() => ch.qos(1024, 0, false), 540, 'connection', 'NOT_IMPLEMENTED - prefetch_size!=0 (1024)');
  });

  test('a broker default prefetch applies to channels that never sent basic.qos', () => {
    const h = new EngineHarness({ defaultConsumerPrefetch: 2 });
    const { ch, sink } = h.channel();
    declareQueue(ch, 'q');
    ch.consume('q', 'a', false, false, {});
    for (const b of ['1', '2', '3']) publish(ch, '', 'q', b);
    expect(sink.deliveries).toHaveLength(2);
  });
});

describe('consumer priorities (x-priority)', () => {
  // Observed on 3.10.8: high (prefetch 2) takes two, then low (-1, no-ack) gets the rest.
  test('the highest priority consumer gets messages while it has credit', () => {
    const { h, ch, sink, conn, send } = withQueue();
    const hi = h.channel(conn);
    ch.consume('q', 'low', true, false, { 'x-priority': -1 });
    hi.ch.qos(0, 2, false);
    hi.ch.consume('q', 'high', false, false, { 'x-priority': 10 });
    send('1', '2', '3', '4', '5');
    expect([log(hi.sink), log(sink)]).toEqual([['high:1', 'high:2'], ['low:3', 'low:4', 'low:5']]);
  });

  test('consumers of equal priority share round-robin above lower ones', () => {
    const { ch, sink, send } = withQueue();
    ch.consume('q', 'low', true, false, {});
    ch.consume('q', 'h1', true, false, { 'x-priority': 5 });
    ch.consume('q', 'h2', true, false, { 'x-priority': 5 });
    send('1', '2', '3', '4');
    expect(log(sink)).toEqual(['h1:1', 'h2:2', 'h1:3', 'h2:4']);
  });

  // Observed on 3.10.8 (rabbit_amqqueue:check_consume_arguments).
  test('a non-integer x-priority is a 406', () => {
    const { ch } = withQueue();
    expectAmqpError(() => ch.consume('q', 'c', false, false, { 'x-priority': 'high' }), 406, 'channel',
      "PRECONDITION_FAILED - invalid arg 'x-priority' for queue 'q' in vhost '/': \"expected integer, got longstr\"");
  });
});

describe('single active consumer', () => {
  const SAC = { 'x-single-active-consumer': true };

  // Observed on 3.10.8: A gets 1 and 2; after A is cancelled B gets 3.
  test('only the first consumer receives, and the next takes over on cancel', () => {
    const { ch, sink, send } = withQueue(SAC);
    ch.consume('q', 'A', true, false, {});
    ch.consume('q', 'B', true, false, {});
    send('1', '2');
    ch.cancel('A');
    send('3');
    expect(log(sink)).toEqual(['A:1', 'A:2', 'B:3']);
  });

  // Observed on 3.10.8: A's channel closes with 1 unacked; B receives it redelivered.
  test('fails over when the active consumer channel closes, with its unacked messages', () => {
    const { h, ch, sink, conn, send } = withQueue(SAC);
    const a = h.channel(conn);
    a.ch.consume('q', 'A', false, false, {});
    ch.consume('q', 'B', false, false, {});
    send('1');
    a.ch.close();
    expect([log(a.sink), log(sink)]).toEqual([['A:1'], ['B:1*']]);
  });

  // Observed on 3.10.8: after A, the waiting consumer with the highest priority (C) takes over.
  test('hands over to the waiting consumer with the highest priority', () => {
    const { ch, sink, send } = withQueue(SAC);
    ch.consume('q', 'A', true, false, {});
    ch.consume('q', 'B', true, false, {});
    ch.consume('q', 'C', true, false, { 'x-priority': 5 });
    send('1');
    ch.cancel('A');
    send('2');
    expect(log(sink)).toEqual(['A:1', 'C:2']);
  });

  test('a blocked active consumer is not bypassed', () => {
    const { h, ch, sink, send } = withQueue(SAC);
    ch.qos(0, 1, false);
    ch.consume('q', 'A', false, false, {});
    ch.consume('q', 'B', false, false, {});
    send('1', '2');
    expect(log(sink)).toEqual(['A:1']);
    expect(queueOf(h, 'q').messageCount).toBe(1);
  });

  // Observed on 3.10.8: an exclusive consume on a single-active-consumer queue is refused.
  test('refuses an exclusive consumer', () => {
    const { ch } = withQueue(SAC);
    expectAmqpError(() => ch.consume('q', 'x', false, true, {}), 403, 'channel', "ACCESS_REFUSED - queue 'q' in vhost '/' in exclusive use");
  });
});

describe('exclusive consumers', () => {
  // Both directions observed on 3.10.8.
  test('an exclusive consumer refuses every other consumer', () => {
    const { h, ch, conn } = withQueue();
    ch.consume('q', 'only', false, true, {});
    const other = h.channel(conn);
    expectAmqpError(() => other.ch.consume('q', 'second', false, false, {}), 403, 'channel', "ACCESS_REFUSED - queue 'q' in vhost '/' in exclusive use");
  });

  test('an exclusive consume is refused while the queue has consumers', () => {
    const { ch } = withQueue();
    ch.consume('q', 'first', false, false, {});
    expectAmqpError(() => ch.consume('q', 'greedy', false, true, {}), 403, 'channel', "ACCESS_REFUSED - queue 'q' in vhost '/' in exclusive use");
  });

  test('once the exclusive consumer is cancelled others may consume', () => {
    const { ch } = withQueue();
    ch.consume('q', 'only', false, true, {});
    ch.cancel('only');
    expect(() => ch.consume('q', 'next', false, false, {})).not.toThrow();
  });
});

describe('basic.consume and basic.cancel', () => {
  test('a server-generated consumer tag starts with amq.ctag-', () => {
    const { ch } = withQueue();
    expect(ch.consume('q', '', false, false, {})).toMatch(/^amq\.ctag-[A-Za-z0-9_-]{22}$/);
  });

  // Observed on 3.10.8: reusing a tag on one channel closes the connection.
  test('reusing a consumer tag on a channel is a 530 connection error', () => {
    const { ch } = withQueue();
    ch.consume('q', 'c', false, false, {});
    expectAmqpError(() => ch.consume('q', 'c', false, false, {}), 530, 'connection', "NOT_ALLOWED - attempt to reuse consumer tag 'c'");
  });

  test('consuming from a missing queue is a 404', () => {
    const { ch } = withQueue();
    expectAmqpError(() => ch.consume('ghost', 'c', false, false, {}), 404, 'channel', "NOT_FOUND - no queue 'ghost' in vhost '/'");
  });

  test('cancelling an unknown consumer tag succeeds', () => {
    const { ch } = withQueue();
    expect(() => ch.cancel('nobody')).not.toThrow();
  });
});
