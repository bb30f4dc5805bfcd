import type { CounterSnapshot } from '../core/counters.ts';
import type { JsonFieldTable } from './field-json.ts';

/**
 * The broker as a graph, JSON-safe, built by `topology-snapshot.ts`. Every node
 * has a stable string `id` (see `nodeId`) so a renderer can key nodes and edges
 * by it across snapshots. Counters are monotonic: rates are deltas between two
 * snapshots divided by the difference of their `at`.
 */
export interface TopologySnapshot {
  /** Broker clock time (ms) when the snapshot was taken. */
  at: number;
  /** Broker-wide counters. */
  totals: CounterSnapshot;
  vhosts: VhostNode[];
  exchanges: ExchangeNode[];
  queues: QueueNode[];
  bindings: BindingEdge[];
  connections: ConnectionNode[];
  channels: ChannelNode[];
  consumers: ConsumerNode[];
  /** The broker's users with their permissions (the management UI's Admin → Users); absent from older hosts. */
  users?: UserNode[];
}

/**
 * A user as the management API's /api/users lists it, with its permissions
 * (/api/permissions) and topic permissions (/api/topic-permissions). The hash
 * is RabbitMQ's (salted SHA-256, base64), never the password.
 */
export interface UserNode {
  name: string;
  tags: string[];
  /** '' for a user who cannot log in with a password. */
  passwordHash: string;
  hashingAlgorithm: string;
  /** One per vhost the user can access. */
  permissions: { vhost: string; configure: string; write: string; read: string }[];
  topicPermissions: { vhost: string; exchange: string; write: string; read: string }[];
}

export interface VhostNode {
  id: string;
  name: string;
  description: string;
  tags: string[];
  defaultQueueType: 'classic' | 'quorum';
  /** The vhost's policies (engine/core/policy.ts), highest priority first. */
  policies?: PolicyNode[];
}

/** A user policy as the management UI lists it. */
export interface PolicyNode {
  name: string;
  pattern: string;
  applyTo: 'queues' | 'exchanges' | 'all' | 'classic_queues' | 'quorum_queues';
  priority: number;
  definition: JsonFieldTable;
  /** Definition keys the engine keeps but does not act on (plugin settings such as ha-mode). */
  unmodelled: string[];
}

export interface ExchangeNode {
  id: string;
  vhost: string;
  /** '' is the default exchange. */
  name: string;
  type: string;
  durable: boolean;
  autoDelete: boolean;
  internal: boolean;
  arguments: JsonFieldTable;
  /** The `alternate-exchange` argument, else the policy's, when set. */
  alternateExchange: string | null;
  /** The policy in effect, when one matches (the management UI's "Policy" column). */
  policy?: string;
  /** Pre-declared by the broker (the default exchange and `amq.*`). */
  builtIn: boolean;
  counters: CounterSnapshot;
}

export interface QueueNode {
  id: string;
  vhost: string;
  name: string;
  type: 'classic' | 'quorum';
  durable: boolean;
  exclusive: boolean;
  /** Connection id owning an exclusive queue. */
  owner: number | null;
  autoDelete: boolean;
  arguments: JsonFieldTable;
  /** The policy in effect, when one matches; the limits below are the effective ones (arguments and policy). */
  policy?: string;
  /** Messages ready for delivery. */
  ready: number;
  /** Delivered, not yet acknowledged. */
  unacked: number;
  /** ready + unacked: the queue depth. */
  messages: number;
  /** Body bytes of the ready messages. */
  readyBytes: number;
  consumers: number;
  deadLetterExchange: string | null;
  deadLetterRoutingKey: string | null;
  maxLength: number | null;
  maxLengthBytes: number | null;
  overflow: 'drop-head' | 'reject-publish' | 'reject-publish-dlx';
  messageTtl: number | null;
  maxPriority: number | null;
  singleActiveConsumer: boolean;
  counters: CounterSnapshot;
}

/** A binding: an edge from a source exchange to a queue or exchange. */
export interface BindingEdge {
  id: string;
  vhost: string;
  source: string;
  /** Node id of the source exchange. */
  sourceId: string;
  destination: string;
  destinationType: 'queue' | 'exchange';
  /** Node id of the destination queue or exchange. */
  destinationId: string;
  routingKey: string;
  arguments: JsonFieldTable;
  /**
   * Messages routed through this binding (monotonic): each publish or
   * dead-letter that matched it counts once. RabbitMQ keeps no such counter;
   * the graph draws the binding's own rate from it.
   */
  routed: number;
}

/** Where a connection comes from: a real AMQP client, the simulator, or the broker's own tools. */
export type ConnectionOrigin = 'real' | 'simulated' | 'internal';

export interface ConnectionNode {
  id: string;
  /** Engine connection id. */
  number: number;
  name: string;
  vhost: string;
  user: string;
  kind: ConnectionOrigin;
  peerHost: string | null;
  peerPort: number | null;
  connectedAt: number;
  blocked: boolean;
  channels: number;
  counters: CounterSnapshot;
}

export interface ChannelNode {
  id: string;
  connectionId: string;
  /** Channel number on its connection. */
  number: number;
  vhost: string;
  user: string;
  mode: 'none' | 'confirm' | 'tx';
  /** Per-consumer prefetch for new consumers (basic.qos global=false); 0 = unlimited. */
  prefetch: number;
  /** Channel-wide prefetch (basic.qos global=true); 0 = unlimited. */
  globalPrefetch: number;
  unacked: number;
  unconfirmed: number;
  consumers: number;
  flow: boolean;
  counters: CounterSnapshot;
  /** What this channel published, per exchange, in first-publish order. */
  publishes: ChannelPublishes[];
}

/**
 * What one channel published to one exchange: RabbitMQ's fine-grained stats
 * (a channel's `publishes`, an exchange's `incoming` in the management API).
 */
export interface ChannelPublishes {
  /** '' is the default exchange. */
  exchange: string;
  /** Node id of the exchange. */
  exchangeId: string;
  published: number;
  /** Confirmed with basic.ack (confirm mode). */
  confirmed: number;
  unroutableReturned: number;
  unroutableDropped: number;
  /** Default exchange only: messages per routing key, i.e. per queue addressed (at most 64 keys). */
  routingKeys?: Record<string, number>;
}

export interface ConsumerNode {
  id: string;
  channelId: string;
  connectionId: string;
  vhost: string;
  queue: string;
  /** Node id of the queue. */
  queueId: string;
  tag: string;
  ackRequired: boolean;
  exclusive: boolean;
  prefetch: number;
  priority: number;
  unacked: number;
  delivered: number;
  /** False while waiting as a single-active-consumer standby. */
  active: boolean;
  arguments: JsonFieldTable;
}
