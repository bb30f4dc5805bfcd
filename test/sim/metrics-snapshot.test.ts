import { describe, expect, test } from 'vitest';
import { COUNT_NAMES } from '../../engine/metrics/snapshot-types.ts';
import { oneQueue, startSim } from './sim-helpers.ts';

const doc = {
  duration: '10m',
  topology: { exchanges: [{ name: 'x', type: 'fanout' }], queues: [{ name: 'q' }], bindings: [{ source: 'x', destination: 'q' }] },
  producers: [{ id: 'p', exchange: 'x', rate: 20, confirm: {} }],
  consumers: [{ id: 'c', queue: 'q', prefetch: 5, processingTime: '10ms' }],
};

describe('metrics snapshots', () => {
  test('are plain JSON: a round trip through JSON changes nothing', () => {
    const { sim, advance } = startSim(doc);
    advance(5000);
    const s = sim.snapshot();
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect(Object.keys(s.total.counts)).toEqual([...COUNT_NAMES]);
  });

  test('cover exchanges, queues, producers, consumers and the total', () => {
    const { sim, advance } = startSim(doc);
    advance(5020);
    const s = sim.snapshot();
    expect(s.samples).toBe(5);
    expect(s.exchanges.find((e) => e.ref.name === 'x')!.rates).toMatchObject({ publishIn: 20, publishOut: 20 });
    expect(s.queues[0]!.rates).toMatchObject({ publish: 20, deliverManualAck: 20, ack: 20 });
    expect(s.producers[0]!.rates).toMatchObject({ publish: 20, confirm: 20 });
    expect(s.producers[0]!.latency!.consume!.total).toMatchObject({ min: 0, max: 0 });
    expect(s.consumers[0]!.latency!.consume!.interval.count).toBe(20);
    expect(s.consumers[0]!.ordering!.byProducer).toMatchObject({ streams: 1, outOfOrder: 0, gaps: 0, duplicates: 0 });
    expect(s.total.counts).toMatchObject({ publish: 101, confirm: 101, ack: 101 });
    expect(s.total.depth).toEqual({ ready: 0, unacked: 0, total: 0, readyBytes: 0, consumers: 1 });
  });

  test('keep a bounded history, readable incrementally and coarsely', () => {
    const { sim, advance } = startSim(doc);
    advance(400_000);
    const [fine] = sim.metrics.history({ names: ['publish', 'ready'] });
    expect(fine!.times).toHaveLength(300);
    expect(fine!.times.at(-1)).toBe(400_000);
    expect(new Set(fine!.values.publish)).toEqual(new Set([20]));
    const [recent] = sim.metrics.history({ since: 398_000 });
    expect(recent!.times).toEqual([399_000, 400_000]);
    expect(recent!.latency!.consume!.p50).toHaveLength(2);
    const [coarse] = sim.metrics.history({ resolution: 'coarse', entities: ['queue:/:q'] });
    expect(coarse!.resolutionMs).toBe(10_000);
    expect(coarse!.times).toHaveLength(40);
  });

  test('keep a removed queue with its last counts and removal time', () => {
    const { sim, advance } = startSim({ topology: oneQueue(), producers: [{ id: 'p', routingKey: 'q', rate: 10 }], timeline: [{ at: '3s', action: 'deleteQueue', queue: 'q' }] });
    advance(5000);
    const q = sim.snapshot().queues.find((e) => e.removedAt !== undefined)!;
    expect(q.ref.id).toBe('queue:/:q~3000');
    expect(q.counts.publish).toBe(30);
  });
});
