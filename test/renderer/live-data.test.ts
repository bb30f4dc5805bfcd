import { describe, expect, test } from 'vitest';
import { HistoryBook, historyCsv, thin } from '../../renderer/src/model/history-book.ts';
import type { NodeStats } from '../../renderer/src/model/node-stats.ts';
import { ratesBetween } from '../../renderer/src/model/node-stats.ts';
import { withRates } from '../../renderer/src/model/live-stats.ts';
import { COUNT_NAMES } from '../../engine/metrics/snapshot-types.ts';
import type { Counts } from '../../engine/metrics/snapshot-types.ts';

const counts = (patch: Partial<Counts>): Counts => ({ ...(Object.fromEntries(COUNT_NAMES.map((n) => [n, 0])) as Counts), ...patch });
const stats = (patch: Partial<Counts>, extra: Partial<NodeStats> = {}): NodeStats => ({ counts: counts(patch), rates: counts(patch), ...extra });

describe('live data', () => {
  test('rates are count deltas per second of the run, never negative', () => {
    expect(ratesBetween(counts({ publish: 10 }), counts({ publish: 30 }), 2000).publish).toBe(10);
    expect(ratesBetween(counts({ publish: 30 }), counts({ publish: 5 }), 1000).publish).toBe(0);
    const now = new Map([['q', { counts: counts({ publish: 50 }), ready: 3 }]]);
    const base = { readings: new Map([['q', { counts: counts({ publish: 40 }) }]]), time: 1000 };
    expect(withRates(base, now, 1500)['q']).toMatchObject({ ready: 3, rates: { publish: 20 } });
  });

  test('a node that appeared since the base reading counted from zero: its rate shows at once', () => {
    const base = { readings: new Map([['q', { counts: counts({ publish: 40 }) }]]), time: 1000 };
    const now = new Map([
      ['q', { counts: counts({ publish: 50 }) }],
      ['sim-consumer:new', { counts: counts({ ack: 30 }) }],
    ]);
    expect(withRates(base, now, 2000)['sim-consumer:new']!.rates.ack).toBe(30);
    // Without any base there is no rate yet.
    expect(withRates(undefined, now, 2000)['sim-consumer:new']!.rates.ack).toBe(0);
  });

  test('the history keeps at most its capacity, oldest first', () => {
    const h = new HistoryBook(3);
    for (let t = 0; t < 5; t++) h.add(t * 1000, { total: stats({ publish: t }) });
    expect(h.window('total').map((p) => [p.t, p.published])).toEqual([
      [2000, 2],
      [3000, 3],
      [4000, 4],
    ]);
    expect(h.window('total', 3000)).toHaveLength(2);
  });

  test('an entity missing from a sample reads as a gap, and CSV leaves it empty', () => {
    const h = new HistoryBook(4);
    h.add(0, { q: stats({ publish: 1 }, { ready: 2 }) });
    h.add(1000, {});
    const points = h.window('q');
    expect(Number.isNaN(points[1]!.published)).toBe(true);
    expect(historyCsv(points, ['published', 'ready'])).toBe('time_ms,published,ready\n0,1,2\n1000,,\n');
  });

  test('memory is bounded by entities as well as samples', () => {
    const h = new HistoryBook(2, 2);
    h.add(0, { a: stats({}), b: stats({}), c: stats({}) });
    expect(h.window('c')).toEqual([]);
  });

  test('charts draw a thinned window: at most the limit, evenly spaced, ending on the newest sample', () => {
    const all = Array.from({ length: 300 }, (_, i) => i);
    const drawn = thin(all, 100);
    expect(drawn).toHaveLength(100);
    expect(drawn.at(-1)).toBe(299);
    expect(new Set(drawn.slice(1).map((v, i) => v - drawn[i]!))).toEqual(new Set([3]));
    expect(thin(all.slice(0, 80), 100)).toHaveLength(80);
    expect(thin(all.slice(0, 101), 100)).toEqual(all.slice(0, 101).filter((v) => v % 2 === 0));
  });
});
