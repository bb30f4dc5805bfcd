import type { GraphDoc } from './graph-doc.ts';
import { clientIds } from './graph-doc.ts';
import type { ConsumerDraft, ProducerDraft } from './scenario-doc.ts';
import type { BindingModel, ExchangeModel, QueueModel } from './topology-model.ts';

/** Copied elements: the bindings among them come along. */
export interface Clip {
  exchanges: ExchangeModel[];
  queues: QueueModel[];
  bindings: BindingModel[];
  producers: ProducerDraft[];
  consumers: ConsumerDraft[];
}

export function copyClip(d: GraphDoc, names: { exchanges: string[]; queues: string[]; producers: string[]; consumers: string[] }): Clip {
  const xs = d.model.exchanges.filter((x) => !x.builtIn && names.exchanges.includes(x.name));
  const qs = d.model.queues.filter((q) => !q.exclusive && names.queues.includes(q.name));
  const inside = (b: BindingModel): boolean =>
    xs.some((x) => x.name === b.source) && (b.destinationType === 'queue' ? qs.some((q) => q.name === b.destination) : xs.some((x) => x.name === b.destination));
  return {
    exchanges: xs,
    queues: qs,
    bindings: d.model.bindings.filter(inside),
    producers: d.producers.filter((p) => names.producers.includes(p.id)),
    consumers: d.consumers.filter((c) => names.consumers.includes(c.id)),
  };
}

function fresh(name: string, taken: Set<string>): string {
  let n = `${name}-copy`;
  for (let i = 2; taken.has(n); i++) n = `${name}-copy${i}`;
  taken.add(n);
  return n;
}

/**
 * Paste a clip: every element gets a new name (`orders-copy`), and
 * references inside the clip follow the renames. Returns the renames so the
 * caller can place the new nodes beside the originals.
 */
export function pasteClip(d: GraphDoc, clip: Clip): { doc: GraphDoc; renames: { kind: 'exchange' | 'queue' | 'producer' | 'consumer'; from: string; to: string }[] } {
  const xTaken = new Set(d.model.exchanges.map((x) => x.name));
  const qTaken = new Set(d.model.queues.map((q) => q.name));
  const cTaken = new Set(clientIds(d));
  const xMap = new Map(clip.exchanges.map((x) => [x.name, fresh(x.name, xTaken)]));
  const qMap = new Map(clip.queues.map((q) => [q.name, fresh(q.name, qTaken)]));
  const pMap = new Map(clip.producers.map((p) => [p.id, fresh(p.id, cTaken)]));
  const cMap = new Map(clip.consumers.map((c) => [c.id, fresh(c.id, cTaken)]));
  const x = (n: string): string => xMap.get(n) ?? n;
  const q = (n: string): string => qMap.get(n) ?? n;
  const doc: GraphDoc = {
    ...d,
    model: {
      ...d.model,
      exchanges: [...d.model.exchanges, ...clip.exchanges.map((e) => ({ ...e, name: x(e.name) }))],
      queues: [...d.model.queues, ...clip.queues.map((e) => ({ ...e, name: q(e.name) }))],
      bindings: [...d.model.bindings, ...clip.bindings.map((b) => ({ ...b, source: x(b.source), destination: b.destinationType === 'queue' ? q(b.destination) : x(b.destination) }))],
    },
    producers: [...d.producers, ...clip.producers.map((p) => ({ ...p, id: pMap.get(p.id)!, ...(p.exchange !== undefined && { exchange: x(p.exchange) }) }))],
    consumers: [...d.consumers, ...clip.consumers.map((c) => ({ ...c, id: cMap.get(c.id)!, ...(c.queue !== undefined && { queue: q(c.queue) }) }))],
  };
  const renames = [
    ...[...xMap].map(([from, to]) => ({ kind: 'exchange' as const, from, to })),
    ...[...qMap].map(([from, to]) => ({ kind: 'queue' as const, from, to })),
    ...[...pMap].map(([from, to]) => ({ kind: 'producer' as const, from, to })),
    ...[...cMap].map(([from, to]) => ({ kind: 'consumer' as const, from, to })),
  ];
  return { doc, renames };
}
