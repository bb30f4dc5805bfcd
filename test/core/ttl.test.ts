import { describe, expect, test } from 'vitest';
import type { FieldTable } from '../../engine/core/field-value.ts';
import { EngineHarness, declareQueue } from '../support/engine-harness.ts';
import { drain, expectAmqpError, getBody, publish, queueOf } from '../support/core-helpers.ts';

/** A broker with queue `q` declared with `args`. */
function withQueue(args: FieldTable = {}) {
  const h = new EngineHarness();
  const { ch, sink } = h.channel();
  declareQueue(ch, 'q', args);
  return { h, ch, sink };
}

describe('queue message TTL (x-message-ttl)', () => {
  test('a message is fetchable until its TTL passes, then gone', () => {
    const { h, ch } = withQueue({ 'x-message-ttl': 1000 });
    publish(ch, '', 'q', 'a');
    h.clock.advance(999);
    expect(queueOf(h, 'q').messageCount).toBe(1);
    h.clock.advance(1);
    expect(queueOf(h, 'q').messageCount).toBe(0);
    expect(ch.get('q', true)).toBeUndefined();
  });

  test('an expired message is never delivered to a consumer that arrives later', () => {
    const { h, ch, sink } = withQueue({ 'x-message-ttl': 1000 });
    publish(ch, '', 'q', 'old');
    h.clock.advance(1500);
    publish(ch, '', 'q', 'new');
    ch.consume('q', 'c', true, false, {});
    expect(sink.bodies()).toEqual(['new']);
  });

  test('counts each expiry on the queue', () => {
    const { h, ch } = withQueue({ 'x-message-ttl': 10 });
    for (const b of ['a', 'b', 'c']) publish(ch, '', 'q', b);
    h.clock.advance(10);
    expect(queueOf(h, 'q').counters.expired).toBe(3);
  });
});

describe('per-message TTL (expiration)', () => {
  test('expires the message after its own TTL', () => {
    const { h, ch } = withQueue();
    publish(ch, '', 'q', 'short', { expiration: '100' });
    publish(ch, '', 'q', 'forever');
    h.clock.advance(100);
    expect(drain(ch, 'q')).toEqual(['forever']);
  });

  // docs/ttl.md §per-message: expired messages go only once they reach the head. Observed on
  // 3.10.8: A (10 s) then B (100 ms); after 500 ms the queue still counts 2, get returns A,
  // and the next get is empty.
  test('a shorter TTL behind a longer one waits for the head, and is still never fetched', () => {
    const { h, ch } = withQueue();
    publish(ch, '', 'q', 'A', { expiration: '10000' });
    publish(ch, '', 'q', 'B', { expiration: '100' });
    h.clock.advance(500);
    expect(queueOf(h, 'q').messageCount).toBe(2);
    expect(getBody(ch, 'q')).toBe('A');
    expect(ch.get('q', true)).toBeUndefined();
  });

  test('the delivered message keeps its expiration property (observed on 3.10.8)', () => {
    const { ch } = withQueue();
    publish(ch, '', 'q', 'm', { expiration: '10000' });
    expect(ch.get('q', true)?.properties.expiration).toBe('10000');
  });

  // Observed on RabbitMQ 3.10.8 (rabbit_basic:parse_expiration): the channel is closed.
  test.each([
    ['abc', 'no_integer'],
    ['', 'no_integer'],
    ['-1', '{value_negative,-1}'],
    ['1.5', '{leftover_string,".5"}'],
    ['10s', '{leftover_string,"s"}'],
    ['4294967296', '{value_too_large,4294967296}'],
  ])('an expiration of %j is a 406 at publish', (expiration, why) => {
    const { ch } = withQueue();
    expectAmqpError(() => publish(ch, '', 'q', 'm', { expiration }), 406, 'channel', `PRECONDITION_FAILED - invalid expiration '${expiration}': ${why}`);
  });

  test.each(['0', '+5', '007'])('an expiration of %j is accepted', (expiration) => {
    const { ch } = withQueue();
    expect(() => publish(ch, '', 'q', 'm', { expiration })).not.toThrow();
  });
});

describe('queue TTL and message TTL together', () => {
  // docs/ttl.md: when both are set, the lower wins (observed on 3.10.8 both ways).
  test.each<[string, number, string, number]>([
    ['the message TTL is lower', 5000, '200', 200],
    ['the queue TTL is lower', 200, '5000', 200],
    ['they are equal', 300, '300', 300],
  ])('when %s, the message expires after the lower one', (_t, queueTtl, expiration, expected) => {
    const { h, ch } = withQueue({ 'x-message-ttl': queueTtl });
    publish(ch, '', 'q', 'm', { expiration });
    h.clock.advance(expected - 1);
    expect(queueOf(h, 'q').messageCount).toBe(1);
    h.clock.advance(1);
    expect(queueOf(h, 'q').messageCount).toBe(0);
  });
});

describe('TTL 0', () => {
  // docs/ttl.md: TTL 0 expires a message unless it can be delivered immediately.
  // Observed on 3.10.8 for each case below.
  test('with no consumer the message is expired at once', () => {
    const { h, ch } = withQueue({ 'x-message-ttl': 0 });
    publish(ch, '', 'q');
    expect(queueOf(h, 'q').messageCount).toBe(0);
    expect(ch.get('q', true)).toBeUndefined();
  });

  test('with a consumer ready the message is delivered', () => {
    const { ch, sink } = withQueue({ 'x-message-ttl': 0 });
    ch.consume('q', 'c', true, false, {});
    publish(ch, '', 'q', 'now');
    expect(sink.bodies()).toEqual(['now']);
  });

  test('a consumer at its prefetch limit does not save it', () => {
    const { ch, sink } = withQueue({ 'x-message-ttl': 0 });
    ch.qos(0, 1, false);
    ch.consume('q', 'c', false, false, {});
    publish(ch, '', 'q', '1');
    publish(ch, '', 'q', '2');
    expect(sink.bodies()).toEqual(['1']);
    ch.ack(1, false);
    expect(sink.bodies()).toEqual(['1']);
  });

  test('an expiration of "0" behaves the same', () => {
    const { h, ch, sink } = withQueue();
    publish(ch, '', 'q', 'dropped', { expiration: '0' });
    expect(queueOf(h, 'q').messageCount).toBe(0);
    ch.consume('q', 'c', true, false, {});
    publish(ch, '', 'q', 'delivered', { expiration: '0' });
    expect(sink.bodies()).toEqual(['delivered']);
  });

  test('a TTL-0 message that is requeued is expired instead of redelivered', () => {
    const { h, ch, sink } = withQueue({ 'x-message-ttl': 0 });
    ch.consume('q', 'c', false, false, {});
    publish(ch, '', 'q', 'once');
    ch.nack(1, false, true);
    expect(sink.bodies()).toEqual(['once']);
    expect(queueOf(h, 'q').counters.expired).toBe(1);
  });
});

describe('requeue keeps the original expiry', () => {
  // docs/ttl.md: the original expiry is kept on requeue. Observed on 3.10.8: a message fetched,
  // held past its TTL, then nacked with requeue is gone.
  test('a message requeued after its TTL passed is expired, not redelivered', () => {
    const { h, ch } = withQueue({ 'x-message-ttl': 1000 });
    publish(ch, '', 'q');
    const r = ch.get('q', false)!;
    h.clock.advance(1200);
    ch.nack(r.deliveryTag, false, true);
    expect(queueOf(h, 'q').messageCount).toBe(0);
    expect(ch.get('q', true)).toBeUndefined();
  });

  test('a message requeued before its TTL still expires at the original time', () => {
    const { h, ch } = withQueue({ 'x-message-ttl': 1000 });
    publish(ch, '', 'q');
    h.clock.advance(600);
    const r = ch.get('q', false)!;
    ch.nack(r.deliveryTag, false, true);
    h.clock.advance(399);
    expect(queueOf(h, 'q').messageCount).toBe(1);
    h.clock.advance(1);
    expect(queueOf(h, 'q').messageCount).toBe(0);
  });

  test('an unacked message does not expire while it is held', () => {
    const { h, ch } = withQueue({ 'x-message-ttl': 100 });
    publish(ch, '', 'q');
    const r = ch.get('q', false)!;
    h.clock.advance(10_000);
    expect(() => ch.ack(r.deliveryTag, false)).not.toThrow();
  });
});
