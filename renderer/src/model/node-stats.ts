import type { MessageCounters } from '../../../engine/core/counters.ts';
import type { CounterSnapshot } from '../../../engine/core/counters.ts';
import { clientCounts, countsRecord, exchangeCounts, newCounts, queueCounts } from '../../../engine/metrics/counts.ts';
import type { ClientState, Counts, EntitySnapshot, Rates } from '../../../engine/metrics/snapshot-types.ts';

/** What a node's live badge and its edges show; rates are per second. */
export interface NodeStats {
  rates: Rates;
  counts: Counts;
  ready?: number;
  unacked?: number;
  consumers?: number;
  /** Consume latency of the last interval (ms), for consumers and the total. */
  latency?: { p50: number; p95: number; p99: number };
  /** Out-of-order deliveries and redeliveries seen by consumers (cumulative). */
  ordering?: { outOfOrder: number; redeliveries: number; duplicates: number; gaps: number };
  state?: ClientState;
  /** Simulated instances behind a producer or consumer node. */
  instances?: number;
}

export type EntityKindForCounts = 'queue' | 'exchange' | 'client';

/**
 * Host counters (engine/core `CounterSnapshot`) as the metrics layer's named
 * counts, with the simulator's own mapping so both sources read alike. The
 * mapping functions only read the numeric fields a snapshot copies.
 */
export function countsOf(kind: EntityKindForCounts, c: CounterSnapshot): Counts {
  const slots = newCounts();
  const counters = c as unknown as MessageCounters;
  if (kind === 'queue') queueCounts(counters, slots);
  else if (kind === 'exchange') exchangeCounts(counters, slots);
  else clientCounts(counters, slots);
  return countsRecord(slots);
}

/** Per-second rates between two count records taken `dtMs` apart (never negative). */
export function ratesBetween(prev: Counts | undefined, next: Counts, dtMs: number): Rates {
  const out = {} as Rates;
  for (const k of Object.keys(next) as (keyof Counts)[]) {
    const d = prev ? next[k] - prev[k] : 0;
    out[k] = dtMs > 0 && d > 0 ? (d * 1000) / dtMs : 0;
  }
  return out;
}

/** The six series every throughput chart shows, from a rates (or counts) record. */
export function headline(r: Rates | Counts): { published: number; delivered: number; acked: number; redelivered: number; returned: number; deadLettered: number } {
  return {
    published: r.publish || r.publishIn,
    delivered: r.deliverManualAck + r.deliverAutoAck + r.getManualAck + r.getAutoAck,
    acked: r.ack,
    redelivered: r.redelivered,
    returned: r.returnUnroutable,
    deadLettered: r.deadLetteredRejected + r.deadLetteredExpired + r.deadLetteredMaxlen + r.deadLetteredDeliveryLimit,
  };
}

/** Sum several entities' snapshots into one (a producer or consumer node stands for all its instances). */
export function mergeEntities(list: readonly EntitySnapshot[]): NodeStats {
  const first = list[0]!;
  const rates = { ...first.rates };
  const counts = { ...first.counts };
  for (const e of list.slice(1)) {
    for (const k of Object.keys(rates) as (keyof Rates)[]) {
      rates[k] += e.rates[k];
      counts[k] += e.counts[k];
    }
  }
  const out: NodeStats = { rates, counts, instances: list.length };
  const lat = list.map((e) => e.latency?.consume?.interval).filter((l) => l !== undefined && l.count > 0);
  if (lat.length > 0) out.latency = { p50: Math.max(...lat.map((l) => l!.p50)), p95: Math.max(...lat.map((l) => l!.p95)), p99: Math.max(...lat.map((l) => l!.p99)) };
  const ord = list.map((e) => e.ordering?.byProducer).filter((o) => o !== undefined);
  if (ord.length > 0) {
    out.ordering = {
      outOfOrder: ord.reduce((s, o) => s + o!.outOfOrder, 0),
      redeliveries: ord.reduce((s, o) => s + o!.redeliveries, 0),
      duplicates: ord.reduce((s, o) => s + o!.duplicates, 0),
      gaps: ord.reduce((s, o) => s + o!.gaps, 0),
    };
  }
  const states = list.map((e) => e.state).filter((s) => s !== undefined);
  if (states.length > 0) out.state = pickState(states as ClientState[]);
  return out;
}

/** The state a group of instances shows: the most alarming one, with summed in-flight numbers. */
function pickState(states: ClientState[]): ClientState {
  const order: ClientState['status'][] = ['hung', 'blocked', 'reconnecting', 'running', 'waiting', 'stopped'];
  const status = order.find((s) => states.some((x) => x.status === s)) ?? 'stopped';
  return {
    status,
    inFlight: states.reduce((s, x) => s + x.inFlight, 0),
    buffered: states.reduce((s, x) => s + x.buffered, 0),
    crashes: states.reduce((s, x) => s + x.crashes, 0),
    timeouts: states.reduce((s, x) => s + x.timeouts, 0),
  };
}
