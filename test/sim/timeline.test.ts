import { describe, expect, test } from 'vitest';
import { parseScenario } from '../../engine/sim/scenario/load.ts';
import { group, oneQueue, run, startSim } from './sim-helpers.ts';

const base = { topology: oneQueue(), producers: [{ id: 'p', routingKey: 'q', rate: 10 }] };

describe('timeline', () => {
  test('adds and removes producers', () => {
    const r = run({ ...base, timeline: [{ at: '2s', action: 'addProducer', producer: { id: 'extra', routingKey: 'q', rate: 10 } }, { at: '6s', action: 'removeProducer', producer: 'extra' }] });
    expect(group(r, 'extra').published).toBe(40);
    expect(r.final.producers.find((p) => p.ref.group === 'extra')!.removedAt).toBe(6000);
  });

  test('adds and removes consumers', () => {
    const r = run({ ...base, consumers: [{ id: 'c', queue: 'q' }], timeline: [{ at: '5s', action: 'removeConsumer', consumer: 'c' }, { at: '8s', action: 'addConsumer', consumer: { id: 'late', queue: 'q' } }] });
    expect(group(r, 'c').processed).toEqual([50]);
    expect(group(r, 'late').processed).toEqual([50]);
  });

  test('kills one consumer instance: it reconnects, its unacked messages come back', () => {
    const r = run({ ...base, consumers: [{ id: 'c', count: 2, queue: 'q', prefetch: 5, processingTime: '300ms' }], timeline: [{ at: '3s', action: 'killConsumer', consumer: 'c', instance: 2 }] });
    expect(r.final.consumers.map((c) => c.state!.crashes)).toEqual([0, 1]);
    expect(r.summary.redelivered).toBeGreaterThan(0);
  });

  test("blocks a queue's consumers, then lets them go", () => {
    const { sim, advance } = startSim({ ...base, consumers: [{ id: 'c', queue: 'q', prefetch: 3 }], timeline: [{ at: '2s', action: 'blockConsumers', queue: 'q' }, { at: '5s', action: 'unblockConsumers', queue: 'q' }] });
    advance(4000);
    const blocked = sim.snapshot();
    expect(blocked.consumers[0]!.state).toMatchObject({ status: 'blocked', buffered: 3 });
    expect(blocked.queues[0]!.depth!.ready).toBeGreaterThan(10);
    advance(2000);
    expect(sim.snapshot().queues[0]!.depth!.total).toBe(0);
  });

  test('purges and deletes queues', () => {
    const r = run({ ...base, timeline: [{ at: '5s', action: 'purgeQueue', queue: 'q' }] });
    expect(r.queues[0]!.depth.ready).toBe(50);
    const d = run({ ...base, timeline: [{ at: '5s', action: 'deleteQueue', queue: 'q' }] });
    expect(d.final.queues.map((q) => [q.ref.id, q.removedAt])).toEqual([['queue:/:q~5000', 5000]]);
  });

  test('changes a policy-like argument on a live queue: a lower max-length trims at once', () => {
    const { sim, advance } = startSim({ ...base, timeline: [{ at: '5s', action: 'setQueueArgument', queue: 'q', argument: 'x-max-length', value: 10 }] });
    advance(4900);
    expect(sim.broker.vhost('/')!.queues.get('q')!.messageCount).toBe(50);
    advance(200);
    const q = sim.broker.vhost('/')!.queues.get('q')!;
    expect(q.messageCount).toBe(10);
    expect(q.counters.overflowDropped).toBeGreaterThan(0);
  });

  test('sets a real policy: a lower max-length trims at once; clearing it restores the declared settings', () => {
    const timeline = [
      { at: '5s', action: 'setPolicy', name: 'cap', pattern: '^q$', applyTo: 'queues', definition: { 'max-length': 10 } },
      { at: '6s', action: 'clearPolicy', name: 'cap' },
    ];
    const { sim, advance } = startSim({ ...base, timeline });
    advance(4900);
    const q = sim.broker.vhost('/')!.queues.get('q')!;
    expect([q.messageCount, q.policy]).toEqual([50, undefined]);
    advance(200);
    expect([q.messageCount, q.policy, q.settings.maxLength]).toEqual([10, 'cap', 10]);
    advance(1000);
    expect([q.policy, q.settings.maxLength]).toEqual([undefined, undefined]);
    expect(sim.timelineLog.map((e) => [e.action, e.ok])).toEqual([['setPolicy', true], ['clearPolicy', true]]);
  });

  test('a policy the broker would refuse is reported when the scenario is loaded', () => {
    const r = parseScenario({ schemaVersion: 2, name: 't', duration: '10s', timeline: [{ at: '1s', action: 'setPolicy', name: 'p', pattern: '.*', definition: { 'max-priority': 5 } }] });
    expect(r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`)).toEqual(['timeline[0]: PRECONDITION_FAILED - [{<<"max-priority">>,5}] are not recognised policy settings']);
  });

  test('applies more topology at a given time', () => {
    const r = run({
      ...base,
      timeline: [{ at: '1s', action: 'applyTopology', topology: { exchanges: [{ name: 'late', type: 'fanout' }], queues: [{ name: 'q2' }], bindings: [{ source: 'late', destination: 'q2' }] } }],
    });
    expect(r.queues.map((q) => q.name)).toContain('q2');
    expect(r.timeline).toEqual([{ at: 1000, action: 'applyTopology', index: 0, ok: true }]);
  });

  test('logs an event the broker refuses, and carries on', () => {
    const r = run({ ...base, timeline: [{ at: '1s', action: 'deleteQueue', queue: 'q' }, { at: '2s', action: 'purgeQueue', queue: 'q' }] });
    expect(r.timeline[1]).toEqual({ at: 2000, action: 'purgeQueue', index: 1, ok: false, error: "NOT_FOUND - no queue 'q' in vhost '/'" });
  });
});
