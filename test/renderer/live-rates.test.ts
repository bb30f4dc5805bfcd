import { afterEach, describe, expect, test } from 'vitest';
import { sharedClockSimulation } from '../../engine/adapters/host-clock.ts';
import { PacedClock } from '../../engine/adapters/paced-clock.ts';
import { Broker } from '../../engine/core/broker.ts';
import { VirtualScheduler } from '../../engine/core/clock.ts';
import { HostService } from '../../engine/host/host-service.ts';
import type { SimulationPort } from '../../engine/host/host-ports.ts';
import { RunnerSimulation } from '../../engine/host/sim-port.ts';
import { createLiveStore } from '../../renderer/src/stores/live-store.ts';

/** 100 msg/s into q, handled as fast as they come; 20 s, then drained. */
const scenario = {
  schemaVersion: 2,
  name: 'rates',
  duration: '20s',
  drain: '5s',
  topology: { queues: [{ name: 'q' }] },
  producers: [{ id: 'p', routingKey: 'q', rate: 100 }],
  consumers: [{ id: 'c', queue: 'q', prefetch: 50 }],
};

const clocks: PacedClock[] = [];
afterEach(() => clocks.splice(0).forEach((c) => c.pause()));

/**
 * A host, the renderer's live store and a fake wall clock: each push is
 * 250 ms of wall time, as the host pushes by default.
 */
function setup(shared: boolean) {
  let wall = 0;
  const wallNow = (): number => wall;
  let sim: SimulationPort;
  let clock: PacedClock | undefined;
  let broker: Broker;
  if (shared) {
    clock = new PacedClock({ speed: 1, startMs: 1_000_000, wallNow });
    clock.resume();
    broker = new Broker({ scheduler: clock.scheduler });
    sim = sharedClockSimulation(broker, clock);
  } else {
    // A broker on a clock of its own (a host that does not share it): the run's metrics must still be on the run's time.
    broker = new Broker({ scheduler: new VirtualScheduler(0) });
    sim = new RunnerSimulation({ broker, clock: (speed) => (clock = new PacedClock({ speed, wallNow })) });
  }
  const service = new HostService({ broker, mode: 'web', simulation: sim, ticker: { every: () => () => {} } });
  const live = createLiveStore();
  const push = (): void => {
    wall += 250;
    (clock as PacedClock & { sync(): void }).sync();
    live.getState().ingestSnapshot(service.snapshot(), '/');
  };
  return { sim, service, live, push, clock: () => clock! };
}

describe('rates at any speed', () => {
  test.each([
    ['sharing the broker clock', true],
    ['on a clock of its own', false],
  ])('at 10×, rates and the chart read per simulated second (%s)', async (_name, shared) => {
    const h = setup(shared);
    await h.service.invoke('sim:load', { scenario });
    await h.service.invoke('sim:speed', { factor: 10 });
    await h.service.invoke('sim:start', {});
    clocks.push(h.clock());
    for (let i = 0; i < 6; i++) h.push(); // 1.5 s of wall time, 15 s simulated
    const s = h.live.getState();
    expect(s.sim.timeMs).toBe(15_000);
    // The metrics' own clock is the run's, so series and assertions agree with the top bar.
    expect(h.service.snapshot().metrics!.time).toBe(15_000);
    expect(s.total!.rates.publish).toBe(100);
    expect(s.stats['queue:%2F/q']!.rates.publish).toBe(100);
    const chart = s.history.window('total');
    expect(chart.map((p) => p.t)).toEqual([2500, 5000, 7500, 10_000, 12_500, 15_000]);
    expect(chart.slice(1).every((p) => p.published === 100)).toBe(true);
  });

  test('a finished run stops the clock; its rates fall to zero and the chart stops', async () => {
    const h = setup(true);
    await h.service.invoke('sim:load', { scenario });
    await h.service.invoke('sim:speed', { factor: 10 });
    await h.service.invoke('sim:start', {});
    clocks.push(h.clock());
    for (let i = 0; i < 12 && !h.live.getState().sim.finished; i++) h.push();
    expect(h.live.getState().sim).toMatchObject({ finished: true, endedBy: 'drained' });
    const end = h.live.getState().sim.timeMs;
    const samples = h.live.getState().history.window('total').length;
    h.push();
    h.push();
    const s = h.live.getState();
    expect(s.sim.timeMs).toBe(end);
    expect(s.total!.rates.publish).toBe(0);
    expect(s.history.window('total')).toHaveLength(samples);
  });
});
