import { describe, expect, test } from 'vitest';
import { LiveEditError } from '../../engine/sim/live-edits.ts';
import { SimulationRunner } from '../../engine/sim/runner.ts';
import { liveEditSchema } from '../../engine/sim/scenario/schema-live-edit.ts';
import type { LiveEditInput } from '../../engine/sim/scenario/schema-live-edit.ts';
import { oneQueue, scenario } from './sim-helpers.ts';

/** 50 msg/s into q, one consumer handling 10 msg/s: the queue grows by 40 a second. */
const backlog = {
  duration: '30s',
  drain: '30s',
  seed: 3,
  topology: oneQueue(),
  producers: [{ id: 'p', routingKey: 'q', rate: 50 }],
  consumers: [{ id: 'slow', queue: 'q', prefetch: 1, processingTime: '100ms' }],
  assertions: [
    { type: 'queueDepth', queue: 'q', which: 'total', max: 100 },
    { type: 'count', metric: 'deadLettered', max: 0 },
    { type: 'noMessageLost' },
  ],
};

const edit = (e: LiveEditInput) => liveEditSchema.parse(e);
const depth = (r: SimulationRunner): number => r.snapshot().queues.find((q) => q.ref.name === 'q')!.depth!.total;

/**
 * The backlog run with a helper added at 5 s, a rate change at 8 s and the
 * slow consumer swapped for a faster one at 12 s. (Off the millisecond grid,
 * as edits in real time are: a timer due at the very instant of an edit ran
 * before it, which a replay cannot order the same way.)
 */
function editedRun(seed = 3): SimulationRunner {
  const r = new SimulationRunner(scenario(backlog), { seed });
  r.step(5000.25);
  r.edit(edit({ action: 'addConsumer', consumer: { id: 'helper', queue: 'q', count: 4, prefetch: 5, processingTime: '20ms' } }));
  r.step(3000.35);
  r.edit(edit({ action: 'setRate', producer: 'p', rate: 80 }));
  r.step(4000.3);
  r.edit(edit({ action: 'replaceConsumer', consumer: 'slow', with: { id: 'slow', queue: 'q', prefetch: 10, processingTime: '10ms' } }));
  r.runToEnd();
  return r;
}

describe('changing a running simulation', () => {
  test('a consumer added mid-run starts at once and drains the backlog', () => {
    const r = new SimulationRunner(scenario(backlog));
    r.step(5000);
    const before = depth(r);
    expect(before).toBeGreaterThan(150);
    const events = r.edit(edit({ action: 'addConsumer', consumer: { id: 'helper', queue: 'q', count: 4, prefetch: 5, processingTime: '20ms' } }));
    expect(events).toMatchObject([{ at: 5000, action: 'addConsumer', consumer: { id: 'helper', count: 4 } }]);
    r.step(10_000);
    expect(depth(r)).toBeLessThan(10);
    expect(r.snapshot().consumers.filter((c) => c.ref.group === 'helper')).toHaveLength(4);
    const report = r.runToEnd();
    expect(report.edits).toEqual(events);
    expect(report.timeline).toEqual([{ at: 5000, action: 'addConsumer', index: 0, ok: true, live: true }]);
    expect(report.assertions.find((a) => a.type === 'noMessageLost')!.passed).toBe(true);
  });

  test('a rate change keeps the producer (its sequence goes on) and publishes at the new rate', () => {
    const r = new SimulationRunner(scenario(backlog));
    r.step(4000);
    const seqBefore = r.sim.producers[0]!.seq;
    r.edit(edit({ action: 'setRate', producer: 'p', rate: 200 }));
    const published = r.snapshot().total.counts.publish;
    r.step(2000);
    expect(r.snapshot().total.counts.publish - published).toBe(400);
    expect(r.sim.producers).toHaveLength(1);
    // One sequence from the first message on: the same instance, not a new one.
    expect(r.sim.producers[0]!.seq).toBe(r.snapshot().total.counts.publish);
    expect(r.sim.producers[0]!.seq).toBeGreaterThan(seqBefore + 400);
  });

  test('removing a producer stops its publishing and keeps its numbers under a retired id', () => {
    const r = new SimulationRunner(scenario(backlog));
    r.step(3000);
    r.edit(edit({ action: 'removeProducer', producer: 'p' }));
    const published = r.snapshot().total.counts.publish;
    r.step(3000);
    expect(r.snapshot().total.counts.publish).toBe(published);
    const p = r.snapshot().producers[0]!;
    expect(p.removedAt).toBe(3000);
    expect(p.ref.id).toBe('producer:p#1~3000');
  });

  test('a reconfigured consumer is replaced by instances with the new behaviour; its old ones are retired', () => {
    const r = new SimulationRunner(scenario(backlog));
    r.step(3000);
    const events = r.edit(edit({ action: 'replaceConsumer', consumer: 'slow', with: { id: 'slow', queue: 'q', count: 2, prefetch: 10, processingTime: '5ms' } }));
    expect(events.map((e) => e.action)).toEqual(['removeConsumer', 'addConsumer']);
    r.step(5000);
    const slow = r.snapshot().consumers.filter((c) => c.ref.group === 'slow');
    expect(slow.map((c) => [c.ref.id, c.removedAt])).toEqual([
      ['consumer:slow#1~3000', 3000],
      ['consumer:slow#1', undefined],
      ['consumer:slow#2', undefined],
    ]);
    expect(depth(r)).toBeLessThan(10);
    // A producer can be renamed the same way: the new id replaces the old.
    r.edit(edit({ action: 'replaceProducer', producer: 'p', with: { id: 'p2', routingKey: 'q', rate: 5 } }));
    expect(r.sim.producersOf('p')).toHaveLength(0);
    expect(r.sim.producersOf('p2')).toHaveLength(1);
  });

  test('edits that do not fit what runs are refused, naming the field, and change nothing', () => {
    const r = new SimulationRunner(scenario(backlog));
    expect(() => r.edit(edit({ action: 'removeProducer', producer: 'p' }))).toThrow('has not started');
    r.step(1000);
    const refused = (e: LiveEditInput): string => {
      try {
        r.edit(edit(e));
      } catch (err) {
        expect(err).toBeInstanceOf(LiveEditError);
        return (err as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refused({ action: 'addProducer', producer: { id: 'slow', routingKey: 'q', rate: 1 } })).toBe("producer.id: 'slow' is already used by a running producer or consumer");
    expect(refused({ action: 'addProducer', producer: { id: 'x', exchange: 'nope', rate: 1 } })).toBe("producer.exchange: no exchange 'nope' in vhost '/'");
    expect(refused({ action: 'addConsumer', consumer: { id: 'c2', queue: 'missing' } })).toBe("consumer.queue: no queue 'missing' in vhost '/'");
    expect(refused({ action: 'addConsumer', consumer: { id: 'c2', queue: 'q', vhost: 'v' } })).toBe("consumer.vhost: no vhost 'v'");
    expect(refused({ action: 'removeConsumer', consumer: 'p' })).toBe("consumer: no consumer 'p' is running");
    expect(refused({ action: 'setRate', producer: 'ghost', rate: 3 })).toBe("producer: no producer 'ghost' is running");
    expect(refused({ action: 'replaceConsumer', consumer: 'slow', with: { id: 'p', queue: 'q' } })).toBe("with.id: 'p' is already used by a running producer or consumer");
    expect(r.edits).toEqual([]);
    expect(r.sim.consumers).toHaveLength(1);
    r.stop();
    expect(() => r.edit(edit({ action: 'removeProducer', producer: 'p' }))).toThrow('has ended');
  });

  test('the same seed and the same edits give the same report, byte for byte', () => {
    const a = JSON.stringify(editedRun().report());
    expect(JSON.stringify(editedRun().report())).toBe(a);
    expect(JSON.stringify(editedRun(4).report())).not.toBe(a);
  });

  test('the scenario as run (its timeline plus the edits) replays the edited run', () => {
    const live = editedRun();
    const replay = new SimulationRunner(live.asRun(), { seed: 3 }).runToEnd();
    const r = live.report()!;
    expect(r.edits).toHaveLength(4);
    expect(replay.summary).toEqual(r.summary);
    expect(replay.clients).toEqual(r.clients);
    expect(replay.final.queues).toEqual(r.final.queues);
    expect(replay.assertions).toEqual(r.assertions);
    expect(replay.timeline.map(({ live: _l, ...e }) => e)).toEqual(r.timeline.map(({ live: _l, ...e }) => e));
  });

  test('assertions are pending before the start, judged on the metrics so far while running, final at the end', () => {
    const r = new SimulationRunner(scenario(backlog));
    expect(r.assertionStatus().map((a) => [a.label, a.state])).toEqual([
      ['queue q total depth <= 100', 'pending'],
      ['deadLettered <= 0', 'pending'],
      ['no message lost', 'pending'],
    ]);
    r.step(1000);
    expect(r.assertionStatus().map((a) => a.state)).toEqual(['passing', 'passing', 'pending']);
    r.step(4000);
    const mid = r.assertionStatus();
    expect(mid[0]).toMatchObject({ state: 'failing', final: false });
    expect(mid[0]!.actual).toBeGreaterThan(100);
    r.edit(edit({ action: 'addConsumer', consumer: { id: 'helper', queue: 'q', count: 4, prefetch: 5, processingTime: '20ms' } }));
    r.runToEnd();
    const end = r.assertionStatus();
    expect(end.map((a) => [a.state, a.final])).toEqual([
      ['passing', true],
      ['passing', true],
      ['passing', true],
    ]);
    expect(end[0]!.actual).toBe(0);
    expect(r.time).toBe(r.endedAt);
  });
});
