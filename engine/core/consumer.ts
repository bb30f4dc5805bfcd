import type { FieldTable } from './field-value.ts';
import type { Channel } from './channel.ts';
import type { Queue } from './queue.ts';

/** A subscription of one channel to one queue (basic.consume). */
export class Consumer {
  /** Deliveries not yet settled, for the per-consumer prefetch (basic.qos global=false). */
  unacked = 0;
  /** Messages delivered so far. */
  delivered = 0;
  /** Single active consumer: false while waiting to take over. */
  active = true;
  /** Skipped by round-robin for lack of credit; rejoins at the back when credit returns. */
  blocked = false;

  constructor(
    readonly tag: string,
    readonly channel: Channel,
    readonly queue: Queue,
    readonly noAck: boolean,
    readonly exclusive: boolean,
    /** `x-priority`: higher first; round-robin within a priority. */
    readonly priority: number,
    /** Per-consumer prefetch limit; 0 = unlimited. */
    readonly prefetch: number,
    readonly args: FieldTable,
    /** Registration order, for single-active-consumer failover. */
    readonly order: number,
  ) {}

  /** True when this consumer may take one more message now. */
  canAccept(): boolean {
    return (this.noAck || this.prefetch === 0 || this.unacked < this.prefetch) && this.channel.canDeliver(this.noAck);
  }
}
