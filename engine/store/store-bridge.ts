import type { DurableStore } from '../core/broker.ts';
import type { QueueEntry } from '../core/queue-entry.ts';
import type { Queue } from '../core/queue.ts';
import type { MessageRef, MessageStore, QueueKey } from './store.ts';

interface QueueRefs {
  readonly key: QueueKey;
  /** Each live persisted entry's store handle. */
  readonly refs: Map<QueueEntry, MessageRef>;
}

/**
 * The broker's `DurableStore`: turns the queue hooks (persisted, delivered,
 * unpersisted) into store writes, remembering which store handle belongs to
 * which queue entry.
 */
export class StoreBridge implements DurableStore {
  private readonly byQueue = new Map<Queue, QueueRefs>();
  /** The current queue object for each `vhost\0name` (to drop a deleted queue's leftovers). */
  private readonly byName = new Map<string, Queue>();

  constructor(readonly store: MessageStore) {}

  persisted(queue: Queue, entry: QueueEntry): void {
    const m = entry.msg;
    const s = this.stateOf(queue);
    const ref = this.store.add(s.key, {
      exchange: m.exchange,
      routingKey: m.routingKey,
      properties: m.properties,
      body: m.body,
      publishedAt: m.publishedAt,
      expiresAt: entry.expiresAt,
      priority: entry.priority,
    });
    s.refs.set(entry, ref);
  }

  unpersisted(queue: Queue, entry: QueueEntry): void {
    const s = this.byQueue.get(queue);
    const ref = s?.refs.get(entry);
    if (ref === undefined) return;
    s!.refs.delete(entry);
    this.store.remove(ref);
  }

  delivered(queue: Queue, entry: QueueEntry): void {
    const ref = this.byQueue.get(queue)?.refs.get(entry);
    if (ref !== undefined) this.store.delivered(ref, entry.deliveryCount);
  }

  afterSync(fn: () => void): void {
    this.store.afterSync(fn);
  }

  /** Remember a restored entry's handle (recovery). */
  track(queue: Queue, entry: QueueEntry, ref: MessageRef): void {
    this.stateOf(queue).refs.set(entry, ref);
  }

  /**
   * A durable queue was deleted: its messages leave the store, including the
   * delivered ones a channel still holds (they are never requeued now).
   */
  dropQueue(vhost: string, name: string): void {
    const k = `${vhost}\u0000${name}`;
    const q = this.byName.get(k);
    if (!q) return;
    this.byName.delete(k);
    const s = this.byQueue.get(q);
    this.byQueue.delete(q);
    if (s) for (const ref of s.refs.values()) this.store.remove(ref);
  }

  /** A vhost was deleted with every queue in it. */
  dropVhost(vhost: string): void {
    for (const k of [...this.byName.keys()]) {
      if (k.startsWith(`${vhost}\u0000`)) this.dropQueue(vhost, k.slice(vhost.length + 1));
    }
  }

  /** Persisted messages the bridge tracks (live in the store). */
  get tracked(): number {
    let n = 0;
    for (const s of this.byQueue.values()) n += s.refs.size;
    return n;
  }

  private stateOf(queue: Queue): QueueRefs {
    let s = this.byQueue.get(queue);
    if (s === undefined) {
      s = { key: { vhost: queue.vhost, name: queue.name }, refs: new Map() };
      this.byQueue.set(queue, s);
      this.byName.set(`${queue.vhost}\u0000${queue.name}`, queue);
    }
    return s;
  }
}
