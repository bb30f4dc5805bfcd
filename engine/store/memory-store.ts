import type { Command } from '../core/commands.ts';
import type {
  ImmediateStore,
  MessageRecovery,
  MessageRef,
  MessageStore,
  QueueKey,
  RecoveredMessage,
  StoreStats,
  StoredMessage,
  TopologyRecovery,
} from './store.ts';

interface MemoryEntry {
  queue: QueueKey;
  message: StoredMessage;
  delivered: boolean;
  deliveryCount: number;
}

/**
 * What survives a "restart" of a memory store: open a new `MemoryStore` on
 * the same data to simulate one (tests, and the simulator's crash button).
 */
export class MemoryStoreData {
  /** Undefined until the first snapshot or command: the store is fresh. */
  snapshot: Command[] | undefined;
  log: Command[] = [];
  /** Live messages in the order they were added (which is queue order per queue). */
  readonly messages = new Map<MessageRef, MemoryEntry>();
  nextRef = 1;

  /** What a crash would leave: a copy that the running store no longer touches. */
  copy(): MemoryStoreData {
    const c = new MemoryStoreData();
    c.snapshot = this.snapshot && [...this.snapshot];
    c.log = [...this.log];
    for (const [ref, e] of this.messages) c.messages.set(ref, { ...e });
    c.nextRef = this.nextRef;
    return c;
  }
}

/** Messages per in-memory "segment", mirroring the file store's segment bookkeeping in stats. */
const SEGMENT_MESSAGES = 1024;
/** Bytes counted per message besides its body (roughly what the file store spends). */
const OVERHEAD = 64;

export interface MemoryStoreOptions {
  /**
   * How a sync is deferred (publisher confirms of persistent messages wait
   * for it). Default: a microtask. A simulation in virtual time passes its
   * scheduler's zero-delay timer, so confirms keep to simulated time.
   */
  defer?: (fn: () => void) => void;
}

/** The in-memory store: no files, same contract as the file store. */
export class MemoryStore implements ImmediateStore {
  private pending: (() => void)[] = [];
  private flushQueued = false;
  private closed = false;
  private readonly buckets = new Map<number, number>();
  private bytes = 0;

  constructor(
    readonly data: MemoryStoreData = new MemoryStoreData(),
    private readonly opts: MemoryStoreOptions = {},
  ) {}

  /** The same data, opened again (what a restart finds: every write is kept at once). */
  reopen(): MemoryStore {
    return new MemoryStore(this.data, this.opts);
  }

  get commandsSinceSnapshot(): number {
    return this.data.log.length;
  }

  async loadTopology(): Promise<TopologyRecovery> {
    return this.loadTopologyNow();
  }

  async loadMessages(each: (m: RecoveredMessage) => void): Promise<MessageRecovery> {
    return this.loadMessagesNow(each);
  }

  loadTopologyNow(): TopologyRecovery {
    const d = this.data;
    const fresh = d.snapshot === undefined && d.log.length === 0;
    return { fresh, commands: [...(d.snapshot ?? []), ...d.log], dropped: [] };
  }

  loadMessagesNow(each: (m: RecoveredMessage) => void): MessageRecovery {
    let n = 0;
    for (const [ref, e] of this.data.messages) {
      this.count(ref, e.message, 1);
      each({ ...e.message, queue: e.queue, ref, delivered: e.delivered, deliveryCount: e.deliveryCount });
      n++;
    }
    return { messages: n, dropped: [] };
  }

  logCommand(cmd: Command): void {
    this.assertOpen();
    this.data.log.push(cmd);
  }

  snapshot(commands: readonly Command[]): void {
    this.assertOpen();
    this.data.snapshot = [...commands];
    this.data.log = [];
  }

  add(queue: QueueKey, message: StoredMessage): MessageRef {
    this.assertOpen();
    const ref = this.data.nextRef++;
    this.data.messages.set(ref, { queue: { vhost: queue.vhost, name: queue.name }, message, delivered: false, deliveryCount: 0 });
    this.count(ref, message, 1);
    return ref;
  }

  delivered(ref: MessageRef, deliveryCount: number): void {
    const e = this.data.messages.get(ref);
    if (!e) return;
    e.delivered = true;
    e.deliveryCount = deliveryCount;
  }

  remove(ref: MessageRef): void {
    const e = this.data.messages.get(ref);
    if (!e) return;
    this.data.messages.delete(ref);
    this.count(ref, e.message, -1);
  }

  afterSync(fn: () => void): void {
    this.pending.push(fn);
    if (this.flushQueued) return;
    this.flushQueued = true;
    if (this.opts.defer) this.opts.defer(this.flush);
    else void Promise.resolve().then(this.flush);
  }

  stats(): StoreStats {
    return { liveMessages: this.data.messages.size, segments: this.buckets.size, bytes: this.bytes };
  }

  async close(): Promise<void> {
    this.runPending();
    this.closed = true;
  }

  private readonly flush = (): void => this.runPending();

  private runPending(): void {
    this.flushQueued = false;
    const fns = this.pending;
    this.pending = [];
    for (const fn of fns) fn();
  }

  private count(ref: MessageRef, m: StoredMessage, delta: 1 | -1): void {
    const b = Math.floor(ref / SEGMENT_MESSAGES);
    const n = (this.buckets.get(b) ?? 0) + delta;
    if (n === 0) this.buckets.delete(b);
    else this.buckets.set(b, n);
    this.bytes += delta * (m.body.length + OVERHEAD);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the store is closed');
  }
}
