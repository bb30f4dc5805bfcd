import type { Channel } from './channel.ts';
import type { TimerHandle } from './clock.ts';
import { preconditionFailed } from './errors.ts';
import type { Queue } from './queue.ts';

/**
 * The consumer (delivery acknowledgement) timeout of one channel. One timer at
 * a time, armed for the earliest deadline; it is not re-armed per delivery or
 * cancelled per ack — firing and finding nothing costs less. When a delivery
 * is overdue the channel closes with 406 and its deliveries are requeued
 * (docs/consumers.md §acknowledgement-timeout).
 */
export class AckTimeout {
  private timer: TimerHandle | undefined;

  constructor(
    private readonly ch: Channel,
    private readonly defaultMs: number,
  ) {}

  /** The deadline of a delivery from `q` made now (arming the check); Infinity when off. */
  deadline(q: Queue): number {
    const timeout = q.settings.consumerTimeout ?? this.defaultMs;
    if (timeout <= 0) return Infinity;
    const at = this.ch.connection.broker.scheduler.now() + timeout;
    if (this.timer === undefined) this.arm(at);
    return at;
  }

  cancel(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private arm(at: number): void {
    const ch = this.ch;
    const s = ch.connection.broker.scheduler;
    this.timer = s.setTimeout(() => {
      this.timer = undefined;
      if (!ch.open) return;
      const now = s.now();
      let next = Infinity;
      for (const d of ch.unacked.values()) {
        if (d.deadline <= now) {
          const ms = d.queue.settings.consumerTimeout ?? this.defaultMs;
          ch.closeByBroker(
            preconditionFailed(`delivery acknowledgement on channel ${ch.id} timed out. Timeout value used: ${ms} ms. This timeout value can be configured, see consumers doc guide to learn more`),
          );
          return;
        }
        if (d.deadline < next) next = d.deadline;
      }
      if (next !== Infinity) this.arm(next);
    }, Math.max(0, at - s.now()));
  }
}
