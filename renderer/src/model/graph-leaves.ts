import type { PathStep } from '../../../engine/host/live-delta.ts';

/**
 * Fields of the topology snapshot that only count things (see
 * snapshot-types.ts), per collection. The graph's structure (modelFromSnapshot
 * and realClientsOf) reads none of them: names, types, arguments, owners and
 * a connection's channel count are what it reads. A field missing here only
 * costs a needless rebuild check; a field wrongly listed here would hide a
 * change from the graph, so only pure counters belong here.
 */
const COUNTERS: Readonly<Record<string, ReadonlySet<string>>> = {
  exchanges: new Set(['counters']),
  queues: new Set(['counters', 'ready', 'unacked', 'messages', 'readyBytes', 'consumers']),
  bindings: new Set(['routed']),
  connections: new Set(['counters']),
  channels: new Set(['counters', 'unacked', 'unconfirmed', 'consumers']),
  consumers: new Set(['unacked', 'delivered']),
};

/** Counters of one channel's publishes to one exchange (`publishes[j].<field>`, and the per-routing-key counts). */
const PUBLISH_COUNTERS = new Set(['published', 'confirmed', 'unroutableReturned', 'unroutableDropped', 'routingKeys']);

/** Whether the leaf at `path` (in a host snapshot) is a counter the graph's structure does not depend on. */
export function isCounterLeaf(path: readonly PathStep[]): boolean {
  if (path[0] !== 'topology') return true; // the simulator's status and metrics: the graph never reads them
  const [, collection, , field, , sub] = path;
  if (collection === 'at' || collection === 'totals') return true;
  if (typeof collection !== 'string' || typeof field !== 'string') return false;
  if (COUNTERS[collection]?.has(field)) return true;
  return collection === 'channels' && field === 'publishes' && typeof sub === 'string' && PUBLISH_COUNTERS.has(sub);
}

/**
 * Whether a delta that changed the leaves at `changed` can have changed
 * what the graph draws as structure (nodes, edges, labels): false when every
 * leaf is a counter, so the graph store need not rebuild its model to check.
 */
export function touchesGraph(changed: readonly (readonly PathStep[])[]): boolean {
  for (const p of changed) if (!isCounterLeaf(p)) return true;
  return false;
}
