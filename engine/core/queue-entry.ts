import type { Message } from './message.ts';

/**
 * A message's state in one queue. The `Message` is shared by every queue it
 * was routed to; this holds what differs per queue.
 */
export class QueueEntry {
  /** Redelivered flag for the next delivery. */
  redelivered = false;
  /** Quorum queues: failed deliveries so far (the `x-delivery-count` header). */
  deliveryCount = 0;

  constructor(
    readonly msg: Message,
    /** Queue-local position: requeued entries go back to their place by it. */
    readonly seq: number,
    /** Absolute expiry time (ms); Infinity when the message never expires. */
    readonly expiresAt: number,
    /** Effective priority (0 when the queue has none). */
    readonly priority: number,
  ) {}

  get size(): number {
    return this.msg.body.length;
  }
}
