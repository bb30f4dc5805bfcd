import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { PacedClock } from '../../engine/adapters/paced-clock.ts';
import { Broker } from '../../engine/core/broker.ts';
import { VirtualScheduler } from '../../engine/core/clock.ts';
import type { HostSnapshot, SimStatus } from '../../engine/host/contract.ts';
import { HostService } from '../../engine/host/host-service.ts';
import { RunnerSimulation } from '../../engine/host/sim-port.ts';

const scenario = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`../../engine/sim/examples/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

function setup() {
  const broker = new Broker({ scheduler: new VirtualScheduler(0) });
  let wall = 0;
  const sim = new RunnerSimulation({ broker, clock: (speed) => new PacedClock({ speed, wallNow: () => wall }), seed: 7 });
  const service = new HostService({ broker, mode: 'web', simulation: sim, ticker: { every: () => () => {} } });
  const call = async (channel: 'sim:load' | 'sim:start' | 'sim:pause' | 'sim:step' | 'sim:speed', payload: unknown): Promise<SimStatus> => {
    const r = await service.invoke(channel, payload);
    if (!r.ok) throw new Error(r.error.message);
    return r.value as SimStatus;
  };
  return { broker, sim, service, call, advanceWall: (ms: number) => void (wall += ms) };
}

describe('simulator on the host', () => {
  test('loads a scenario and reports it loaded, not running', async () => {
    const h = setup();
    expect(await h.call('sim:load', { scenario: scenario('tutorial-2-work-queues') })).toEqual({
      available: true,
      loaded: true,
      running: false,
      speed: 1,
      timeMs: 0,
      scenario: 'Tutorial 2: Work queues',
    });
  });

  test('refuses an invalid scenario, naming the problem, and keeps nothing', async () => {
    const h = setup();
    const r = await h.service.invoke('sim:load', { scenario: { schemaVersion: 2, name: 'x', duration: 'soon' } });
    expect(r.ok === false && r.error).toMatchObject({ code: 'bad-request', message: expect.stringContaining('invalid scenario') });
    expect(r.ok === false && r.error.issues?.length).toBeGreaterThan(0);
    expect(h.sim.status().loaded).toBe(false);
  });

  test('steps simulated time; simulated clients appear on the graph with live metrics', async () => {
    const h = setup();
    await h.call('sim:load', { scenario: scenario('tutorial-2-work-queues') });
    const s = await h.call('sim:step', { ms: 2_000 });
    expect(s.timeMs).toBe(2_000);
    const snap: HostSnapshot = h.service.snapshot();
    expect(snap.topology.queues.map((q) => q.name)).toContain('task_queue');
    expect(snap.topology.connections.length).toBeGreaterThan(0);
    expect(new Set(snap.topology.connections.map((c) => c.kind))).toEqual(new Set(['simulated']));
    expect(snap.metrics?.total.counts.publish).toBeGreaterThan(0);
    const series = await h.service.invoke('metrics:series', {});
    expect(series.ok && series.value.length).toBeGreaterThan(0);
  });

  test('start runs at the chosen speed and pause stops the clock', async () => {
    const h = setup();
    await h.call('sim:load', { scenario: scenario('tutorial-2-work-queues') });
    await h.call('sim:speed', { factor: 4 });
    expect((await h.call('sim:start', {})).running).toBe(true);
    h.advanceWall(500);
    const paused = await h.call('sim:pause', {});
    expect(paused).toMatchObject({ running: false, speed: 4 });
    expect(paused.timeMs).toBe(2_000);
  });

  test('loading another scenario ends the run and closes its clients', async () => {
    const h = setup();
    await h.call('sim:load', { scenario: scenario('tutorial-2-work-queues') });
    await h.call('sim:step', { ms: 1_000 });
    await h.call('sim:load', { scenario: scenario('tutorial-1-hello-world') });
    expect(h.broker.connections.size).toBe(0);
    expect(h.sim.status()).toMatchObject({ loaded: true, timeMs: 0, scenario: expect.stringContaining('Hello') });
  });

  test('sim:start without a scenario asks for one', async () => {
    const h = setup();
    const r = await h.service.invoke('sim:start', {});
    expect(r.ok === false && r.error.message).toContain('sim:load');
  });
});
