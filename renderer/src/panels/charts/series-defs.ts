import type { SeriesKey } from '../../model/history-book.ts';

export interface SeriesDef {
  key: SeriesKey;
  label: string;
  color: string;
  /** Dash pattern, so lines differ by more than colour. */
  dash?: string;
}

export interface ChartDef {
  id: string;
  title: string;
  unit: string;
  /** The unit counts time (per second, milliseconds): simulated time while a scenario runs. */
  timed?: boolean;
  series: SeriesDef[];
}

/** A chart's unit as shown: `msg/s (simulated)` while a scenario's clock is the one that counts. */
export function unitLabel(def: ChartDef, simulated: boolean): string {
  return def.timed && simulated ? `${def.unit} (simulated)` : def.unit;
}

/** The charts, after RabbitMQ's management UI (message rates, queue lengths) and PerfTest (latency). */
export const CHARTS: readonly ChartDef[] = [
  {
    id: 'throughput',
    title: 'Throughput',
    unit: 'msg/s',
    timed: true,
    series: [
      { key: 'published', label: 'Published', color: 'var(--o-published)' },
      { key: 'delivered', label: 'Delivered', color: 'var(--o-delivered)' },
      { key: 'acked', label: 'Acked', color: 'var(--o-acked)', dash: '6 3' },
      { key: 'redelivered', label: 'Redelivered', color: 'var(--o-redelivered)', dash: '2 2' },
      { key: 'returned', label: 'Returned', color: 'var(--o-returned)', dash: '8 3 2 3' },
      { key: 'deadLettered', label: 'Dead-lettered', color: 'var(--o-dead)', dash: '4 4' },
    ],
  },
  {
    id: 'depth',
    title: 'Queue depth',
    unit: 'messages',
    series: [
      { key: 'ready', label: 'Ready', color: 'var(--o-ready)' },
      { key: 'unacked', label: 'Unacked', color: 'var(--o-unacked)', dash: '6 3' },
    ],
  },
  {
    id: 'latency',
    title: 'Latency (publish → consume)',
    unit: 'ms',
    timed: true,
    series: [
      { key: 'p50', label: 'p50', color: 'var(--o-delivered)' },
      { key: 'p95', label: 'p95', color: 'var(--o-redelivered)', dash: '6 3' },
      { key: 'p99', label: 'p99', color: 'var(--o-returned)', dash: '2 2' },
    ],
  },
  {
    id: 'ordering',
    title: 'Ordering and redeliveries',
    unit: 'messages (total)',
    series: [
      { key: 'outOfOrder', label: 'Out of order', color: 'var(--o-returned)' },
      { key: 'redeliveries', label: 'Redeliveries seen', color: 'var(--o-redelivered)', dash: '6 3' },
    ],
  },
];
