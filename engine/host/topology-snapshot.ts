import type { Broker } from '../core/broker.ts';
import type { Channel } from '../core/channel.ts';
import type { Connection, ConnectionKind } from '../core/connection.ts';
import type { Exchange } from '../core/exchange.ts';
import type { Policy } from '../core/policy.ts';
import { unmodelledKeys } from '../core/policy.ts';
import type { Queue } from '../core/queue.ts';
import type { VirtualHost } from '../core/vhost.ts';
import { toJsonTable } from './field-json.ts';
import type {
  BindingEdge,
  ChannelNode,
  ChannelPublishes,
  ConnectionNode,
  ConnectionOrigin,
  ConsumerNode,
  ExchangeNode,
  PolicyNode,
  QueueNode,
  TopologySnapshot,
  UserNode,
  VhostNode,
} from './snapshot-types.ts';

const enc = encodeURIComponent;

/** Stable node ids: a kind prefix and URI-encoded parts, safe in DOM attributes and URLs. */
export const nodeId = {
  vhost: (vhost: string): string => `vhost:${enc(vhost)}`,
  exchange: (vhost: string, name: string): string => `exchange:${enc(vhost)}/${enc(name)}`,
  queue: (vhost: string, name: string): string => `queue:${enc(vhost)}/${enc(name)}`,
  connection: (id: number): string => `connection:${id}`,
  channel: (connection: number, channel: number): string => `channel:${connection}/${channel}`,
  consumer: (connection: number, channel: number, tag: string): string => `consumer:${connection}/${channel}/${enc(tag)}`,
} as const;

/** A binding's edge id: its vhost and canonical key (`Binding.key`). */
export function bindingEdgeId(vhost: string, key: string): string {
  return `binding:${enc(vhost)}/${enc(key)}`;
}

const BUILT_IN = new Set(['', 'amq.direct', 'amq.fanout', 'amq.topic', 'amq.headers', 'amq.match']);

/** The engine's connection kinds as the UI names them. */
export function connectionOrigin(kind: ConnectionKind): ConnectionOrigin {
  return kind === 'amqp' ? 'real' : kind;
}

function vhostNode(v: VirtualHost): VhostNode {
  const node: VhostNode = { id: nodeId.vhost(v.name), name: v.name, description: v.description, tags: [...v.tags], defaultQueueType: v.defaultQueueType };
  if (v.policies.size > 0) node.policies = [...v.policies.values()].sort((a, b) => b.priority - a.priority || (a.name < b.name ? -1 : 1)).map(policyNode);
  return node;
}

function policyNode(p: Policy): PolicyNode {
  return { name: p.name, pattern: p.pattern, applyTo: p.applyTo, priority: p.priority, definition: toJsonTable(p.definition), unmodelled: unmodelledKeys(p.definition) };
}

function exchangeNode(x: Exchange): ExchangeNode {
  return {
    id: nodeId.exchange(x.vhost, x.name),
    vhost: x.vhost,
    name: x.name,
    type: x.type,
    durable: x.durable,
    autoDelete: x.autoDelete,
    internal: x.internal,
    arguments: toJsonTable(x.args),
    alternateExchange: x.alternateExchange ?? null,
    builtIn: BUILT_IN.has(x.name),
    counters: x.counters.snapshot(),
    ...(x.policy === undefined ? {} : { policy: x.policy }),
  };
}

function queueNode(q: Queue): QueueNode {
  const s = q.settings;
  return {
    id: nodeId.queue(q.vhost, q.name),
    vhost: q.vhost,
    name: q.name,
    type: q.type,
    durable: q.durable,
    exclusive: q.exclusiveOwner !== undefined,
    owner: q.exclusiveOwner ?? null,
    autoDelete: q.autoDelete,
    arguments: toJsonTable(q.args),
    ready: q.messageCount,
    unacked: q.unacked,
    messages: q.messageCount + q.unacked,
    readyBytes: q.ready.bytes,
    consumers: q.consumerCount,
    deadLetterExchange: s.deadLetterExchange ?? null,
    deadLetterRoutingKey: s.deadLetterRoutingKey ?? null,
    maxLength: s.maxLength ?? null,
    maxLengthBytes: s.maxLengthBytes ?? null,
    overflow: s.overflow,
    messageTtl: s.messageTtl ?? null,
    maxPriority: s.maxPriority ?? null,
    singleActiveConsumer: s.singleActiveConsumer,
    counters: q.counters.snapshot(),
    ...(q.policy === undefined ? {} : { policy: q.policy }),
  };
}

function bindingEdges(v: VirtualHost): BindingEdge[] {
  const out: BindingEdge[] = [];
  for (const b of v.bindings.values()) {
    const destinationId = b.destinationType === 'queue' ? nodeId.queue(v.name, b.destination) : nodeId.exchange(v.name, b.destination);
    out.push({
      id: bindingEdgeId(v.name, b.key),
      vhost: v.name,
      source: b.source,
      sourceId: nodeId.exchange(v.name, b.source),
      destination: b.destination,
      destinationType: b.destinationType,
      destinationId,
      routingKey: b.routingKey,
      arguments: toJsonTable(b.arguments),
      routed: b.routed,
    });
  }
  return out;
}

function connectionNode(c: Connection): ConnectionNode {
  return {
    id: nodeId.connection(c.id),
    number: c.id,
    name: c.name,
    vhost: c.vhost.name,
    user: c.user,
    kind: connectionOrigin(c.kind),
    peerHost: c.options.peerHost ?? null,
    peerPort: c.options.peerPort ?? null,
    connectedAt: c.createdAt,
    blocked: c.blocked,
    channels: c.channels.size,
    counters: c.counters.snapshot(),
  };
}

function channelNode(c: Connection, ch: Channel): ChannelNode {
  return {
    id: nodeId.channel(c.id, ch.id),
    connectionId: nodeId.connection(c.id),
    number: ch.id,
    vhost: c.vhost.name,
    user: c.user,
    mode: ch.mode,
    prefetch: ch.consumerPrefetch,
    globalPrefetch: ch.channelPrefetch,
    unacked: ch.unacked.size,
    unconfirmed: ch.unconfirmed,
    consumers: ch.consumers.size,
    flow: ch.flow,
    counters: ch.counters.snapshot(),
    publishes: channelPublishes(c.vhost.name, ch),
  };
}

function channelPublishes(vhost: string, ch: Channel): ChannelPublishes[] {
  return [...ch.publishes.values()].map((s) => ({
    exchange: s.exchange,
    exchangeId: nodeId.exchange(vhost, s.exchange),
    published: s.published,
    confirmed: s.confirmed,
    unroutableReturned: s.unroutableReturned,
    unroutableDropped: s.unroutableDropped,
    ...(s.routingKeys && { routingKeys: Object.fromEntries(s.routingKeys) }),
  }));
}

function consumerNodes(c: Connection, ch: Channel): ConsumerNode[] {
  return [...ch.consumers.values()].map((k) => ({
    id: nodeId.consumer(c.id, ch.id, k.tag),
    channelId: nodeId.channel(c.id, ch.id),
    connectionId: nodeId.connection(c.id),
    vhost: k.queue.vhost,
    queue: k.queue.name,
    queueId: nodeId.queue(k.queue.vhost, k.queue.name),
    tag: k.tag,
    ackRequired: !k.noAck,
    exclusive: k.exclusive,
    prefetch: k.prefetch,
    priority: k.priority,
    unacked: k.unacked,
    delivered: k.delivered,
    active: k.active,
    arguments: toJsonTable(k.args),
  }));
}

/** Users by name, each with its permissions and topic permissions in the broker's order. */
function userNodes(b: Broker): UserNode[] {
  const permissions = b.permissions.entries();
  const topic = b.topicPermissions.entries();
  return [...b.users.values()]
    .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
    .map((u) => ({
      name: u.name,
      tags: [...u.tags],
      passwordHash: u.passwordHash,
      hashingAlgorithm: u.hashingAlgorithm,
      permissions: permissions.filter((p) => p.user === u.name).map((p) => ({ vhost: p.vhost, ...p.spec })),
      topicPermissions: topic.filter((p) => p.user === u.name).map((p) => ({ vhost: p.vhost, exchange: p.exchange, write: p.write, read: p.read })),
    }));
}

/** Options for `topologySnapshot`. */
export interface SnapshotOptions {
  /** Include the broker's own short-lived internal connections (default false). */
  includeInternal?: boolean;
}

/** Build the graph snapshot of a broker. Pure: reads the broker, changes nothing. */
export function topologySnapshot(broker: Broker, opts: SnapshotOptions = {}): TopologySnapshot {
  const snap: TopologySnapshot = {
    at: broker.scheduler.now(),
    totals: broker.counters.snapshot(),
    vhosts: [],
    exchanges: [],
    queues: [],
    bindings: [],
    connections: [],
    channels: [],
    consumers: [],
    users: userNodes(broker),
  };
  for (const v of broker.vhosts.values()) {
    snap.vhosts.push(vhostNode(v));
    for (const x of v.exchanges.values()) snap.exchanges.push(exchangeNode(x));
    for (const q of v.queues.values()) snap.queues.push(queueNode(q));
    snap.bindings.push(...bindingEdges(v));
  }
  for (const c of broker.connections.values()) {
    if (c.kind === 'internal' && !opts.includeInternal) continue;
    snap.connections.push(connectionNode(c));
    for (const ch of c.channels.values()) {
      snap.channels.push(channelNode(c, ch));
      snap.consumers.push(...consumerNodes(c, ch));
    }
  }
  return snap;
}
