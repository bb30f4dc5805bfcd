import { describe, expect, test } from 'vitest';
import type { Channel } from '../../engine/core/channel.ts';
import type { FieldTable } from '../../engine/core/field-value.ts';
import { EngineHarness, declareQueue } from '../support/engine-harness.ts';
import { drain, expectAmqpError, publish, queueOf } from '../support/core-helpers.ts';

const UNKNOWN = (tag: number): string => `PRECONDITION_FAILED - unknown delivery tag ${tag}`;

/** A broker with queue `q` holding `bodies`, and one channel. */
function withMessages(bodies: string[], args: FieldTable = {}, brokerOpts: ConstructorParameters<typeof EngineHarness>[0] = {}) {
  const h = new EngineHarness(brokerOpts);
  const { ch, sink, conn } = h.channel();
  declareQueue(ch, 'q', args);
  for (const b of bodies) publish(ch, '', 'q', b);
  return { h, ch, sink, conn, q: queueOf(h, 'q') };
}

/** Bodies left in `q`, with `*` for redelivered ones. */
function remaining(ch: Channel): string[] {
  const out: string[] = [];
  for (let r = ch.get('q', true); r; r = ch.get('q', true)) out.push(new TextDecoder().decode(r.message.body) + (r.redelivered ? '*' : ''));
  return out;
}

describe('basic.ack', () => {
  test('removes the message for good', () => {
    const { ch, q } = withMessages(['a']);
    ch.ack(ch.get('q', false)!.deliveryTag, false);
    expect([q.messageCount, q.unacked]).toEqual([0, 0]);
  });

  test('with multiple acks every outstanding tag up to and including it', () => {
    const { ch, q } = withMessages(['a', 'b', 'c', 'd']);
    for (let i = 0; i < 4; i++) ch.get('q', false);
    ch.ack(3, true);
    expect(q.unacked).toBe(1);
    ch.ack(4, false);
    expect(q.unacked).toBe(0);
  });

  test('multiple with tag 0 acks everything outstanding, even nothing (observed on 3.10.8)', () => {
    const { ch, q } = withMessages(['a', 'b']);
    ch.ack(0, true);
    ch.get('q', false);
    ch.get('q', false);
    ch.ack(0, true);
    expect(q.unacked).toBe(0);
  });

  // Each case observed on RabbitMQ 3.10.8: 406 and the channel closes.
  test.each<[string, (ch: Channel) => void, number]>([
    ['an unknown tag', (ch) => ch.ack(5, false), 5],
    ['a tag acked twice', (ch) => { const t = ch.get('q', false)!.deliveryTag; ch.ack(t, false); ch.ack(t, false); }, 1],
    ['tag 0 without multiple', (ch) => ch.ack(0, false), 0],
    ['the tag of a no-ack delivery', (ch) => ch.ack(ch.get('q', true)!.deliveryTag, false), 1],
    ['multiple with a tag never issued', (ch) => { ch.get('q', false); ch.ack(7, true); }, 7],
  ])('of %s is a 406 channel error', (_t, run, tag) => {
    const { ch } = withMessages(['a']);
    expectAmqpError(() => run(ch), 406, 'channel', UNKNOWN(tag));
  });

  test('on another channel than the delivery is a 406 (observed on 3.10.8)', () => {
    const { h, ch, conn } = withMessages(['a']);
    const t = ch.get('q', false)!.deliveryTag;
    const other = h.channel(conn);
    expectAmqpError(() => other.ch.ack(t, false), 406, 'channel', UNKNOWN(t));
  });

  test.each<[string, (ch: Channel) => void]>([
    ['basic.nack', (ch) => ch.nack(9, false, true)],
    ['basic.reject', (ch) => ch.reject(9, true)],
  ])('%s of an unknown tag is a 406 too', (_t, run) => {
    const { ch } = withMessages([]);
    expectAmqpError(() => run(ch), 406, 'channel', UNKNOWN(9));
  });
});

describe('requeue', () => {
  // docs/confirms.md: requeued messages go back to their original position, marked redelivered.
  // Observed on 3.10.8: a, b, c fetched; c then a requeued; the queue reads a*, c*, d.
  test('puts messages back at their original position with redelivered set', () => {
    const { ch } = withMessages(['a', 'b', 'c', 'd']);
    const a = ch.get('q', false)!;
    const b = ch.get('q', false)!;
    const c = ch.get('q', false)!;
    ch.nack(c.deliveryTag, false, true);
    ch.nack(a.deliveryTag, false, true);
    expect(remaining(ch)).toEqual(['a*', 'c*', 'd']);
    ch.ack(b.deliveryTag, false);
  });

  test.each<[string, (ch: Channel) => void]>([
    ['basic.reject', (ch) => ch.reject(1, true)],
    ['basic.nack', (ch) => ch.nack(1, false, true)],
    ['basic.nack multiple', (ch) => ch.nack(2, true, true)],
    ['basic.recover', (ch) => ch.recover(true)],
    ['closing the channel', (ch) => ch.close()],
    ['closing the connection', (ch) => ch.connection.close()],
  ])('happens on %s', (_t, run) => {
    const { h, ch } = withMessages(['a', 'b']);
    ch.get('q', false);
    ch.get('q', false);
    run(ch);
    const { ch: reader } = h.channel();
    expect(remaining(reader)[0]).toBe('a*');
  });

  test('a consumer receives the requeued message again, flagged redelivered', () => {
    const { ch, sink } = withMessages(['a']);
    ch.consume('q', 'c', false, false, {});
    ch.nack(1, false, true);
    expect(sink.deliveries.map((d) => [d.body, d.deliveryTag, d.redelivered])).toEqual([['a', 1, false], ['a', 2, true]]);
  });

  test('nack multiple without requeue discards every outstanding tag up to it', () => {
    const { ch, q } = withMessages(['a', 'b', 'c']);
    for (let i = 0; i < 3; i++) ch.get('q', false);
    ch.nack(2, true, false);
    expect([q.unacked, q.messageCount]).toEqual([1, 0]);
  });
});

describe('basic.cancel', () => {
  // docs/confirms.md and observed on 3.10.8: a cancelled consumer's unacked messages stay on the
  // channel: they can still be acked; recover or channel close requeues them.
  test('keeps the cancelled consumer unacked messages on the channel', () => {
    const { ch, sink, q } = withMessages(['a', 'b']);
    ch.consume('q', 'c', false, false, {});
    ch.cancel('c');
    expect([sink.deliveries.length, q.messageCount, q.unacked]).toEqual([2, 0, 2]);
    ch.ack(1, false);
    expect(q.unacked).toBe(1);
    ch.recover(true);
    expect([q.messageCount, q.unacked]).toEqual([1, 0]);
  });

  test('channel close after a cancel requeues what is still unacked', () => {
    const { ch, q } = withMessages(['a']);
    ch.consume('q', 'c', false, false, {});
    ch.cancel('c');
    ch.close();
    expect(q.messageCount).toBe(1);
  });

  test('stops deliveries to the cancelled consumer', () => {
    const { ch, sink } = withMessages([]);
    ch.consume('q', 'c', true, false, {});
    ch.cancel('c');
    publish(ch, '', 'q');
    expect(sink.deliveries).toEqual([]);
  });
});

describe('channel and connection close', () => {
  test('close the channel consumers first, so its requeued messages go to other consumers', () => {
    const { h, ch, conn } = withMessages(['a']);
    const other = h.channel(conn);
    ch.consume('q', 'mine', false, false, {});
    other.ch.consume('q', 'theirs', false, false, {});
    ch.close();
    expect(other.sink.deliveries.map((d) => [d.body, d.redelivered])).toEqual([['a', true]]);
  });

  // rabbit_channel: any method on a channel that is not open closes the connection.
  test('a closed channel refuses further methods with 504', () => {
    const { ch } = withMessages([]);
    ch.close();
    expectAmqpError(() => ch.get('q', true), 504, 'connection', "CHANNEL_ERROR - expected 'channel.open'");
  });
});

describe('basic.get', () => {
  // Observed on 3.10.8: three messages, the first get reports message-count 2.
  test('reports how many messages remain ready after it', () => {
    const { ch } = withMessages(['a', 'b', 'c']);
    expect(ch.get('q', false)).toMatchObject({ deliveryTag: 1, redelivered: false, messageCount: 2 });
  });

  test('on an empty queue answers get-empty', () => {
    const { ch, q } = withMessages([]);
    expect(ch.get('q', false)).toBeUndefined();
    expect(q.counters.getEmpty).toBe(1);
  });

  test('of a missing queue is a 404', () => {
    const { ch } = withMessages([]);
    expectAmqpError(() => ch.get('ghost', true), 404, 'channel', "NOT_FOUND - no queue 'ghost' in vhost '/'");
  });

  test('with no-ack settles at once', () => {
    const { ch, q } = withMessages(['a']);
    ch.get('q', true);
    expect([q.messageCount, q.unacked]).toEqual([0, 0]);
  });
});

describe('basic.recover', () => {
  test('requeues every unacked delivery of the channel, redelivered', () => {
    const { ch, sink } = withMessages(['a', 'b']);
    ch.consume('q', 'c', false, false, {});
    ch.recover(true);
    expect(sink.deliveries.map((d) => `${d.body}${d.redelivered ? '*' : ''}:${d.deliveryTag}`)).toEqual(['a:1', 'b:2', 'a*:3', 'b*:4']);
  });

  // rabbit_channel: basic.recover with requeue=false is not implemented.
  test('with requeue=false closes the connection with 540', () => {
    const { ch } = withMessages([]);
    expectAmqpError(() => ch.recover(false), 540, 'connection', 'NOT_IMPLEMENTED - requeue=false');
  });
});

describe('consumer (delivery acknowledgement) timeout', () => {
  // The wording observed on RabbitMQ 3.10.8 with consumer_timeout 2000: the channel is closed with
  // 406 and its delivery comes back redelivered. RabbitMQ checks once a minute, so the tests give
  // it that long.
  const TIMEOUT = 2000;
  const closedText = `PRECONDITION_FAILED - delivery acknowledgement on channel 1 timed out. Timeout value used: ${TIMEOUT} ms. This timeout value can be configured, see consumers doc guide to learn more`;

  test('closes the channel with 406 and requeues an unacked consumer delivery', () => {
    const { h, ch, sink, q } = withMessages(['a'], {}, { consumerTimeoutMs: TIMEOUT });
    ch.consume('q', 'c', false, false, {});
    h.clock.advance(TIMEOUT + 60_000);
    expect(sink.closes.map((e) => [e.code, e.scope, e.replyText])).toEqual([[406, 'channel', closedText]]);
    expect(ch.open).toBe(false);
    expect(remaining(h.channel().ch)).toEqual(['a*']);
    expect(q.unacked).toBe(0);
  });

  // Observed on 3.10.8: an unacked basic.get delivery times out the same way.
  test('applies to basic.get deliveries too', () => {
    const { h, ch, sink } = withMessages(['a'], {}, { consumerTimeoutMs: TIMEOUT });
    ch.get('q', false);
    h.clock.advance(TIMEOUT + 60_000);
    expect(sink.closes.map((e) => e.replyText)).toEqual([closedText]);
  });

  test('does not fire when the delivery is acked in time', () => {
    const { h, ch, sink } = withMessages(['a'], {}, { consumerTimeoutMs: TIMEOUT });
    ch.consume('q', 'c', false, false, {});
    h.clock.advance(TIMEOUT - 1);
    ch.ack(1, false);
    h.clock.advance(120_000);
    expect([sink.closes, ch.open]).toEqual([[], true]);
  });

  test('never applies to no-ack deliveries', () => {
    const { h, ch, sink } = withMessages(['a'], {}, { consumerTimeoutMs: TIMEOUT });
    ch.consume('q', 'c', true, false, {});
    h.clock.advance(120_000);
    expect(sink.closes).toEqual([]);
  });

  test('x-consumer-timeout on the queue overrides the broker value', () => {
    const { h, ch, sink } = withMessages(['a'], { 'x-consumer-timeout': 500 }, { consumerTimeoutMs: 3_600_000 });
    ch.consume('q', 'c', false, false, {});
    h.clock.advance(500 + 60_000);
    expect(sink.closes.map((e) => e.replyText)).toEqual([closedText.replace('2000 ms', '500 ms')]);
  });

  test('defaults to 30 minutes', () => {
    const { h, ch, sink } = withMessages(['a']);
    ch.consume('q', 'c', false, false, {});
    h.clock.advance(29 * 60_000);
    expect(sink.closes).toEqual([]);
    h.clock.advance(2 * 60_000);
    expect(sink.closes.map((e) => e.replyText)).toEqual([closedText.replace('2000 ms', '1800000 ms')]);
  });
});

describe('no-ack consumers', () => {
  test('settle each message on delivery', () => {
    const { ch, q } = withMessages(['a', 'b']);
    ch.consume('q', 'c', true, false, {});
    expect([q.messageCount, q.unacked]).toEqual([0, 0]);
    expect(drain(ch, 'q')).toEqual([]);
  });
});
