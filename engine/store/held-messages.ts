import type { Broker } from '../core/broker.ts';
import type { QueueEntry } from '../core/queue-entry.ts';
import type { Queue } from '../core/queue.ts';
import type { StoreBridge } from './store-bridge.ts';

/** A persistent message a durable queue held before a store was attached. */
interface HeldEntry {
  queue: Queue;
  entry: QueueEntry;
  /** Handed to a consumer or basic.get and not yet settled. */
  delivered: boolean;
}

/**
 * The persistent messages of durable queues a running broker holds now,
 * ready and unacked, in queue order. A store attached to a broker that
 * already ran (the studio's broker when a run's timeline restarts it, with
 * messages published by hand before the run) adopts them, so a restart keeps
 * them as RabbitMQ would have: they were on disk all along there.
 */
export function heldPersistentMessages(broker: Broker): HeldEntry[] {
  const held: HeldEntry[] = [];
  const keeps = (q: Queue, e: QueueEntry): boolean => q.durable && e.msg.properties.deliveryMode === 2;
  for (const v of broker.vhosts.values()) {
    for (const q of v.queues.values()) {
      for (const e of q.ready.peekMany(q.messageCount)) if (keeps(q, e)) held.push({ queue: q, entry: e, delivered: false });
    }
  }
  for (const conn of broker.connections.values()) {
    for (const ch of conn.channels.values()) {
      for (const d of ch.unacked.values()) if (keeps(d.queue, d.entry)) held.push({ queue: d.queue, entry: d.entry, delivered: true });
    }
  }
  // Each queue's messages in its own order (unacked ones go back to their place by it on recovery).
  const queueOrder = new Map<Queue, number>();
  for (const h of held) if (!queueOrder.has(h.queue)) queueOrder.set(h.queue, queueOrder.size);
  return held.sort((a, b) => queueOrder.get(a.queue)! - queueOrder.get(b.queue)! || a.entry.seq - b.entry.seq);
}

/** Write `held` into the store behind `bridge`; returns how many. */
export function adoptHeld(bridge: StoreBridge, held: readonly HeldEntry[]): number {
  for (const h of held) {
    bridge.persisted(h.queue, h.entry);
    if (h.delivered) bridge.delivered(h.queue, h.entry);
  }
  return held.length;
}
