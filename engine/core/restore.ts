import type { Message } from './message.ts';
import { QueueEntry } from './queue-entry.ts';
import type { Queue } from './queue.ts';

/** A recovered message's state in its queue. */
export interface RestoredState {
  /** Effective priority (0 without priorities). */
  priority: number;
  /** Absolute expiry (ms), or -1 (NEVER). */
  expiresAt: number;
  /** It had been delivered and was not settled when the broker stopped. */
  delivered: boolean;
  /** Delivery count at its last delivery. */
  deliveryCount: number;
}

/**
 * Rebuilds one queue's messages at start, in queue order, using only the
 * queue's public members. Restored entries get sequence numbers below any
 * the queue will assign, so they stay ahead of later publishes and requeues
 * still find their place.
 *
 * A message that had been delivered but not settled comes back the way a
 * dead consumer's messages do: through `requeue`, which sets redelivered,
 * counts the failed delivery on quorum queues and applies x-delivery-limit.
 */
export class QueueRestorer {
  private nextSeq = Number.MIN_SAFE_INTEGER;
  private returned: QueueEntry[] = [];

  constructor(readonly queue: Queue) {}

  /** Restore one message behind those restored before it. */
  restore(msg: Message, s: RestoredState): QueueEntry {
    const e = new QueueEntry(msg, this.nextSeq++, s.expiresAt, s.priority);
    if (s.delivered) {
      e.redelivered = true;
      e.deliveryCount = s.deliveryCount;
      this.queue.unacked++;
      this.returned.push(e);
    } else this.queue.ready.push(e);
    return e;
  }

  /**
   * All restored: return the once-delivered messages to their places, drop
   * or dead-letter what expired while the broker was down, arm TTL timers.
   */
  finish(): void {
    const back = this.returned;
    this.returned = [];
    if (back.length > 0) this.queue.requeue(back);
    else this.queue.dispatch();
  }
}
