/**
 * The plain, JSON-able shapes the metrics layer hands out. The UI, the
 * headless runner and reports read only these; nothing here holds a live
 * engine object. Times are simulated milliseconds since the run started;
 * rates are per second; latencies are milliseconds.
 */

/** Bumped when a shape below changes incompatibly. */
export const SNAPSHOT_VERSION = 1;

/**
 * Message counters, named after RabbitMQ's `message_stats` and its
 * management UI charts (`charts.js` message_rates), plus the extras a
 * simulator needs. Each is a monotonic count; the same name as a rate is
 * per second.
 */
export const COUNT_NAMES = [
  /** "Publish": published by a client (producer, total) or enqueued (queue). */
  'publish',
  /** "Publisher confirm": basic.ack confirms sent to publishers. */
  'confirm',
  /** basic.nack confirms (a queue refused the message, e.g. reject-publish). */
  'publisherNack',
  /** "Publish (In)": messages published into an exchange. */
  'publishIn',
  /** "Publish (Out)": messages an exchange routed to at least one queue. */
  'publishOut',
  /** "Deliver (manual ack)". */
  'deliverManualAck',
  /** "Deliver (auto ack)". */
  'deliverAutoAck',
  /** "Consumer ack". */
  'ack',
  /** "Redelivered". */
  'redelivered',
  /** "Get (manual ack)". */
  'getManualAck',
  /** "Get (auto ack)". */
  'getAutoAck',
  /** "Get (empty)". */
  'getEmpty',
  /** "Unroutable (return)": mandatory messages returned with 312 NO_ROUTE. */
  'returnUnroutable',
  /** "Unroutable (drop)". */
  'dropUnroutable',
  /** basic.nack from consumers. */
  'consumerNack',
  /** basic.reject from consumers. */
  'consumerReject',
  /** Messages that expired in a queue (TTL), dead-lettered or not. */
  'expired',
  /** Dead-lettered, by reason (`x-death` reason). */
  'deadLetteredRejected',
  'deadLetteredExpired',
  'deadLetteredMaxlen',
  'deadLetteredDeliveryLimit',
  /** Dropped from the head by x-max-length (drop-head). */
  'overflowDropped',
  /** Refused at the tail by x-overflow reject-publish(-dlx). */
  'overflowRejected',
  /** Message body bytes from clients ("From client") and to clients ("To client"). */
  'bytesIn',
  'bytesOut',
] as const;

export type CountName = (typeof COUNT_NAMES)[number];

/** Monotonic totals since the entity appeared. */
export type Counts = Record<CountName, number>;

/** Per-second rates over the last sample interval. */
export type Rates = Record<CountName, number>;

/** The RabbitMQ management UI's label for each count, for charts and tables. */
export const COUNT_LABELS: Readonly<Record<CountName, string>> = {
  publish: 'Publish',
  confirm: 'Publisher confirm',
  publisherNack: 'Publisher nack',
  publishIn: 'Publish (In)',
  publishOut: 'Publish (Out)',
  deliverManualAck: 'Deliver (manual ack)',
  deliverAutoAck: 'Deliver (auto ack)',
  ack: 'Consumer ack',
  redelivered: 'Redelivered',
  getManualAck: 'Get (manual ack)',
  getAutoAck: 'Get (auto ack)',
  getEmpty: 'Get (empty)',
  returnUnroutable: 'Unroutable (return)',
  dropUnroutable: 'Unroutable (drop)',
  consumerNack: 'Consumer nack',
  consumerReject: 'Consumer reject',
  expired: 'Expired',
  deadLetteredRejected: 'Dead-lettered (rejected)',
  deadLetteredExpired: 'Dead-lettered (expired)',
  deadLetteredMaxlen: 'Dead-lettered (maxlen)',
  deadLetteredDeliveryLimit: 'Dead-lettered (delivery limit)',
  overflowDropped: 'Overflow (drop head)',
  overflowRejected: 'Overflow (reject publish)',
  bytesIn: 'From client (bytes)',
  bytesOut: 'To client (bytes)',
};

/** Queue lengths, as the management UI's `queue_lengths` chart (Ready, Unacked, Total). */
export interface Depth {
  ready: number;
  unacked: number;
  total: number;
  /** Body bytes of the ready messages. */
  readyBytes: number;
  consumers: number;
}

export const DEPTH_NAMES = ['ready', 'unacked', 'total', 'readyBytes', 'consumers'] as const satisfies readonly (keyof Depth)[];
export type DepthName = (typeof DEPTH_NAMES)[number];

/** A series that can be charted: a rate or a depth. */
export type SeriesName = CountName | DepthName;

/** Percentiles from a log-bucketed histogram (about 1% relative precision); all 0 when `count` is 0. */
export interface LatencyStats {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p75: number;
  p95: number;
  p99: number;
  max: number;
}

/** `interval` covers the last sample interval (PerfTest's per-second line); `total` the whole run. */
export interface LatencyWindow {
  interval: LatencyStats;
  total: LatencyStats;
}

/**
 * The three latencies the simulator measures: publish-to-consume (on a
 * consumer: what it handled; on a producer: its own messages, wherever they
 * were consumed; on the total: every consumer's), publish-to-confirm, and
 * RPC request-to-reply (producers).
 */
export type LatencyKind = 'consume' | 'confirm' | 'rpc';

/**
 * Ordering as consumers see it, for one key space (by producer, or by
 * producer and routing key), within each queue.
 */
export interface OrderingStats {
  /** Distinct (queue, producer[, routing key]) streams seen. */
  streams: number;
  /** Messages checked. */
  received: number;
  /** Arrived after a later sequence number of the same stream. */
  outOfOrder: number;
  /** Sequence numbers skipped and not (yet) filled: loss, or still in flight. */
  gaps: number;
  /** Seen twice without being flagged redelivered or dead-lettered (should be 0). */
  duplicates: number;
  /** Seen again as a redelivery or after dead-lettering (at-least-once at work). */
  redeliveries: number;
}

export type EntityKind = 'total' | 'exchange' | 'queue' | 'producer' | 'consumer';

/** Which entity a snapshot is about. `id` is stable for the run (`queue:/:orders`, `producer:p#2`). */
export interface EntityRef {
  kind: EntityKind;
  id: string;
  /** Display name: the queue or exchange name, or `p#2` for instance 2 of producer `p`. */
  name: string;
  vhost?: string;
  /** Producers and consumers: the scenario id they were created from. */
  group?: string;
  /** Producers and consumers: 1-based instance number. */
  instance?: number;
}

/** What a simulated client is doing now. */
export interface ClientState {
  status: 'waiting' | 'running' | 'blocked' | 'hung' | 'reconnecting' | 'stopped';
  connectionId?: number;
  /** Producers: messages awaiting a confirm. Consumers: deliveries not yet acked. */
  inFlight: number;
  /** Consumers: delivered and waiting to be handled (client-side buffer). */
  buffered: number;
  crashes: number;
  /** Consumers: channels closed by the broker's consumer timeout. */
  timeouts: number;
}

/** One entity's metrics at one moment. */
export interface EntitySnapshot {
  ref: EntityRef;
  counts: Counts;
  rates: Rates;
  /** Queues and the total. */
  depth?: Depth;
  latency?: Partial<Record<LatencyKind, LatencyWindow>>;
  /** Consumers and the total. */
  ordering?: { byProducer: OrderingStats; byRoutingKey: OrderingStats };
  /** Producers and consumers. */
  state?: ClientState;
  /** Set once the entity is gone (queue deleted, client removed); its last values are kept. */
  removedAt?: number;
}

/** Everything at one moment: what `MetricsCollector.snapshot()` returns. */
export interface MetricsSnapshot {
  version: typeof SNAPSHOT_VERSION;
  /** Simulated ms since the run started. */
  time: number;
  sampleIntervalMs: number;
  /** Samples taken so far. */
  samples: number;
  total: EntitySnapshot;
  exchanges: EntitySnapshot[];
  queues: EntitySnapshot[];
  producers: EntitySnapshot[];
  consumers: EntitySnapshot[];
}

/** A window of sampled history for one entity. `times[i]` is when `values[name][i]` was sampled. */
export interface SeriesSnapshot {
  entity: string;
  resolutionMs: number;
  times: number[];
  values: Partial<Record<SeriesName, number[]>>;
  /** Latency percentiles per sample (interval values), when the entity measures latency. */
  latency?: Partial<Record<LatencyKind, { p50: number[]; p99: number[]; max: number[] }>>;
}

/** What to read from history. */
export interface SeriesQuery {
  /** Entity ids; default: the total only. */
  entities?: string[];
  /** Series names; default: every rate and depth the entity has. */
  names?: SeriesName[];
  /** Only samples taken after this time (for incremental polling). */
  since?: number;
  /** `fine` (every sample, recent) or `coarse` (every 10 samples, longer). Default fine. */
  resolution?: 'fine' | 'coarse';
}
