import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from '../../core/commands.ts';
import { GroupCommit } from '../../store/group-commit.ts';
import type {
  MessageRecovery,
  MessageRef,
  MessageStore,
  QueueKey,
  RecoveredMessage,
  StoreStats,
  StoredMessage,
  TopologyRecovery,
} from '../../store/store.ts';
import { DirLock } from './dir-lock.ts';
import { datasync, writeAll } from './fs-io.ts';
import type { PendingWrite } from './segment-file.ts';
import { SegmentLog } from './segment-log.ts';
import { TopologyFiles } from './topology-files.ts';

export interface FileStoreOptions {
  /** Start a new message segment past this size. Default 8 MiB. */
  segmentBytes?: number;
  /**
   * Longest wait before an idle store starts a flush, in ms. 0 (the default)
   * flushes on the next turn of the event loop; under load the flush in
   * flight is the gathering window anyway.
   */
  syncDelayMs?: number;
  /** A write or fsync failed: confirms waiting on it are never sent. Default: rethrow asynchronously. */
  onError?: (e: unknown) => void;
}

const MARKER = 'brokerlab-store.json';
const FORMAT = { format: 'brokerlab-store', version: 1 };

/**
 * The file store: a data directory holding `topology/` (command log and
 * snapshots) and `messages/` (segmented message log with sidecars). Writes
 * are buffered and flushed by group commit: one write and one fdatasync per
 * file cover everything written since the last flush, and only then do the
 * `afterSync` callbacks (publisher confirms) run.
 */
export class FileStore implements MessageStore {
  private readonly lock: DirLock;
  private readonly topology: TopologyFiles;
  private readonly log: SegmentLog;
  private readonly group: GroupCommit;
  private closed = false;
  private flushCount = 0;

  constructor(
    readonly dir: string,
    private readonly opts: FileStoreOptions = {},
  ) {
    mkdirSync(join(dir, 'topology'), { recursive: true });
    mkdirSync(join(dir, 'messages'), { recursive: true });
    this.lock = DirLock.acquire(dir);
    checkMarker(dir);
    this.topology = new TopologyFiles(join(dir, 'topology'));
    this.log = new SegmentLog(join(dir, 'messages'), opts.segmentBytes ?? 8 * 1024 * 1024);
    const delay = opts.syncDelayMs ?? 0;
    const defer = delay > 0 ? (fn: () => void) => void setTimeout(fn, delay) : (fn: () => void) => void setImmediate(fn);
    const onError = opts.onError ?? ((e: unknown) => queueMicrotask(() => { throw e; }));
    this.group = new GroupCommit(() => this.flush(), defer, onError);
  }

  /** The same directory, opened again (after `close()`: the lock is released). */
  reopen(): FileStore {
    return new FileStore(this.dir, this.opts);
  }

  /** Group commits so far (each one write and one fdatasync per file with new data). */
  get flushes(): number {
    return this.flushCount;
  }

  get commandsSinceSnapshot(): number {
    return this.topology.commandsSinceSnapshot;
  }

  async loadTopology(): Promise<TopologyRecovery> {
    const fresh = this.topology.isEmpty();
    const { commands, dropped } = this.topology.load();
    const marker = join(this.dir, MARKER);
    if (!existsSync(marker)) writeFileSync(marker, `${JSON.stringify(FORMAT)}\n`);
    return { fresh, commands, dropped };
  }

  loadMessages(each: (m: RecoveredMessage) => void): Promise<MessageRecovery> {
    return this.log.load(each);
  }

  logCommand(cmd: Command): void {
    this.assertOpen();
    this.topology.append(cmd);
    this.group.request();
  }

  snapshot(commands: readonly Command[]): void {
    this.assertOpen();
    this.topology.snapshot(commands);
  }

  add(queue: QueueKey, message: StoredMessage): MessageRef {
    this.assertOpen();
    const ref = this.log.add(queue, message);
    this.group.request();
    return ref;
  }

  delivered(ref: MessageRef, deliveryCount: number): void {
    if (!this.closed) this.log.delivered(ref, deliveryCount);
  }

  remove(ref: MessageRef): void {
    if (this.closed) return;
    this.log.remove(ref);
    // A flush deletes segments this may have emptied.
    this.group.request();
  }

  afterSync(fn: () => void): void {
    // Closed: everything was synced by close().
    if (this.closed) queueMicrotask(fn);
    else this.group.afterSync(fn);
  }

  stats(): StoreStats {
    return this.log.stats();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.group.drain();
    } finally {
      this.topology.close();
      this.log.close();
      this.lock.release();
    }
  }

  /** One group commit: the topology log and every segment with new data, written and synced together. */
  private async flush(): Promise<void> {
    this.flushCount++;
    const writes: PendingWrite[] = [];
    this.log.takeWrites(writes);
    const topo = this.topology.sync();
    await Promise.all([topo, ...writes.map(async (w) => {
      await writeAll(w.fd, w.bytes, w.position);
      if (w.sync) await datasync(w.fd);
    })]);
    this.log.afterWrites();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the store is closed');
  }
}

/** Refuse a store written by a newer format; a damaged marker is ignored (and rewritten on next fresh start). */
function checkMarker(dir: string): void {
  let text: string;
  try {
    text = readFileSync(join(dir, MARKER), 'utf8');
  } catch {
    return;
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return;
  }
  const version = (v as { version?: unknown }).version;
  if (typeof version === 'number' && version > FORMAT.version) {
    throw new Error(`${dir} holds a store of format version ${version}; this Brokerlab reads version ${FORMAT.version}`);
  }
}
