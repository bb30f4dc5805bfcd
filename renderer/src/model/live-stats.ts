import type { HostSnapshot } from '../../../engine/host/contract.ts';
import type { TopologySnapshot } from '../../../engine/host/snapshot-types.ts';
import type { Counts, EntitySnapshot, MetricsSnapshot } from '../../../engine/metrics/snapshot-types.ts';
import type { NodeStats } from './node-stats.ts';
import { countsOf, mergeEntities, ratesBetween } from './node-stats.ts';
import { exchangeId, queueId } from './topology-model.ts';

/** Graph node ids of simulated clients (one node per scenario producer or consumer id). */
export const producerNodeId = (id: string): string => `sim-producer:${id}`;
export const consumerNodeId = (id: string): string => `sim-consumer:${id}`;
export const connectionNodeId = (n: number): string => `connection:${n}`;

/** Counts per node id from a topology snapshot, kept to compute the next rates. */
export type CountsById = Map<string, Counts>;

/** Every node's counts in a topology snapshot (queues, exchanges, connections), keyed by graph node id. */
export function countsById(t: TopologySnapshot): CountsById {
  const out: CountsById = new Map();
  for (const q of t.queues) out.set(q.id, countsOf('queue', q.counters));
  for (const x of t.exchanges) out.set(x.id, countsOf('exchange', x.counters));
  for (const c of t.connections) out.set(c.id, countsOf('client', c.counters));
  out.set('total', countsOf('client', t.totals));
  return out;
}

/**
 * The live numbers of every node of one vhost: the simulator's sampled rates
 * when it measures the entity, otherwise rates derived from the host's
 * counters between two snapshots.
 */
export function deriveStats(prev: { counts: CountsById; at: number } | undefined, snap: HostSnapshot, counts: CountsById, vhost: string): Record<string, NodeStats> {
  const t = snap.topology;
  const dt = prev ? t.at - prev.at : 0;
  const out: Record<string, NodeStats> = {};
  const fromCounters = (id: string): NodeStats => {
    const c = counts.get(id)!;
    return { counts: c, rates: ratesBetween(prev?.counts.get(id), c, dt) };
  };
  const m = snap.metrics;
  const metricsQ = indexBy(m?.queues, (e) => (e.ref.vhost === vhost ? queueId(vhost, e.ref.name) : undefined));
  const metricsX = indexBy(m?.exchanges, (e) => (e.ref.vhost === vhost ? exchangeId(vhost, e.ref.name === '(AMQP default)' ? '' : e.ref.name) : undefined));
  for (const q of t.queues) {
    if (q.vhost !== vhost) continue;
    const e = metricsQ.get(q.id);
    out[q.id] = { ...(e ? { counts: e.counts, rates: e.rates } : fromCounters(q.id)), ready: q.ready, unacked: q.unacked, consumers: q.consumers };
  }
  for (const x of t.exchanges) {
    if (x.vhost !== vhost) continue;
    const e = metricsX.get(x.id);
    out[x.id] = e ? { counts: e.counts, rates: e.rates } : fromCounters(x.id);
  }
  for (const c of t.connections) if (c.vhost === vhost && c.kind === 'real') out[c.id] = fromCounters(c.id);
  if (m) {
    for (const [group, list] of groupBy(m.producers)) out[producerNodeId(group)] = mergeEntities(list);
    for (const [group, list] of groupBy(m.consumers)) out[consumerNodeId(group)] = mergeEntities(list);
  }
  return out;
}

/** The whole broker's numbers: the simulator's total when attached, else the host's counters. */
export function totalStats(prev: { counts: CountsById; at: number } | undefined, snap: HostSnapshot, counts: CountsById): NodeStats {
  const m = snap.metrics;
  if (m) return metricsTotal(m);
  const c = counts.get('total')!;
  const t = snap.topology;
  const depth = t.queues.reduce((s, q) => ({ ready: s.ready + q.ready, unacked: s.unacked + q.unacked }), { ready: 0, unacked: 0 });
  return { counts: c, rates: ratesBetween(prev?.counts.get('total'), c, prev ? t.at - prev.at : 0), ...depth };
}

function metricsTotal(m: MetricsSnapshot): NodeStats {
  const s = mergeEntities([m.total]);
  delete s.instances;
  if (m.total.depth) {
    s.ready = m.total.depth.ready;
    s.unacked = m.total.depth.unacked;
    s.consumers = m.total.depth.consumers;
  }
  return s;
}

function indexBy(list: readonly EntitySnapshot[] | undefined, key: (e: EntitySnapshot) => string | undefined): Map<string, EntitySnapshot> {
  const out = new Map<string, EntitySnapshot>();
  for (const e of list ?? []) {
    if (e.removedAt !== undefined) continue;
    const k = key(e);
    if (k !== undefined) out.set(k, e);
  }
  return out;
}

function groupBy(list: readonly EntitySnapshot[]): Map<string, EntitySnapshot[]> {
  const out = new Map<string, EntitySnapshot[]>();
  for (const e of list) {
    if (e.removedAt !== undefined) continue;
    const g = e.ref.group ?? e.ref.name;
    const arr = out.get(g);
    if (arr) arr.push(e);
    else out.set(g, [e]);
  }
  return out;
}
