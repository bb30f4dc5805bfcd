import { COUNT_N, countsRecord, newCounts } from './counts.ts';
import { LatencyHistogram, emptyLatencyStats } from './latency-histogram.ts';
import { SeriesRing } from './series-ring.ts';
import type { Depth, EntityRef, EntitySnapshot, LatencyKind, LatencyStats, SeriesName, SeriesSnapshot } from './snapshot-types.ts';
import { COUNT_NAMES, DEPTH_NAMES } from './snapshot-types.ts';

/** History sizes. */
export interface RingSizes {
  fine: number;
  coarse: number;
  /** A coarse sample averages this many fine ones. */
  coarseEvery: number;
}

const LATENCY_COLUMNS = ['p50', 'p99', 'max'] as const;

/**
 * One entity's metrics: live counts read from its source, rates from the
 * last sample, cumulative latency, and a fine and a coarse history.
 */
export class EntityTracker {
  readonly counts = newCounts();
  private readonly prev = newCounts();
  readonly rates = newCounts();
  private readonly coarseSum = newCounts();
  private coarseN = 0;
  depth: Depth | undefined;
  readonly fine: SeriesRing;
  readonly coarse: SeriesRing;
  /** Cumulative latency per kind; the source's interval histograms are folded in at each sample. */
  readonly latencyTotal = new Map<LatencyKind, LatencyHistogram>();
  readonly latencyInterval = new Map<LatencyKind, LatencyStats>();
  removedAt: number | undefined;

  constructor(
    public ref: EntityRef,
    private readonly sizes: RingSizes,
  ) {
    this.fine = new SeriesRing(sizes.fine);
    this.coarse = new SeriesRing(sizes.coarse);
  }

  /** Close a sample interval of `dtMs` at `time`: rates, latency, history. */
  sample(time: number, dtMs: number, intervals: ReadonlyMap<LatencyKind, LatencyHistogram> | undefined): void {
    const k = dtMs > 0 ? 1000 / dtMs : 0;
    const { counts, prev, rates } = this;
    for (let i = 0; i < COUNT_N; i++) {
      rates[i] = (counts[i]! - prev[i]!) * k;
      prev[i] = counts[i]!;
      this.coarseSum[i]! += rates[i]!;
    }
    this.fine.begin(time);
    this.write(this.fine, rates, 1);
    if (intervals) {
      for (const [kind, h] of intervals) {
        let total = this.latencyTotal.get(kind);
        if (!total) this.latencyTotal.set(kind, (total = new LatencyHistogram()));
        const s = h.stats();
        total.add(h);
        h.reset();
        this.latencyInterval.set(kind, s);
        for (const c of LATENCY_COLUMNS) if (s.count > 0) this.fine.set(`latency.${kind}.${c}`, s[c]);
      }
    }
    if (++this.coarseN === this.sizes.coarseEvery) {
      this.coarse.begin(time);
      this.write(this.coarse, this.coarseSum, 1 / this.coarseN);
      this.coarseSum.fill(0);
      this.coarseN = 0;
    }
  }

  private write(ring: SeriesRing, values: Float64Array, scale: number): void {
    for (let i = 0; i < COUNT_N; i++) ring.set(COUNT_NAMES[i]!, values[i]! * scale);
    const d = this.depth;
    if (d) for (const n of DEPTH_NAMES) ring.set(n, d[n]);
  }

  /** A plain snapshot; `intervals` are the source's histograms for the part of the interval not sampled yet. */
  snapshot(intervals: ReadonlyMap<LatencyKind, LatencyHistogram> | undefined): EntitySnapshot {
    const s: EntitySnapshot = { ref: { ...this.ref }, counts: countsRecord(this.counts), rates: countsRecord(this.rates) };
    if (this.depth) s.depth = { ...this.depth };
    const kinds = new Set<LatencyKind>([...this.latencyTotal.keys(), ...(intervals?.keys() ?? [])]);
    if (kinds.size > 0) {
      s.latency = {};
      for (const kind of kinds) {
        const total = this.latencyTotal.get(kind) ?? EMPTY;
        s.latency[kind] = { interval: this.latencyInterval.get(kind) ?? emptyLatencyStats(), total: total.stats(intervals?.get(kind)) };
      }
    }
    if (this.removedAt !== undefined) s.removedAt = this.removedAt;
    return s;
  }

  /** History in the requested resolution. */
  history(names: readonly SeriesName[] | undefined, since: number, resolution: 'fine' | 'coarse'): SeriesSnapshot {
    const ring = resolution === 'fine' ? this.fine : this.coarse;
    const all = ring.names().filter((n) => !n.startsWith('latency.')) as SeriesName[];
    const { times, values } = ring.read(names ?? all, since);
    const out: SeriesSnapshot = { entity: this.ref.id, resolutionMs: 0, times, values };
    const kinds = [...this.latencyTotal.keys()];
    if (resolution === 'fine' && kinds.length > 0) {
      out.latency = {};
      for (const kind of kinds) {
        const cols = ring.read(LATENCY_COLUMNS.map((c) => `latency.${kind}.${c}`), since).values;
        out.latency[kind] = { p50: cols[`latency.${kind}.p50`]!, p99: cols[`latency.${kind}.p99`]!, max: cols[`latency.${kind}.max`]! };
      }
    }
    return out;
  }
}

const EMPTY = new LatencyHistogram();
