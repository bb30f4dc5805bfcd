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
      finished: false,
      durationMs: 30_000,
      endsByMs: 60_000,
      endedBy: null,
      assertions: [
        expect.objectContaining({ index: 0, label: 'no message lost', state: 'pending', final: false }),
        expect.objectContaining({ index: 1, label: 'ack = 600', state: 'pending', actual: null }),
        expect.objectContaining({ index: 2, label: 'consumer worker instances share equally (±40)', state: 'pending', description: "fair dispatch keeps the workers' shares close" }),
        expect.objectContaining({ index: 3, label: 'queue task_queue total depth = 0', state: 'pending' }),
      ],
      edits: 0,
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

  test('assertions are judged live as the run goes, and read final with the run finished', async () => {
    const h = setup();
    await h.call('sim:load', { scenario: scenario('tutorial-2-work-queues') });
    const running = await h.call('sim:step', { ms: 5_000 });
    const state = (s: SimStatus): string[] => s.assertions.map((a) => a.state);
    // Lost is only known at the end; 600 acks not yet; shares close so far; a backlog is queued.
    expect(state(running)).toEqual(['pending', 'failing', 'passing', 'failing']);
    expect(running.assertions[1]!.actual).toBeGreaterThan(0);
    expect(running.assertions[1]!.actual).toBeLessThan(600);
    expect(running.finished).toBe(false);
    const done = await h.call('sim:step', { ms: 60_000 });
    expect(done).toMatchObject({ finished: true, running: false, endedBy: 'drained' });
    expect(done.assertions.map((a) => [a.state, a.final])).toEqual([
      ['passing', true],
      ['passing', true],
      ['passing', true],
      ['passing', true],
    ]);
    // The clock stops at the end of the run, whatever the host's clock does next.
    expect((await h.call('sim:step', { ms: 1_000 })).timeMs).toBe(done.timeMs);
    expect(done.timeMs).toBeLessThanOrEqual(60_000);
    // Starting a finished run again needs a fresh load.
    const again = await h.service.invoke('sim:start', {});
    expect(again.ok === false && again.error.message).toContain('load the scenario again');
  });

  test('a push takes one metrics snapshot: the status judges the assertions on the same one it carries', async () => {
    const h = setup();
    await h.call('sim:load', { scenario: scenario('tutorial-2-work-queues') });
    await h.call('sim:step', { ms: 5_000 });
    let taken = 0;
    const runner = (h.sim as unknown as { runner: { sim: { snapshot: () => unknown } } }).runner.sim;
    const real = runner.snapshot.bind(runner);
    runner.snapshot = () => (taken++, real());
    const snap: HostSnapshot = h.service.snapshot();
    expect(taken).toBe(1);
    const acks = snap.metrics!.total.counts.ack;
    expect(acks).toBeGreaterThan(0);
    expect(snap.sim.assertions[1]).toMatchObject({ label: 'ack = 600', actual: acks });
  });

  test('sim:edit adds a consumer to the running scenario; the report keeps the edit', async () => {
    const h = setup();
    await h.call('sim:load', { scenario: scenario('lab-slow-consumer') });
    await h.call('sim:step', { ms: 6_000 });
    const r = await h.service.invoke('sim:edit', { edit: { action: 'addConsumer', consumer: { id: 'mine', queue: 'events', count: 3, processingTime: '5ms', prefetch: 10 } } });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.events).toMatchObject([{ at: 6_000, action: 'addConsumer', consumer: { id: 'mine', count: 3, processingTime: { type: 'fixed', value: 5 } } }]);
    expect(r.value.status.edits).toBe(1);
    await h.call('sim:step', { ms: 3_000 });
    expect(h.broker.vhost('/')!.queues.get('events')!.messageCount).toBeLessThan(20);
    expect(h.service.snapshot().topology.connections.filter((c) => c.name.startsWith('mine#'))).toHaveLength(3);
  });

  test('sim:edit refuses what does not fit, naming the field; before a run starts it asks for one', async () => {
    const h = setup();
    const bad = await h.service.invoke('sim:edit', { edit: { action: 'setRate', producer: 'p', rate: -5 } });
    expect(bad.ok === false && bad.error).toMatchObject({ code: 'bad-request', message: expect.stringContaining('edit.rate') });
    const unknown = await h.service.invoke('sim:edit', { edit: { action: 'teleport' } });
    expect(unknown.ok === false && unknown.error.message).toContain('edit.action');
    const extra = await h.service.invoke('sim:edit', { edit: { action: 'removeConsumer', consumer: 'c', when: 3 } });
    expect(extra.ok === false && extra.error.message).toContain('when');
    const noRun = await h.service.invoke('sim:edit', { edit: { action: 'removeConsumer', consumer: 'slow' } });
    expect(noRun.ok === false && noRun.error.message).toContain('sim:load');
    await h.call('sim:load', { scenario: scenario('lab-slow-consumer') });
    const notStarted = await h.service.invoke('sim:edit', { edit: { action: 'removeConsumer', consumer: 'slow' } });
    expect(notStarted.ok === false && notStarted.error.message).toContain('has not started');
    await h.call('sim:step', { ms: 1_000 });
    const missing = await h.service.invoke('sim:edit', { edit: { action: 'addConsumer', consumer: { id: 'x', queue: 'nope' } } });
    expect(missing.ok === false && missing.error).toMatchObject({
      code: 'bad-request',
      message: "cannot change the run: edit.consumer.queue: no queue 'nope' in vhost '/'",
      issues: [{ path: 'edit.consumer.queue', message: "no queue 'nope' in vhost '/'" }],
    });
    expect(h.sim.status().edits).toBe(0);
  });

  test('sim:start without a scenario asks for one', async () => {
    const h = setup();
    const r = await h.service.invoke('sim:start', {});
    expect(r.ok === false && r.error.message).toContain('sim:load');
  });
});
