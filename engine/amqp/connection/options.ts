/**
 * Settings of the AMQP wire server and what it announces in connection.start.
 * Defaults follow RabbitMQ 4.2 (rabbit.app: channel_max 2047, frame_max
 * 131072, heartbeat 60 s, max_message_size 16 MiB, handshake_timeout 10 s).
 */
import type { Scheduler } from '../../core/clock.ts';
import type { FieldTable } from '../../core/field-value.ts';

/** The memory high-watermark (RabbitMQ's `vm_memory_high_watermark`). */
export interface MemoryWatermarkOptions {
  /** Above this many bytes, publishing connections are blocked. */
  highWatermarkBytes: number;
  /**
   * What to measure, in bytes. Defaults to the broker's ready message bodies;
   * the CLI may pass process memory (`() => process.memoryUsage().rss`).
   */
  measure?: () => number;
  /** How often to re-measure while no one publishes, ms. Default 1000 (100 while alarmed). */
  checkIntervalMs?: number;
}

/** Options of an `AmqpServer`. */
export interface AmqpServerOptions {
  /** Timers for heartbeats and handshake/close timeouts; defaults to the broker's scheduler. */
  scheduler?: Scheduler;
  /** Largest channel number offered in connection.tune. */
  channelMax?: number;
  /** Largest frame offered in connection.tune, overhead included. */
  frameMax?: number;
  /** Heartbeat interval offered in connection.tune, seconds; 0 disables. */
  heartbeat?: number;
  /** Largest message body accepted (406 beyond it). */
  maxMessageSize?: number;
  /** A client must complete connection.open within this many ms. */
  handshakeTimeoutMs?: number;
  /** After sending connection.close, wait this long for close-ok before dropping the socket. */
  closeTimeoutMs?: number;
  /** Flow control; absent: no memory alarm. */
  memory?: MemoryWatermarkOptions;
  /** Product version announced in server properties. */
  version?: string;
  /** Platform announced in server properties (e.g. `Node.js v20.19.0`). */
  platform?: string;
  /** Cluster name announced in server properties. */
  clusterName?: string;
  /**
   * Runs a flush after the current turn. Defaults to `queueMicrotask`; the TCP
   * adapter passes `setImmediate` so one write carries every delivery of an
   * I/O turn, whichever connection's input caused it.
   */
  scheduleFlush?: (fn: () => void) => void;
}

/** Options with every default filled in. */
export interface ResolvedServerOptions {
  scheduler: Scheduler;
  channelMax: number;
  frameMax: number;
  heartbeat: number;
  maxMessageSize: number;
  handshakeTimeoutMs: number;
  closeTimeoutMs: number;
  serverProperties: FieldTable;
  scheduleFlush: (fn: () => void) => void;
}

export const DEFAULT_CHANNEL_MAX = 2047;
export const DEFAULT_FRAME_MAX = 131_072;
export const DEFAULT_HEARTBEAT = 60;
export const DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

/** The capabilities RabbitMQ announces and Brokerlab implements. */
export const SERVER_CAPABILITIES = [
  'publisher_confirms',
  'exchange_exchange_bindings',
  'basic.nack',
  'consumer_cancel_notify',
  'connection.blocked',
  'consumer_priorities',
  'authentication_failure_close',
  'per_consumer_qos',
  'direct_reply_to',
] as const;

/** Fill in defaults. */
export function resolveServerOptions(opts: AmqpServerOptions, brokerScheduler: Scheduler): ResolvedServerOptions {
  const capabilities: FieldTable = {};
  for (const c of SERVER_CAPABILITIES) capabilities[c] = true;
  return {
    scheduler: opts.scheduler ?? brokerScheduler,
    channelMax: opts.channelMax ?? DEFAULT_CHANNEL_MAX,
    frameMax: opts.frameMax ?? DEFAULT_FRAME_MAX,
    heartbeat: opts.heartbeat ?? DEFAULT_HEARTBEAT,
    maxMessageSize: opts.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE,
    handshakeTimeoutMs: opts.handshakeTimeoutMs ?? 10_000,
    closeTimeoutMs: opts.closeTimeoutMs ?? 3_000,
    scheduleFlush: opts.scheduleFlush ?? queueMicrotask,
    serverProperties: {
      product: 'Brokerlab',
      version: opts.version ?? '0.1.0',
      platform: opts.platform ?? 'JavaScript',
      cluster_name: opts.clusterName ?? 'brokerlab',
      copyright: 'Brokerlab contributors',
      information: 'An AMQP 0-9-1 broker explorer and simulator with RabbitMQ 4.2 semantics',
      capabilities,
    },
  };
}
