import { describe, expect, test } from 'vitest';
import type { FieldTable } from '../../engine/core/field-value.ts';
import { EngineHarness, declareQueue } from '../support/engine-harness.ts';
import { drain, publish } from '../support/core-helpers.ts';

/** Publish `[body, priority]` pairs to a queue declared with `args`; returns the channel. */
function published(args: FieldTable, msgs: [string, number | undefined][]) {
  const h = new EngineHarness();
  const { ch, sink } = h.channel();
  declareQueue(ch, 'q', args);
  for (const [body, priority] of msgs) publish(ch, '', 'q', body, priority === undefined ? {} : { priority });
  return { h, ch, sink };
}

describe('priority queues (x-max-priority)', () => {
  // docs/priority.md; the order observed on RabbitMQ 3.10.8 for exactly these messages.
  test('deliver the highest priority first; missing is 0 and above max counts as max', () => {
    const { ch } = published({ 'x-max-priority': 5 }, [['p1', 1], ['p9', 9], ['p5', 5], ['none', undefined], ['p3', 3], ['p0', 0]]);
    expect(drain(ch, 'q')).toEqual(['p9', 'p5', 'p3', 'p1', 'none', 'p0']);
  });

  test('keep the published priority property on delivery (observed on 3.10.8)', () => {
    const { ch } = published({ 'x-max-priority': 5 }, [['p9', 9]]);
    expect(ch.get('q', true)?.properties.priority).toBe(9);
  });

  test.each<[string, FieldTable]>([
    ['a queue without x-max-priority', {}],
    ['x-max-priority 0', { 'x-max-priority': 0 }],
  ])('%s ignores priorities (observed on 3.10.8)', (_t, args) => {
    const { ch } = published(args, [['p1', 1], ['p9', 9]]);
    expect(drain(ch, 'q')).toEqual(['p1', 'p9']);
  });

  test('keep FIFO order within one priority', () => {
    const { ch } = published({ 'x-max-priority': 10 }, [['a', 3], ['b', 7], ['c', 3], ['d', 7]]);
    expect(drain(ch, 'q')).toEqual(['b', 'd', 'a', 'c']);
  });

  // Observed on 3.10.8: a and b at 2, c at 4; get c, get a, requeue a then c: c, a, b.
  test('requeue a message to its original place within its priority', () => {
    const { ch } = published({ 'x-max-priority': 5 }, [['a', 2], ['b', 2], ['c', 4]]);
    const c = ch.get('q', false)!;
    const a = ch.get('q', false)!;
    ch.nack(a.deliveryTag, false, true);
    ch.nack(c.deliveryTag, false, true);
    expect(drain(ch, 'q')).toEqual(['c', 'a', 'b']);
  });

  test('a blocked consumer gets the highest priority message once it has credit', () => {
    const h = new EngineHarness();
    const { ch, sink } = h.channel();
    declareQueue(ch, 'q', { 'x-max-priority': 9 });
    ch.qos(0, 1, false);
    ch.consume('q', 'c', false, false, {});
    publish(ch, '', 'q', 'first', { priority: 1 });
    publish(ch, '', 'q', 'low', { priority: 1 });
    publish(ch, '', 'q', 'high', { priority: 9 });
    ch.ack(1, false);
    expect(sink.bodies()).toEqual(['first', 'high']);
  });
});
