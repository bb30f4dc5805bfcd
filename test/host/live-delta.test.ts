import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { PacedClock } from '../../engine/adapters/paced-clock.ts';
import { Broker } from '../../engine/core/broker.ts';
import { VirtualScheduler } from '../../engine/core/clock.ts';
import type { HostSnapshot, LiveDelta, PushChannel, PushPayloads } from '../../engine/host/contract.ts';
import { HostService } from '../../engine/host/host-service.ts';
import { applyChanges, diffFlat, flatten, leafPaths } from '../../engine/host/live-delta.ts';
import { LiveMirror } from '../../engine/host/live-mirror.ts';
import { RunnerSimulation } from '../../engine/host/sim-port.ts';

const scenario = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`../../engine/sim/examples/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
/** What a client receives over the WebSocket: the JSON text's value. */
const wire = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** A host with a simulator on a wall clock the test moves, its pushes recorded as they would cross the wire. */
function setup(opts: { liveDeltas?: boolean } = {}) {
  const broker = new Broker({ scheduler: new VirtualScheduler(0) });
  let wall = 0;
  const sim = new RunnerSimulation({ broker, clock: (speed) => new PacedClock({ speed, wallNow: () => wall }), seed: 7 });
  let tick = (): void => undefined;
  const service = new HostService({ broker, mode: 'web', simulation: sim, ticker: { every: (_ms, fn) => ((tick = fn), () => undefined) }, ...opts });
  const pushes: { [C in PushChannel]: { channel: C; payload: PushPayloads[C] } }[PushChannel][] = [];
  service.subscribe((channel, payload) => void pushes.push(wire({ channel, payload }) as never));
  const step = async (ms: number): Promise<void> => {
    const r = await service.invoke('sim:step', { ms });
    if (!r.ok) throw new Error(r.error.message);
  };
  return { broker, service, pushes, step, tick: () => tick(), load: (name: string) => service.invoke('sim:load', { scenario: scenario(name) }) };
}

describe('live deltas', () => {
  test('flatten, diff and apply: a delta turns one snapshot into the next, sharing what did not change', () => {
    const a = { seq: 1, list: [{ id: 'x', n: 1, skip: undefined }, { id: 'y', n: 2 }], bad: Number.NaN, tag: 'a' };
    const b = { seq: 2, list: [{ id: 'x', n: 1 }, { id: 'y', n: 5 }], bad: Number.POSITIVE_INFINITY, tag: 'b' };
    const changes = diffFlat(flatten(a), flatten(b));
    expect(changes).toEqual([0, 2, 4, 5, 6, 'b']);
    const next = applyChanges(wire(a), leafPaths(wire(a)), changes!);
    expect(next).toEqual(wire(b));
    const base = wire(a);
    const applied = applyChanges(base, leafPaths(base), changes!);
    expect(applied.list[0]).toBe(base.list[0]);
    expect(applied.list[1]).not.toBe(base.list[1]);
    expect(base.list[1]!.n).toBe(2);
  });

  test('a change of shape cannot be a delta', () => {
    expect(diffFlat(flatten({ a: [1, 2] }), flatten({ a: [1, 2, 3] }))).toBeNull();
    expect(diffFlat(flatten({ a: 1, b: 2 }), flatten({ b: 2, a: 1 }))).toBeNull();
    expect(diffFlat(flatten({ a: 1 }), flatten({ a: { b: 1 } }))).toBeNull();
    expect(diffFlat(flatten({ a: 1, b: undefined }), flatten({ a: 1 }))).toEqual([]);
    // An array is not an object keyed by its indices, an empty container is not a leaf, and a key is never mistaken for structure.
    expect(diffFlat(flatten({ a: [1] }), flatten({ a: { 0: 1 } }))).toBeNull();
    expect(diffFlat(flatten({ a: [] }), flatten({ a: null }))).toBeNull();
    expect(diffFlat(flatten({ a: {}, b: 1 }), flatten({ a: { b: 1 } }))).toBeNull();
    expect(diffFlat(flatten({ '{': 1, '}': 2 }), flatten({ '{': 1, '}': 3 }))).toEqual([1, 3]);
  });

  test('the deltas a running simulation pushes, applied in order, are each full snapshot', async () => {
    const h = setup();
    await h.load('tutorial-2-work-queues');
    h.tick();
    const mirror = new LiveMirror();
    let deltas = 0;
    for (let i = 0; i < 12; i++) {
      await h.step(250);
      h.tick();
      for (const p of h.pushes.splice(0)) {
        if (p.channel === 'snapshot') mirror.reset(p.payload);
        if (p.channel !== 'live') continue;
        deltas++;
        const r = mirror.apply(p.payload);
        expect(r.ok).toBe(true);
      }
      expect(mirror.snapshot).toEqual(wire(h.service.current()));
    }
    expect(deltas).toBeGreaterThan(6);
    expect(mirror.snapshot?.metrics?.total.counts.publish).toBeGreaterThan(0);
  });

  test('deltas are a small part of the snapshot they stand for', async () => {
    const h = setup();
    await h.load('tutorial-2-work-queues');
    await h.step(1000);
    h.tick();
    await h.step(250);
    h.tick();
    const delta = h.pushes.filter((p) => p.channel === 'live').at(-1)!;
    expect(JSON.stringify(delta.payload).length * 3).toBeLessThan(JSON.stringify(h.service.current()).length);
  });

  test('a queue declared mid-run changes the shape: the next push is the whole snapshot', async () => {
    const h = setup();
    h.tick();
    h.pushes.length = 0;
    await h.service.invoke('topology:apply', { type: 'queue.declare', vhost: '/', name: 'new-q', durable: false, exclusive: false, autoDelete: false, arguments: {} });
    h.tick();
    expect(h.pushes.map((p) => p.channel)).toEqual(['events', 'snapshot']);
    const snap = h.pushes[1]!.payload as HostSnapshot;
    expect(snap.topology.queues.map((q) => q.name)).toContain('new-q');
  });

  test('nothing changed, nothing pushed', () => {
    const h = setup();
    h.tick();
    h.tick();
    expect(h.pushes.map((p) => p.channel)).toEqual(['snapshot']);
  });

  test('with deltas off every push is the whole snapshot', async () => {
    const h = setup({ liveDeltas: false });
    await h.load('tutorial-2-work-queues');
    for (let i = 0; i < 3; i++) {
      await h.step(250);
      h.tick();
    }
    expect(new Set(h.pushes.map((p) => p.channel))).toEqual(new Set(['snapshot', 'events']));
  });

  test('snapshot:get answers the base of the next delta', async () => {
    const h = setup();
    await h.load('tutorial-2-work-queues');
    await h.step(500);
    h.tick();
    const r = await h.service.invoke('snapshot:get', {});
    const mirror = new LiveMirror();
    mirror.reset(wire(r.ok ? r.value : (undefined as never)));
    await h.step(250);
    h.tick();
    const delta = h.pushes.filter((p) => p.channel === 'live').at(-1)!.payload as LiveDelta;
    expect(mirror.apply(delta).ok).toBe(true);
    expect(mirror.snapshot).toEqual(wire(h.service.current()));
  });
});

describe('the mirror refuses what does not fit', () => {
  async function twoDeltas() {
    const h = setup();
    await h.load('tutorial-2-work-queues');
    await h.step(1000);
    h.tick();
    const first = wire(h.service.current());
    h.pushes.length = 0;
    for (let i = 0; i < 2; i++) {
      await h.step(250);
      h.tick();
    }
    const deltas = h.pushes.filter((p) => p.channel === 'live').map((p) => p.payload as LiveDelta);
    expect(deltas.map((d) => d.base)).toEqual([first.seq, deltas[0]!.seq]);
    return { h, first, deltas };
  }

  test('a lost delta (a gap in seq) is refused, and the mirror keeps what it had', async () => {
    const { first, deltas } = await twoDeltas();
    const m = new LiveMirror();
    m.reset(first);
    const r = m.apply(deltas[1]!);
    expect(r).toEqual({ ok: false, reason: expect.stringContaining(`based on snapshot ${deltas[0]!.seq}`) });
    expect(m.seq).toBe(first.seq);
  });

  test('deltas out of order are refused; in order they apply', async () => {
    const { first, deltas } = await twoDeltas();
    const m = new LiveMirror();
    m.reset(first);
    expect(m.apply(deltas[1]!).ok).toBe(false);
    expect(m.apply(deltas[0]!).ok).toBe(true);
    expect(m.apply(deltas[0]!).ok).toBe(false);
    expect(m.apply(deltas[1]!).ok).toBe(true);
    expect(m.seq).toBe(deltas[1]!.seq);
  });

  test('a delta before any snapshot, or naming a leaf the snapshot lacks, is refused', async () => {
    const { first, deltas } = await twoDeltas();
    const m = new LiveMirror();
    expect(m.apply(deltas[0]!)).toEqual({ ok: false, reason: expect.stringContaining('before any full snapshot') });
    m.reset(first);
    expect(m.apply({ ...deltas[0]!, changes: [10_000_000, 1] })).toEqual({ ok: false, reason: expect.stringContaining('does not fit') });
    expect(m.apply({ ...deltas[0]!, changes: [0] })).toEqual({ ok: false, reason: expect.stringContaining('odd number') });
    expect(m.seq).toBe(first.seq);
  });
});
