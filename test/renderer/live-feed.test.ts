import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { PacedClock } from '../../engine/adapters/paced-clock.ts';
import { Broker } from '../../engine/core/broker.ts';
import { VirtualScheduler } from '../../engine/core/clock.ts';
import type { HostApi, HostSnapshot, PushChannel, PushPayloads } from '../../engine/host/contract.ts';
import { HostService } from '../../engine/host/host-service.ts';
import { RunnerSimulation } from '../../engine/host/sim-port.ts';
import { fromHostApi } from '../../renderer/src/client/engine-client.ts';
import { createLiveFeed } from '../../renderer/src/client/live-feed.ts';
import { createLiveStore } from '../../renderer/src/stores/live-store.ts';
import type { PathStep } from '../../engine/host/live-delta.ts';
import { isCounterLeaf, touchesGraph } from '../../renderer/src/model/graph-leaves.ts';
import { modelFromSnapshot } from '../../renderer/src/model/topology-model.ts';
import { realClientsOf } from '../../renderer/src/stores/graph-model-utils.ts';

const scenario = JSON.parse(readFileSync(new URL('../../engine/sim/examples/tutorial-2-work-queues.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const wire = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/**
 * A host with a running simulation, reached through a HostApi that carries
 * pushes as JSON (as the WebSocket does) and can lose or hold back the ones
 * a test picks.
 */
function setup() {
  const broker = new Broker({ scheduler: new VirtualScheduler(0) });
  const sim = new RunnerSimulation({ broker, clock: (speed) => new PacedClock({ speed, wallNow: () => 0 }), seed: 7 });
  let tick = (): void => undefined;
  const service = new HostService({ broker, mode: 'web', simulation: sim, ticker: { every: (_ms, fn) => ((tick = fn), () => undefined) } });
  const listeners = new Map<PushChannel, Set<(p: never) => void>>();
  const calls: string[] = [];
  /** Decides, per push, whether it is delivered. */
  let filter: (channel: PushChannel, payload: unknown) => boolean = () => true;
  const held: [PushChannel, unknown][] = [];
  const deliver = (channel: PushChannel, payload: unknown): void => listeners.get(channel)?.forEach((l) => l(wire(payload) as never));
  const api: HostApi = {
    invoke: (channel, payload) => {
      calls.push(channel);
      return service.invoke(channel, payload).then(wire);
    },
    on: (channel, l) => {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(l as (p: never) => void);
      return () => void set.delete(l as (p: never) => void);
    },
  };
  const client = fromHostApi(api, 'websocket', { onLinkState: () => () => undefined, close: () => undefined });
  const got: { snap: HostSnapshot; full: boolean; changed: readonly (readonly PathStep[])[] | undefined }[] = [];
  const feed = createLiveFeed(client, (snap, full, changed) => void got.push({ snap, full, changed }));
  service.subscribe(<C extends PushChannel>(channel: C, payload: PushPayloads[C]) => (filter(channel, payload) ? deliver(channel, payload) : void held.push([channel, payload])));
  const run = async (ms: number): Promise<void> => {
    const r = await service.invoke('sim:step', { ms });
    if (!r.ok) throw new Error(r.error.message);
    tick();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { service, client, feed, got, calls, held, deliver, run, setFilter: (f: typeof filter) => (filter = f), load: () => service.invoke('sim:load', { scenario }) };
}

describe('the live feed', () => {
  test('a full snapshot, then deltas: each snapshot handed on is the host’s', async () => {
    const h = setup();
    await h.load();
    for (let i = 0; i < 8; i++) await h.run(250);
    expect(h.got[0]!.full).toBe(true);
    expect(h.got.filter((g) => !g.full).length).toBeGreaterThan(4);
    expect(h.got.at(-1)!.snap).toEqual(wire(h.service.current()));
    expect(h.calls).not.toContain('snapshot:get');
  });

  test('a lost delta makes it fetch the full snapshot once, then carry on with deltas', async () => {
    const h = setup();
    await h.load();
    for (let i = 0; i < 4; i++) await h.run(250);
    let dropped = 0;
    h.setFilter((c) => !(c === 'live' && dropped++ === 0));
    await h.run(250);
    expect(h.feed.stats.resyncs).toBe(0);
    await h.run(250);
    expect(h.calls.filter((c) => c === 'snapshot:get')).toHaveLength(1);
    expect(h.feed.stats.lastRefusal).toContain('based on snapshot');
    expect(h.got.at(-1)!.snap).toEqual(wire(h.service.current()));
    const deltasBefore = h.feed.stats.deltas;
    await h.run(250);
    await h.run(250);
    expect(h.feed.stats.deltas).toBe(deltasBefore + 2);
    expect(h.got.at(-1)!.snap).toEqual(wire(h.service.current()));
  });

  test('deltas out of order: the early one is refused, a resync restores the host’s picture', async () => {
    const h = setup();
    await h.load();
    for (let i = 0; i < 4; i++) await h.run(250);
    let hold = true;
    h.setFilter((c) => !(c === 'live' && hold && ((hold = false), true)));
    await h.run(250);
    await h.run(250);
    // The held-back delta arrives late.
    const [channel, payload] = h.held[0]!;
    h.deliver(channel, payload);
    await new Promise((r) => setTimeout(r, 0));
    expect(h.feed.stats.resyncs).toBe(1);
    expect(h.got.at(-1)!.snap).toEqual(wire(h.service.current()));
  });

  test('the live store shows the same numbers fed by deltas as fed whole snapshots', async () => {
    const h = setup();
    await h.load();
    const byDelta = createLiveStore();
    const whole = createLiveStore();
    for (let i = 0; i < 10; i++) {
      await h.run(250);
      byDelta.getState().ingestSnapshot(h.got.at(-1)!.snap, '/');
      whole.getState().ingestSnapshot(wire(h.service.current()), '/');
    }
    expect(Object.keys(byDelta.getState().stats).length).toBeGreaterThan(2);
    expect(byDelta.getState().stats).toEqual(whole.getState().stats);
    expect(byDelta.getState().total).toEqual(whole.getState().total);
    expect(byDelta.getState().total?.counts.publish).toBeGreaterThan(0);
  });

  test('a running scenario’s deltas are counters only: the graph skips its rebuild check, and its model indeed did not change', async () => {
    const h = setup();
    await h.load();
    for (let i = 0; i < 8; i++) await h.run(250);
    // The scenario's topology arrives whole (its shape changed); the run goes on in deltas.
    const lastFull = h.got.findLastIndex((g) => g.full);
    const deltas = h.got.slice(lastFull + 1);
    expect(deltas.length).toBeGreaterThan(4);
    for (const d of deltas) {
      expect(d.changed!.length).toBeGreaterThan(0);
      expect(touchesGraph(d.changed!)).toBe(false);
    }
    // What the graph builds from the last whole snapshot and the last delta is the same.
    const graphOf = (s: HostSnapshot): unknown => [modelFromSnapshot(s.topology, '/'), realClientsOf(s.topology, '/')];
    expect(graphOf(h.got.at(-1)!.snap)).toEqual(graphOf(h.got[lastFull]!.snap));
    // Counters the run did change are among them.
    const paths = deltas.flatMap((d) => d.changed!.map((p) => p.join('.')));
    expect(paths.some((p) => /^topology\.queues\.\d+\.ready$/.test(p))).toBe(true);
    expect(paths.some((p) => /^topology\.bindings\.\d+\.routed$/.test(p) || /^topology\.exchanges\.\d+\.counters\./.test(p))).toBe(true);
  });

  test('a changed name, type, argument, key or channel count is not a counter: the graph checks it', () => {
    for (const p of [
      ['topology', 'exchanges', 3, 'type'],
      ['topology', 'queues', 0, 'arguments', 'x-max-length'],
      ['topology', 'queues', 0, 'durable'],
      ['topology', 'bindings', 2, 'routingKey'],
      ['topology', 'connections', 1, 'name'],
      ['topology', 'connections', 1, 'channels'],
      ['topology', 'consumers', 0, 'queue'],
      ['topology', 'channels', 0, 'publishes', 0, 'exchange'],
      ['topology', 'vhosts', 0, 'name'],
    ] as PathStep[][]) {
      expect(isCounterLeaf(p), p.join('.')).toBe(false);
      expect(touchesGraph([['topology', 'at'], p])).toBe(true);
    }
    for (const p of [
      ['sim', 'timeMs'],
      ['metrics', 'rates', 'publish'],
      ['topology', 'totals', 'publish'],
      ['topology', 'queues', 4, 'counters', 'deliver'],
      ['topology', 'queues', 4, 'ready'],
      ['topology', 'channels', 0, 'publishes', 0, 'routingKeys', 'task_queue'],
      ['topology', 'consumers', 2, 'delivered'],
    ] as PathStep[][])
      expect(isCounterLeaf(p), p.join('.')).toBe(true);
  });
});
