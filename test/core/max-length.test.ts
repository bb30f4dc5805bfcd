import { describe, expect, test } from 'vitest';
import type { FieldTable } from '../../engine/core/field-value.ts';
import { EngineHarness, declareQueue } from '../support/engine-harness.ts';
import { bindQueue, declareExchange, drain, publish, queueOf } from '../support/core-helpers.ts';

/** A broker with a dead-letter queue `dl` and queue `q` declared with `args` (DLX to `dl` when asked). */
function withQueue(args: FieldTable, opts: { dlx?: boolean; confirm?: boolean } = {}) {
  const h = new EngineHarness();
  const { ch, sink } = h.channel();
  declareQueue(ch, 'dl');
  const dlx: FieldTable = opts.dlx ? { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dl' } : {};
  declareQueue(ch, 'q', { ...args, ...dlx });
  if (opts.confirm) ch.confirmSelect();
  return { h, ch, sink, q: queueOf(h, 'q') };
}

describe('x-max-length with drop-head (the default)', () => {
  test('drops the oldest ready messages beyond the limit', () => {
    const { ch } = withQueue({ 'x-max-length': 2 });
    for (const b of ['a', 'b', 'c', 'd']) publish(ch, '', 'q', b);
    expect(drain(ch, 'q')).toEqual(['c', 'd']);
  });

  test('dead-letters the dropped messages with reason maxlen', () => {
    const { ch } = withQueue({ 'x-max-length': 1 }, { dlx: true });
    publish(ch, '', 'q', 'old');
    publish(ch, '', 'q', 'new');
    const r = ch.get('dl', true);
    expect(r && new TextDecoder().decode(r.message.body)).toBe('old');
    expect((r?.properties.headers?.['x-death'] as FieldTable[])[0]).toMatchObject({ reason: 'maxlen', queue: 'q' });
  });

  test('counts only ready messages, not unacked ones', () => {
    const { ch, q } = withQueue({ 'x-max-length': 2 });
    publish(ch, '', 'q', 'a');
    ch.get('q', false);
    publish(ch, '', 'q', 'b');
    publish(ch, '', 'q', 'c');
    expect(q.messageCount).toBe(2);
    expect(q.counters.overflowDropped).toBe(0);
  });

  test('a max-length of 0 still delivers to a ready consumer (observed on 3.10.8)', () => {
    const { ch, sink, q } = withQueue({ 'x-max-length': 0 });
    publish(ch, '', 'q', 'dropped');
    expect(q.messageCount).toBe(0);
    ch.consume('q', 'c', true, false, {});
    publish(ch, '', 'q', 'delivered');
    expect(sink.bodies()).toEqual(['delivered']);
  });

  test('publisher confirms ack both the dropped and the kept message (observed on 3.10.8)', () => {
    const { ch, sink } = withQueue({ 'x-max-length': 1 }, { confirm: true });
    publish(ch, '', 'q', 'A');
    publish(ch, '', 'q', 'B');
    expect(sink.confirms).toEqual([{ seq: 1, multiple: false, ack: true }, { seq: 2, multiple: false, ack: true }]);
    expect(drain(ch, 'q')).toEqual(['B']);
  });

  // rabbit_amqqueue_process:requeue_and_run drops the head before delivering again. Observed on
  // 3.10.8: limit 1, prefetch 1, A delivered, B ready, A nacked with requeue: A is dropped and
  // B is delivered; A never comes back.
  test('a requeue past the limit drops the head before redelivering', () => {
    const { ch, sink } = withQueue({ 'x-max-length': 1 }, { dlx: true });
    ch.qos(0, 1, false);
    ch.consume('q', 'c', false, false, {});
    publish(ch, '', 'q', 'A');
    publish(ch, '', 'q', 'B');
    ch.nack(1, false, true);
    expect(sink.deliveries.map((d) => [d.body, d.redelivered])).toEqual([['A', false], ['B', false]]);
    expect(drain(ch, 'dl')).toEqual(['A']);
  });
});

describe('x-max-length-bytes', () => {
  // Observed on 3.10.8: limit 10 bytes, three 4-byte bodies: the first is dropped.
  test('drops from the head until the ready bodies fit', () => {
    const { ch } = withQueue({ 'x-max-length-bytes': 10 });
    for (const b of ['aaaa', 'bbbb', 'cccc']) publish(ch, '', 'q', b);
    expect(drain(ch, 'q')).toEqual(['bbbb', 'cccc']);
  });

  test('a single message larger than the limit is dropped', () => {
    const { ch, q } = withQueue({ 'x-max-length-bytes': 3 });
    publish(ch, '', 'q', 'aaaa');
    expect(q.messageCount).toBe(0);
  });

  test('counts bodies only, so empty messages always fit', () => {
    const { ch, q } = withQueue({ 'x-max-length-bytes': 0 });
    for (let i = 0; i < 5; i++) publish(ch, '', 'q', '', { headers: { big: 'x'.repeat(100) } });
    expect(q.messageCount).toBe(5);
  });

  test('with x-max-length too, whichever limit is reached first applies', () => {
    const { ch } = withQueue({ 'x-max-length': 3, 'x-max-length-bytes': 5 });
    for (const b of ['aa', 'bb', 'cc']) publish(ch, '', 'q', b);
    expect(drain(ch, 'q')).toEqual(['bb', 'cc']);
    for (const b of ['a', 'b', 'c', 'd']) publish(ch, '', 'q', b);
    expect(drain(ch, 'q')).toEqual(['b', 'c', 'd']);
  });
});

describe('x-overflow reject-publish', () => {
  test('refuses the newest message and keeps the old ones', () => {
    const { ch, q } = withQueue({ 'x-max-length': 2, 'x-overflow': 'reject-publish' });
    for (const b of ['a', 'b', 'c']) publish(ch, '', 'q', b);
    expect(drain(ch, 'q')).toEqual(['a', 'b']);
    expect(q.counters.overflowRejected).toBe(1);
  });

  // Observed on 3.10.8: A acked, B nacked, and no basic.return even with mandatory (it was routed).
  test('nacks the publisher and returns nothing, even when mandatory', () => {
    const { ch, sink } = withQueue({ 'x-max-length': 1, 'x-overflow': 'reject-publish' }, { confirm: true });
    publish(ch, '', 'q', 'A', {}, true);
    publish(ch, '', 'q', 'B', {}, true);
    expect(sink.confirms).toEqual([{ seq: 1, multiple: false, ack: true }, { seq: 2, multiple: false, ack: false }]);
    expect(sink.returns).toEqual([]);
  });

  // docs/maxlength: routed to several queues, one refusing is enough for a nack (observed on 3.10.8:
  // the other queue still got its copy).
  test('a refusal by one of several queues nacks the message, the others keep their copy', () => {
    const { h, ch, sink } = withQueue({ 'x-max-length': 0, 'x-overflow': 'reject-publish' }, { confirm: true });
    declareExchange(h, 'fan', 'fanout');
    declareQueue(ch, 'other');
    bindQueue(h, 'q', 'fan', '');
    bindQueue(h, 'other', 'fan', '');
    publish(ch, 'fan', '');
    expect(sink.confirms).toEqual([{ seq: 1, multiple: false, ack: false }]);
    expect(queueOf(h, 'other').messageCount).toBe(1);
  });

  test('refuses even when a consumer could take the message (the check comes first)', () => {
    const { ch, sink } = withQueue({ 'x-max-length': 0, 'x-overflow': 'reject-publish' });
    ch.consume('q', 'c', true, false, {});
    publish(ch, '', 'q', 'x');
    expect(sink.deliveries).toEqual([]);
  });

  test('does not dead-letter the refused message', () => {
    const { ch } = withQueue({ 'x-max-length': 1, 'x-overflow': 'reject-publish' }, { dlx: true });
    publish(ch, '', 'q', 'a');
    publish(ch, '', 'q', 'b');
    expect(drain(ch, 'dl')).toEqual([]);
  });

  // Observed on 3.10.8: requeues are not refused, so the queue may exceed its limit.
  test('a requeue may take the queue past its limit', () => {
    const { ch, q } = withQueue({ 'x-max-length': 1, 'x-overflow': 'reject-publish' });
    publish(ch, '', 'q', 'A');
    const a = ch.get('q', false)!;
    publish(ch, '', 'q', 'B');
    ch.nack(a.deliveryTag, false, true);
    expect(q.messageCount).toBe(2);
  });

  test('accepts again once a message leaves', () => {
    const { ch } = withQueue({ 'x-max-length': 1, 'x-overflow': 'reject-publish' });
    publish(ch, '', 'q', 'a');
    publish(ch, '', 'q', 'refused');
    ch.get('q', true);
    publish(ch, '', 'q', 'b');
    expect(drain(ch, 'q')).toEqual(['b']);
  });
});

describe('x-overflow reject-publish-dlx', () => {
  // Observed on 3.10.8: B is nacked and dead-lettered with reason maxlen.
  test('nacks the publisher and dead-letters the refused message', () => {
    const { ch, sink, q } = withQueue({ 'x-max-length': 1, 'x-overflow': 'reject-publish-dlx' }, { dlx: true, confirm: true });
    publish(ch, '', 'q', 'A');
    publish(ch, '', 'q', 'B');
    expect(sink.confirms.map((c) => c.ack)).toEqual([true, false]);
    const r = ch.get('dl', true);
    expect(r && new TextDecoder().decode(r.message.body)).toBe('B');
    expect(r?.properties.headers).toMatchObject({ 'x-first-death-reason': 'maxlen', 'x-first-death-queue': 'q', 'x-first-death-exchange': '' });
    expect(q.counters.deadLetteredMaxlen).toBe(1);
    expect(drain(ch, 'q')).toEqual(['A']);
  });

  test('without a dead-letter exchange the refused message is just dropped', () => {
    const { ch, sink } = withQueue({ 'x-max-length': 1, 'x-overflow': 'reject-publish-dlx' }, { confirm: true });
    publish(ch, '', 'q', 'A');
    publish(ch, '', 'q', 'B');
    expect(sink.confirms.map((c) => c.ack)).toEqual([true, false]);
    expect(drain(ch, 'q')).toEqual(['A']);
  });
});
