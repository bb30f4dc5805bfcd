import { describe, expect, test } from 'vitest';
import { LatencyHistogram } from '../../engine/metrics/latency-histogram.ts';
import { LossLedger } from '../../engine/metrics/loss-ledger.ts';
import { Arrival, SequenceTracker } from '../../engine/metrics/sequence-tracker.ts';
import { SeriesRing } from '../../engine/metrics/series-ring.ts';

describe('latency histogram', () => {
  test('reports exact small values and percentiles within about 1.6%', () => {
    const h = new LatencyHistogram();
    for (let i = 1; i <= 1000; i++) h.record(i); // 1..1000 ms
    const s = h.stats();
    expect(s).toMatchObject({ count: 1000, min: 1, max: 1000, mean: 500.5 });
    for (const [p, want] of [['p50', 500], ['p75', 750], ['p95', 950], ['p99', 990]] as const) {
      expect(Math.abs(s[p] - want) / want).toBeLessThan(0.016);
    }
  });

  test('keeps microsecond values below 128 µs exact', () => {
    const h = new LatencyHistogram();
    h.record(0.005);
    h.record(0.1);
    expect(h.stats()).toMatchObject({ min: 0.005, p50: 0.005, max: 0.1 });
  });

  test('merges, and reports two histograms together without merging them', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    a.record(10);
    b.record(20);
    b.record(30);
    expect(a.stats(b)).toMatchObject({ count: 3, min: 10, max: 30 });
    a.add(b);
    b.reset();
    expect(a.stats()).toMatchObject({ count: 3, min: 10, max: 30 });
    expect(b.stats().count).toBe(0);
  });

  test('handles hour-long latencies', () => {
    const h = new LatencyHistogram();
    h.record(3_600_000);
    expect(Math.abs(h.stats().p99 - 3_600_000) / 3_600_000).toBeLessThan(0.016);
  });
});

describe('sequence tracker', () => {
  test('counts gaps until they are filled, and tells duplicates from redeliveries', () => {
    const t = new SequenceTracker();
    expect(t.arrive(1, false)).toBe(Arrival.InOrder);
    expect(t.arrive(4, false)).toBe(Arrival.InOrder);
    expect(t.gaps).toBe(2);
    expect(t.arrive(2, false)).toBe(Arrival.OutOfOrder);
    expect(t.gaps).toBe(1);
    expect(t.arrive(2, false)).toBe(Arrival.Duplicate);
    expect(t.arrive(4, true)).toBe(Arrival.Redelivery);
    expect(t.gaps).toBe(1);
  });

  test('keeps a hole that slid out of the window counted', () => {
    const t = new SequenceTracker();
    t.arrive(1, false);
    t.arrive(3, false);
    for (let s = 4; s < 5000; s++) t.arrive(s, false);
    expect(t.gaps).toBe(1);
  });
});

describe('loss ledger', () => {
  test('settles in any order and slides its floor', () => {
    const l = new LossLedger();
    for (const s of [3, 1, 2, 5, 100]) l.settle(s);
    expect(l.floor).toBe(3);
    expect(l.settled).toBe(5);
    expect(l.has(4)).toBe(false);
    expect(l.has(100)).toBe(true);
    for (let s = 1; s <= 200_000; s++) l.settle(s);
    expect(l.floor).toBe(200_000);
    expect(l.settled).toBe(200_000);
  });
});

describe('series ring', () => {
  test('keeps only the last capacity samples and creates columns lazily', () => {
    const r = new SeriesRing(3);
    for (let t = 1; t <= 5; t++) {
      r.begin(t * 1000);
      r.set('publish', t === 4 ? 7 : 0);
    }
    expect(r.read(['publish', 'ack'])).toEqual({ times: [3000, 4000, 5000], values: { publish: [0, 7, 0], ack: [0, 0, 0] } });
    expect(r.read(['publish'], 3000).times).toEqual([4000, 5000]);
  });
});
