import type { Message } from './message.ts';

/** `expiresAt` of a message that never expires (a small integer: V8 keeps it unboxed). */
export const NEVER = -1;

const PRIORITY_MASK = 0xff;
const REDELIVERED = 0x100;
const COUNT_SHIFT = 9;

/**
 * A message's state in one queue. The `Message` is shared by every queue it
 * was routed to; this holds what differs per queue. Priority, the redelivered
 * flag and the delivery count share one small-integer field: a million queued
 * messages cost 16 bytes less each.
 */
export class QueueEntry {
  private state: number;

  constructor(
    readonly msg: Message,
    /**
     * Queue-local position: requeued entries go back to their place by it
     * (a quorum queue gives a consumer-requeued entry a new one at the tail).
     */
    public seq: number,
    /** Absolute expiry time (ms); NEVER (-1) when the message never expires. */
    readonly expiresAt: number,
    /** Effective priority, 0–255 (0 when the queue has none). */
    priority: number,
  ) {
    this.state = priority & PRIORITY_MASK;
  }

  get priority(): number {
    return this.state & PRIORITY_MASK;
  }

  /** Redelivered flag for the next delivery. */
  get redelivered(): boolean {
    return (this.state & REDELIVERED) !== 0;
  }

  set redelivered(v: boolean) {
    this.state = v ? this.state | REDELIVERED : this.state & ~REDELIVERED;
  }

  /** Quorum queues: failed deliveries so far (the `x-delivery-count` header). */
  get deliveryCount(): number {
    return this.state >>> COUNT_SHIFT;
  }

  set deliveryCount(n: number) {
    this.state = (this.state & (PRIORITY_MASK | REDELIVERED)) | (n << COUNT_SHIFT);
  }

  get size(): number {
    return this.msg.body.length;
  }
}
