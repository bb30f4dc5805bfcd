import type { JsonFieldTable } from '../../../engine/host/field-json.ts';
import type { TopologySnapshot } from '../../../engine/host/snapshot-types.ts';
import { nodeId } from '../../../engine/host/topology-snapshot.ts';
import type { PolicyModel } from './policy-model.ts';
import type { UserModel } from './user-model.ts';
import { usersFromSnapshot } from './user-model.ts';

/** An exchange as the graph edits it. */
export interface ExchangeModel {
  name: string;
  type: string;
  durable: boolean;
  autoDelete: boolean;
  internal: boolean;
  arguments: JsonFieldTable;
  /** The default exchange and `amq.*`: never declared or deleted by the UI. */
  builtIn: boolean;
  /** The policy in effect (the engine's choice; read-only, planning ignores it). */
  policy?: string;
}

/** A queue as the graph edits it. Its type is its `x-queue-type` argument. */
export interface QueueModel {
  name: string;
  durable: boolean;
  autoDelete: boolean;
  /** Exclusive queues belong to a client connection; the UI shows them but never declares one. */
  exclusive: boolean;
  arguments: JsonFieldTable;
  /** The policy in effect (the engine's choice; read-only, planning ignores it). */
  policy?: string;
}

export interface BindingModel {
  source: string;
  destination: string;
  destinationType: 'queue' | 'exchange';
  routingKey: string;
  arguments: JsonFieldTable;
}

/**
 * One vhost's exchanges, queues, bindings and policies, and the broker's
 * users (broker-wide, the same whichever vhost is shown): what the graph
 * draws, the Policies and Users tabs list, and commands change.
 */
export interface TopologyModel {
  vhost: string;
  exchanges: ExchangeModel[];
  queues: QueueModel[];
  bindings: BindingModel[];
  policies: PolicyModel[];
  users: UserModel[];
}

export const emptyModel = (vhost: string): TopologyModel => ({ vhost, exchanges: [], queues: [], bindings: [], policies: [], users: [] });

/** The engine's policy name on a snapshot node, as an optional model field. */
const policyOf = (n: { policy?: string }): { policy?: string } => (n.policy === undefined ? {} : { policy: n.policy });

/** JSON with sorted keys, so equal tables compare equal as text. */
export function stableJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
    .join(',')}}`;
}

/** Graph node ids: the host's (`exchange:%2F/orders`) so snapshots and edits key the same node. */
export const exchangeId = (vhost: string, name: string): string => nodeId.exchange(vhost, name);
export const queueId = (vhost: string, name: string): string => nodeId.queue(vhost, name);

/** The node id of a binding's destination. */
export function destinationId(vhost: string, b: Pick<BindingModel, 'destination' | 'destinationType'>): string {
  return b.destinationType === 'queue' ? queueId(vhost, b.destination) : exchangeId(vhost, b.destination);
}

/** A binding's identity (RabbitMQ compares source, destination, key and arguments). */
export function bindingKey(b: BindingModel): string {
  const enc = encodeURIComponent;
  return `binding:${enc(b.source)}>${b.destinationType}:${enc(b.destination)}#${enc(b.routingKey)}#${enc(stableJson(b.arguments))}`;
}

export const sameExchange = (a: ExchangeModel, b: ExchangeModel): boolean =>
  a.type === b.type && a.durable === b.durable && a.autoDelete === b.autoDelete && a.internal === b.internal && stableJson(a.arguments) === stableJson(b.arguments);

export const sameQueue = (a: QueueModel, b: QueueModel): boolean =>
  a.durable === b.durable && a.autoDelete === b.autoDelete && a.exclusive === b.exclusive && stableJson(a.arguments) === stableJson(b.arguments);

/** The queue's type as RabbitMQ shows it; a classic queue with `x-max-priority` is a priority queue. */
export function queueKind(q: QueueModel): 'classic' | 'quorum' | 'priority' {
  if (q.arguments['x-queue-type'] === 'quorum') return 'quorum';
  return q.arguments['x-max-priority'] !== undefined ? 'priority' : 'classic';
}

/** One vhost of a host snapshot as a model. */
export function modelFromSnapshot(snap: TopologySnapshot, vhost: string): TopologyModel {
  return {
    vhost,
    exchanges: snap.exchanges
      .filter((x) => x.vhost === vhost)
      .map((x) => ({ name: x.name, type: x.type, durable: x.durable, autoDelete: x.autoDelete, internal: x.internal, arguments: x.arguments, builtIn: x.builtIn, ...policyOf(x) })),
    queues: snap.queues
      .filter((q) => q.vhost === vhost)
      .map((q) => ({ name: q.name, durable: q.durable, autoDelete: q.autoDelete, exclusive: q.exclusive, arguments: withType(q.arguments, q.type), ...policyOf(q) })),
    bindings: snap.bindings
      .filter((b) => b.vhost === vhost)
      .map((b) => ({ source: b.source, destination: b.destination, destinationType: b.destinationType, routingKey: b.routingKey, arguments: b.arguments })),
    policies: (snap.vhosts.find((v) => v.name === vhost)?.policies ?? []).map((p) => ({ name: p.name, pattern: p.pattern, applyTo: p.applyTo, priority: p.priority, definition: p.definition })),
    users: usersFromSnapshot(snap.users),
  };
}

/** Quorum queues always carry their type argument in the model, whichever way they were declared. */
function withType(args: JsonFieldTable, type: 'classic' | 'quorum'): JsonFieldTable {
  return type === 'quorum' && args['x-queue-type'] !== 'quorum' ? { ...args, 'x-queue-type': 'quorum' } : args;
}

/** A text that changes when the model's structure does (not its counters): cheap change detection. */
export function modelSignature(m: TopologyModel): string {
  return stableJson(m);
}
