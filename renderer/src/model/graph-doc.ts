import type { ConsumerDraft, ProducerDraft, ScenarioMeta } from './scenario-doc.ts';
import type { BindingModel, ExchangeModel, QueueModel, TopologyModel } from './topology-model.ts';
import { bindingKey } from './topology-model.ts';
import { allClientIds, removeTimelineClients, replaceTimelineClient } from './timeline-clients.ts';

/** Everything the user edits: topology, simulated clients and scenario settings. Undo steps between these. */
export interface GraphDoc {
  model: TopologyModel;
  producers: ProducerDraft[];
  consumers: ConsumerDraft[];
  meta: ScenarioMeta;
}

/** `base-1`, `base-2`, … : the first name not taken. */
export function uniqueName(base: string, taken: Iterable<string>): string {
  const set = new Set(taken);
  for (let i = 1; ; i++) {
    const name = `${base}-${i}`;
    if (!set.has(name)) return name;
  }
}

export type QueueFlavour = 'classic' | 'quorum' | 'priority';

/** A new queue of a flavour with RabbitMQ's usual settings for it. */
export function newQueue(name: string, flavour: QueueFlavour): QueueModel {
  if (flavour === 'quorum') return { name, durable: true, autoDelete: false, exclusive: false, arguments: { 'x-queue-type': 'quorum' } };
  if (flavour === 'priority') return { name, durable: true, autoDelete: false, exclusive: false, arguments: { 'x-max-priority': 10 } };
  return { name, durable: true, autoDelete: false, exclusive: false, arguments: {} };
}

export function newExchange(name: string, type: string): ExchangeModel {
  return { name, type, durable: true, autoDelete: false, internal: false, arguments: {}, builtIn: false };
}

export function newProducer(id: string): ProducerDraft {
  return { id, count: 1, exchange: '', routingKey: '', rate: 5, size: 64 };
}

export function newConsumer(id: string): ConsumerDraft {
  return { id, count: 1, prefetch: 10, processingTime: 100 };
}

/** Client ids in use, the timeline's included (producers and consumers share one namespace). */
export const clientIds = (d: GraphDoc): string[] => allClientIds(d);

/** A binding's usual first key for its exchange type: the queue name (direct), everything (topic), none otherwise. */
export function defaultBinding(source: ExchangeModel, destination: string, destinationType: 'queue' | 'exchange'): BindingModel {
  const routingKey = source.type === 'direct' ? destination : source.type === 'topic' ? '#' : '';
  const args = source.type === 'headers' ? { 'x-match': 'all' } : {};
  return { source: source.name, destination, destinationType, routingKey, arguments: args };
}

/** Replace an exchange (maybe renamed), following its name everywhere it is referred to. */
export function replaceExchange(d: GraphDoc, oldName: string, next: ExchangeModel): GraphDoc {
  const rn = (n: string): string => (n === oldName ? next.name : n);
  const m = d.model;
  return {
    ...d,
    model: {
      ...m,
      exchanges: m.exchanges.map((x) => (x.name === oldName ? next : x)),
      bindings: m.bindings.map((b) => ({ ...b, source: rn(b.source), destination: b.destinationType === 'exchange' ? rn(b.destination) : b.destination })),
    },
    producers: d.producers.map((p) => (p.exchange === oldName && oldName !== next.name ? { ...p, exchange: next.name } : p)),
  };
}

/** Replace a queue (maybe renamed), following its name in bindings and clients. */
export function replaceQueue(d: GraphDoc, oldName: string, next: QueueModel): GraphDoc {
  const m = d.model;
  const renamed = oldName !== next.name;
  return {
    ...d,
    model: {
      ...m,
      queues: m.queues.map((q) => (q.name === oldName ? next : q)),
      bindings: m.bindings.map((b) => (renamed && b.destinationType === 'queue' && b.destination === oldName ? { ...b, destination: next.name } : b)),
    },
    consumers: d.consumers.map((c) => (renamed && c.queue === oldName ? { ...c, queue: next.name } : c)),
    producers: d.producers.map((p) => (renamed && (p.exchange ?? '') === '' && p.routingKey === oldName ? { ...p, routingKey: next.name } : p)),
  };
}

export function replaceBinding(d: GraphDoc, old: BindingModel, next: BindingModel): GraphDoc {
  const key = bindingKey(old);
  return { ...d, model: { ...d.model, bindings: d.model.bindings.map((b) => (bindingKey(b) === key ? next : b)) } };
}

/** Replace a producer (maybe renamed): the scenario's own, or one the timeline adds; timeline events naming it follow. */
export function replaceProducer(d: GraphDoc, oldId: string, next: ProducerDraft): GraphDoc {
  const t = replaceTimelineClient(d, 'producer', oldId, next);
  return { ...t, producers: d.producers.map((p) => (p.id === oldId ? next : p)) };
}

/** Replace a consumer (maybe renamed): the scenario's own, or one the timeline adds; timeline events naming it follow. */
export function replaceConsumer(d: GraphDoc, oldId: string, next: ConsumerDraft): GraphDoc {
  const t = replaceTimelineClient(d, 'consumer', oldId, next);
  return { ...t, consumers: d.consumers.map((c) => (c.id === oldId ? next : c)) };
}

/** What to remove, by kind. */
export interface Removal {
  exchanges: string[];
  queues: string[];
  bindings: string[];
  producers: string[];
  consumers: string[];
  /** Producers and consumers whose link was deleted (publish or consume edge). */
  unlinkProducers: string[];
  unlinkConsumers: string[];
}

export const noRemoval = (): Removal => ({ exchanges: [], queues: [], bindings: [], producers: [], consumers: [], unlinkProducers: [], unlinkConsumers: [] });

/** The doc without the given elements; bindings go with their ends, as in the broker; removed clients' timeline events go too. */
export function removeElements(d: GraphDoc, r: Removal): GraphDoc {
  const unlinked = unlinkTimelineClients(d, r);
  const xs = new Set(r.exchanges);
  const qs = new Set(r.queues);
  const bs = new Set(r.bindings);
  const m = d.model;
  return {
    ...d,
    meta: removeTimelineClients(unlinked.meta, r.producers, r.consumers),
    model: {
      ...m,
      exchanges: m.exchanges.filter((x) => x.builtIn || !xs.has(x.name)),
      queues: m.queues.filter((q) => !qs.has(q.name)),
      bindings: m.bindings.filter((b) => !bs.has(bindingKey(b)) && !xs.has(b.source) && !(b.destinationType === 'queue' ? qs.has(b.destination) : xs.has(b.destination))),
    },
    producers: d.producers
      .filter((p) => !r.producers.includes(p.id))
      .map((p) => (r.unlinkProducers.includes(p.id) ? { ...p, exchange: '', routingKey: '' } : p)),
    consumers: d.consumers
      .filter((c) => !r.consumers.includes(c.id))
      .map((c) => (r.unlinkConsumers.includes(c.id) ? unlinkConsumer(c) : c)),
  };
}

const unlinkConsumer = (c: ConsumerDraft): ConsumerDraft => {
  const { queue: _q, ownQueue: _o, ...rest } = c;
  return rest as ConsumerDraft;
};

/** Timeline clients whose publish or consume link was deleted, unlinked in their timeline events. */
function unlinkTimelineClients(d: GraphDoc, r: Removal): GraphDoc {
  let out = d;
  for (const e of d.meta.timeline) {
    if (e.action === 'addProducer' && r.unlinkProducers.includes(e.producer.id)) out = replaceTimelineClient(out, 'producer', e.producer.id, { ...(e.producer as ProducerDraft), exchange: '', routingKey: '' });
    if (e.action === 'addConsumer' && r.unlinkConsumers.includes(e.consumer.id)) out = replaceTimelineClient(out, 'consumer', e.consumer.id, unlinkConsumer(e.consumer as ConsumerDraft));
  }
  return out;
}
