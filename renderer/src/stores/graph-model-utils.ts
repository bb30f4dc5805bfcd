import type { TopologySnapshot } from '../../../engine/host/snapshot-types.ts';
import type { RealClient } from '../graph/flow-types.ts';
import type { TopologyModel } from '../model/topology-model.ts';
import { bindingKey, exchangeId, queueId } from '../model/topology-model.ts';

/**
 * The engine's topology plus the drafts of `wanted` the engine refused
 * (elements with an error): what the graph shows. The engine's version of
 * an element wins over a draft of the same name. Policies are the engine's
 * only, and so are users: a refused one stays in its form, never half-applied.
 */
export function withDrafts(engine: TopologyModel, wanted: TopologyModel, errors: Readonly<Record<string, string>>): TopologyModel {
  const v = engine.vhost;
  const xs = new Set(engine.exchanges.map((x) => x.name));
  const qs = new Set(engine.queues.map((q) => q.name));
  const bs = new Set(engine.bindings.map(bindingKey));
  return {
    vhost: v,
    exchanges: [...engine.exchanges, ...wanted.exchanges.filter((x) => !xs.has(x.name) && errors[exchangeId(v, x.name)] !== undefined)],
    queues: [...engine.queues, ...wanted.queues.filter((q) => !qs.has(q.name) && errors[queueId(v, q.name)] !== undefined)],
    bindings: [...engine.bindings, ...wanted.bindings.filter((b) => !bs.has(bindingKey(b)) && errors[bindingKey(b)] !== undefined)],
    policies: engine.policies,
    users: engine.users,
  };
}

/** Ids of the elements of `shown` the engine does not have. */
export function draftIdsOf(engine: TopologyModel, shown: TopologyModel): Set<string> {
  const v = engine.vhost;
  const out = new Set<string>();
  const xs = new Set(engine.exchanges.map((x) => x.name));
  const qs = new Set(engine.queues.map((q) => q.name));
  const bs = new Set(engine.bindings.map(bindingKey));
  for (const x of shown.exchanges) if (!xs.has(x.name)) out.add(exchangeId(v, x.name));
  for (const q of shown.queues) if (!qs.has(q.name)) out.add(queueId(v, q.name));
  for (const b of shown.bindings) if (!bs.has(bindingKey(b))) out.add(bindingKey(b));
  return out;
}

/**
 * Real AMQP clients of a vhost, with the queues they consume from and where
 * they publish. Only names, never counts: the graph rebuilds when this changes.
 */
export function realClientsOf(t: TopologySnapshot, vhost: string): RealClient[] {
  return t.connections
    .filter((c) => c.kind === 'real' && c.vhost === vhost)
    .map((c) => {
      const exchanges = new Set<string>();
      const queues = new Set<string>();
      for (const ch of t.channels) {
        if (ch.connectionId !== c.id) continue;
        for (const p of ch.publishes ?? []) {
          if (p.exchange !== '') exchanges.add(p.exchange);
          else for (const k of Object.keys(p.routingKeys ?? {})) queues.add(k);
        }
      }
      return {
        id: c.id,
        number: c.number,
        name: c.name,
        user: c.user,
        peer: c.peerHost === null ? null : `${c.peerHost}:${c.peerPort ?? ''}`,
        channels: c.channels,
        consumes: t.consumers.filter((k) => k.connectionId === c.id).map((k) => ({ queue: k.queue, tag: k.tag })),
        publishesTo: [...exchanges].sort(),
        sendsTo: [...queues].sort(),
      };
    });
}
