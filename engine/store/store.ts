import type { Command } from '../core/commands.ts';
import type { BasicProperties } from '../core/message.ts';

/**
 * The store contract. The broker's durability layer (`attachStore`) speaks
 * only this interface; the in-memory and file implementations both pass the
 * one contract suite in test/store/store-contract.ts.
 *
 * Lifecycle: `loadTopology`, then `loadMessages` (each exactly once), then
 * writes, then `close`. Writes are buffered; `afterSync` callbacks run once
 * every write made before them is durable (group commit).
 */
export interface MessageStore {
  /** Phase one of recovery: the durable topology, as commands to replay in order. */
  loadTopology(): Promise<TopologyRecovery>;
  /** Phase two: every live message, queue by queue in queue order, through `each`. */
  loadMessages(each: (m: RecoveredMessage) => void): Promise<MessageRecovery>;

  /** Append one durable topology change. */
  logCommand(cmd: Command): void;
  /** Commands logged since the last snapshot (the durability layer compacts past a threshold). */
  readonly commandsSinceSnapshot: number;
  /** Replace the topology log by a snapshot that recreates the same state. */
  snapshot(commands: readonly Command[]): void;

  /** A persistent message entered a durable queue; returns its handle. */
  add(queue: QueueKey, message: StoredMessage): MessageRef;
  /** The message was handed to a consumer (it comes back redelivered after a crash). */
  delivered(ref: MessageRef, deliveryCount: number): void;
  /** The message left its queue (acked, dropped, expired, dead-lettered, purged). Unknown refs are ignored. */
  remove(ref: MessageRef): void;
  /** Run `fn` once everything written so far is durable. Callbacks run in registration order. */
  afterSync(fn: () => void): void;

  stats(): StoreStats;
  /** Flush, sync and release files. Callbacks still pending run first. */
  close(): Promise<void>;
  /**
   * After `close()` has resolved: a new store over the same data, as the
   * next start of the node opens it (then `loadTopology`, `loadMessages`...).
   */
  reopen(): MessageStore;
}

/**
 * A store that needs no I/O to recover (the memory store): recovery can run
 * synchronously, which a simulation in virtual time relies on. `close()`
 * finishes before it returns, so `reopen()` may follow at once.
 */
export interface ImmediateStore extends MessageStore {
  loadTopologyNow(): TopologyRecovery;
  loadMessagesNow(each: (m: RecoveredMessage) => void): MessageRecovery;
  reopen(): ImmediateStore;
}

/** Can `store` recover synchronously? */
export function isImmediateStore(store: MessageStore): store is ImmediateStore {
  return typeof (store as Partial<ImmediateStore>).loadTopologyNow === 'function';
}

/** A store-assigned message handle, unique within one open store. */
export type MessageRef = number;

export interface QueueKey {
  readonly vhost: string;
  readonly name: string;
}

/** What the store keeps of a message in one queue. */
export interface StoredMessage {
  readonly exchange: string;
  readonly routingKey: string;
  readonly properties: BasicProperties;
  readonly body: Uint8Array;
  /** Clock time (ms) at publish. */
  readonly publishedAt: number;
  /** Absolute expiry (ms), or -1 for never. */
  readonly expiresAt: number;
  /** Effective priority in the queue (0 without priorities). */
  readonly priority: number;
}

export interface RecoveredMessage extends StoredMessage {
  readonly queue: QueueKey;
  readonly ref: MessageRef;
  /** It had been delivered and not settled: it comes back with redelivered=true. */
  readonly delivered: boolean;
  /** Delivery count at its last delivery (quorum queues count failed deliveries). */
  readonly deliveryCount: number;
}

/** Something recovery could not read, and skipped. */
export interface DroppedData {
  /** Which file (or 'memory'). */
  readonly file: string;
  /** What was lost, in words. */
  readonly reason: string;
  readonly bytes: number;
}

export interface TopologyRecovery {
  /** True when the store was empty: nothing to replay. */
  readonly fresh: boolean;
  readonly commands: Command[];
  readonly dropped: DroppedData[];
}

export interface MessageRecovery {
  readonly messages: number;
  readonly dropped: DroppedData[];
}

export interface StoreStats {
  /** Messages added and not yet removed. */
  readonly liveMessages: number;
  /** Segment files (or in-memory segments) holding messages. */
  readonly segments: number;
  /** Bytes the store occupies (files on disk, or encoded size in memory). */
  readonly bytes: number;
}
