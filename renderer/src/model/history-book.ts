import type { NodeStats } from './node-stats.ts';
import { headline } from './node-stats.ts';

/** The series kept for every charted entity, in column order. */
export const SERIES = [
  'published',
  'delivered',
  'acked',
  'redelivered',
  'returned',
  'deadLettered',
  'ready',
  'unacked',
  'p50',
  'p95',
  'p99',
  'outOfOrder',
  'redeliveries',
] as const;
export type SeriesKey = (typeof SERIES)[number];
const COLS = SERIES.length;

/** One chart point: its time (ms on the run's clock) and each series' value (NaN when unknown). */
export type HistoryPoint = { t: number } & Record<SeriesKey, number>;

function row(s: NodeStats): number[] {
  const h = headline(s.rates);
  return [
    h.published,
    h.delivered,
    h.acked,
    h.redelivered,
    h.returned,
    h.deadLettered,
    s.ready ?? NaN,
    s.unacked ?? NaN,
    s.latency?.p50 ?? NaN,
    s.latency?.p95 ?? NaN,
    s.latency?.p99 ?? NaN,
    s.ordering?.outOfOrder ?? NaN,
    s.ordering?.redeliveries ?? NaN,
  ];
}

/**
 * Bounded chart history: one shared ring of sample times and, per entity, a
 * ring of `SERIES` values. Memory is fixed by `capacity` and `maxEntities`
 * however long the run, so charts stay cheap; they read a window of it.
 */
export class HistoryBook {
  private readonly times: Float64Array;
  private readonly rings = new Map<string, Float64Array>();
  private head = 0;
  private size = 0;

  constructor(
    readonly capacity = 900,
    readonly maxEntities = 400,
  ) {
    this.times = new Float64Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  /** The newest sample's time, or -Infinity when empty. */
  get lastTime(): number {
    return this.size === 0 ? -Infinity : this.times[(this.head - 1 + this.capacity) % this.capacity]!;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
    this.rings.clear();
  }

  /** Append one sample for every entity given; entities left out get NaN at this time. */
  add(t: number, stats: Readonly<Record<string, NodeStats>>): void {
    const slot = this.head;
    this.times[slot] = t;
    for (const [id, s] of Object.entries(stats)) {
      let ring = this.rings.get(id);
      if (!ring) {
        if (this.rings.size >= this.maxEntities) continue;
        ring = new Float64Array(this.capacity * COLS).fill(NaN);
        this.rings.set(id, ring);
      }
      ring.set(row(s), slot * COLS);
    }
    for (const [id, ring] of this.rings) if (!(id in stats)) ring.fill(NaN, slot * COLS, slot * COLS + COLS);
    this.head = (this.head + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** Points of one entity from `since` on, oldest first (an empty list for an unknown entity). */
  window(entity: string, since = -Infinity): HistoryPoint[] {
    const ring = this.rings.get(entity);
    if (!ring) return [];
    const out: HistoryPoint[] = [];
    for (let i = 0; i < this.size; i++) {
      const slot = (this.head - this.size + i + this.capacity) % this.capacity;
      const t = this.times[slot]!;
      if (t < since) continue;
      const p = { t } as HistoryPoint;
      for (let c = 0; c < COLS; c++) p[SERIES[c]!] = ring[slot * COLS + c]!;
      out.push(p);
    }
    return out;
  }
}

/** A window of points as CSV, header first; unknown values are left empty. */
export function historyCsv(points: readonly HistoryPoint[], keys: readonly SeriesKey[]): string {
  const lines = [['time_ms', ...keys].join(',')];
  for (const p of points) lines.push([p.t, ...keys.map((k) => (Number.isFinite(p[k]) ? String(Math.round(p[k] * 1000) / 1000) : ''))].join(','));
  return lines.join('\n') + '\n';
}

/** Every k-th point, ending on the newest, so at most `max` remain. */
export function thin<T>(points: readonly T[], max: number): readonly T[] {
  if (points.length <= max) return points;
  const stride = Math.ceil(points.length / max);
  const out: T[] = [];
  for (let i = (points.length - 1) % stride; i < points.length; i += stride) out.push(points[i]!);
  return out;
}
