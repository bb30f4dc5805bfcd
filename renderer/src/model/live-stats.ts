import type { HostSnapshot } from '../../../engine/host/contract.ts';
import type { Counts, EntitySnapshot } from '../../../engine/metrics/snapshot-types.ts';
import { countsRecord, newCounts } from '../../../engine/metrics/counts.ts';
import type { NodeStats } from './node-stats.ts';
import { countsOf, mergeEntities, ratesBetween } from './node-stats.ts';
import { bindingKey, exchangeId, queueId } from './topology-model.ts';

/** Graph node ids of simulated clients (one node per scenario producer or consumer id). */
export const producerNodeId = (id: string): string => `sim-producer:${id}`;
export const consumerNodeId = (id: string): string => `sim-consumer:${id}`;
export const connectionNodeId = (n: number): string => `connection:${n}`;
/** Stats id of what real connection `n` publishes to one exchange or (through the default exchange) queue node: its edge's rate. */
export const clientPublishId = (n: number, targetId: string): string => `client-publish:${n}>${targetId}`;

const QUEUE_ONLY = ['expired', 'deadLetteredRejected', 'deadLetteredExpired', 'deadLetteredMaxlen', 'deadLetteredDeliveryLimit'] as const;

/** A node's numbers in one snapshot, before rates: counts plus what only the snapshot knows (depth, latency, state). */
export type Reading = Omit<NodeStats, 'rates'>;

/** The readings of one vhost's nodes (and `total`), keyed by graph node id. */
export type Readings = Map<string, Reading>;

/**
 * Read every node of a vhost from a snapshot: the simulator's counts for
 * what it measures (queues and exchanges by name, clients by scenario id),
 * the host's counters for the rest (real connections, anything while no
 * scenario runs).
 */
export function readSnapshot(snap: HostSnapshot, vhost: string): Readings {
  const t = snap.topology;
  const m = snap.metrics;
  const out: Readings = new Map();
  const metricsQ = indexBy(m?.queues, (e) => (e.ref.vhost === vhost ? queueId(vhost, e.ref.name) : undefined));
  const metricsX = indexBy(m?.exchanges, (e) => (e.ref.vhost === vhost ? exchangeId(vhost, e.ref.name === '(AMQP default)' ? '' : e.ref.name) : undefined));
  for (const q of t.queues) {
    if (q.vhost !== vhost) continue;
    out.set(q.id, { counts: metricsQ.get(q.id)?.counts ?? countsOf('queue', q.counters), ready: q.ready, unacked: q.unacked, consumers: q.consumers });
  }
  for (const x of t.exchanges) if (x.vhost === vhost) out.set(x.id, { counts: metricsX.get(x.id)?.counts ?? countsOf('exchange', x.counters) });
  for (const c of t.connections) {
    if (c.vhost !== vhost || c.kind !== 'real') continue;
    // A connection counts everything its channels did, closed ones included.
    out.set(c.id, { counts: countsOf('client', c.counters) });
    for (const [target, n] of publishedBy(t, c.id, vhost)) {
      const counts = countsRecord(newCounts());
      counts.publish = n;
      out.set(clientPublishId(c.number, target), { counts });
    }
  }
  if (m) {
    for (const [group, list] of groupBy(m.producers)) out.set(producerNodeId(group), withoutRates(mergeEntities(list)));
    for (const [group, list] of groupBy(m.consumers)) out.set(consumerNodeId(group), withoutRates(mergeEntities(list)));
    const total = withoutRates(mergeEntities([m.total]));
    delete total.instances;
    out.set('total', { ...total, ...(m.total.depth && { ready: m.total.depth.ready, unacked: m.total.depth.unacked, consumers: m.total.depth.consumers }) });
  } else {
    const depth = t.queues.reduce((s, q) => ({ ready: s.ready + q.ready, unacked: s.unacked + q.unacked }), { ready: 0, unacked: 0 });
    const counts = countsOf('client', t.totals);
    // Expiry and dead-lettering happen in queues: the broker's totals are their sum.
    for (const q of t.queues) {
      for (const k of QUEUE_ONLY) counts[k] += q.counters[k];
    }
    out.set('total', { counts, ...depth });
  }
  return out;
}

/** Messages a connection published per target node: exchanges, and queues addressed through the default exchange. */
function publishedBy(t: HostSnapshot['topology'], connectionId: string, vhost: string): Map<string, number> {
  const out = new Map<string, number>();
  const add = (id: string, n: number): void => void out.set(id, (out.get(id) ?? 0) + n);
  for (const ch of t.channels) {
    if (ch.connectionId !== connectionId) continue;
    for (const p of ch.publishes ?? []) {
      if (p.exchange !== '') add(p.exchangeId, p.published);
      else for (const [q, n] of Object.entries(p.routingKeys ?? {})) add(queueId(vhost, q), n);
    }
  }
  return out;
}

/** Each binding's message count (`BindingEdge.routed`) in one snapshot, by graph edge id. */
export function readBindings(snap: HostSnapshot, vhost: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const b of snap.topology.bindings) if (b.vhost === vhost) out.set(bindingKey(b), b.routed);
  return out;
}

/** Messages per second through each binding since `base` (taken `time - base.time` ms before). */
export function bindingRates(base: { bindings: Map<string, number>; time: number } | undefined, now: Map<string, number>, time: number): Record<string, number> {
  const out: Record<string, number> = {};
  const dt = base ? time - base.time : 0;
  for (const [id, n] of now) {
    const d = n - (base?.bindings.get(id) ?? n);
    out[id] = dt > 0 && d > 0 ? (d * 1000) / dt : 0;
  }
  return out;
}

function withoutRates(s: NodeStats): Reading {
  const { rates: _r, ...rest } = s;
  return rest;
}

/**
 * Live numbers per node: each reading with rates over the time since `base`
 * (an earlier reading about a second before, on the run's clock), so rates
 * are per simulated second and do not jitter with the push interval. A node
 * missing from `base` appeared since (a client added mid-run): it counted
 * from zero, so its first rate is there at once, even while paused after a step.
 */
export function withRates(base: { readings: Readings; time: number } | undefined, now: Readings, time: number): Record<string, NodeStats> {
  const out: Record<string, NodeStats> = {};
  const dt = base ? time - base.time : 0;
  for (const [id, r] of now) {
    const before = base ? (base.readings.get(id)?.counts ?? ZERO) : undefined;
    out[id] = { ...r, rates: ratesBetween(before, r.counts, dt) };
  }
  return out;
}

const ZERO: Counts = countsRecord(newCounts());

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
