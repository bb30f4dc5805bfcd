/**
 * Heartbeats both ways (spec §4.2.7): with a negotiated interval of `h`
 * seconds, the server writes a heartbeat frame when it has sent nothing for
 * h/2, and drops a peer it has heard nothing from for 2h. One timer ticks at
 * h/2 and looks at two flags the connection sets, so traffic costs nothing.
 */
import type { Scheduler, TimerHandle } from '../../core/clock.ts';

/** Ticks of h/2 without input before the peer counts as gone: 2h. */
const MISSED_TICKS = 4;

export interface HeartbeatActions {
  /** Write a heartbeat frame. */
  send(): void;
  /** The peer missed its heartbeats: drop it. */
  timeout(): void;
}

export class Heartbeat {
  /** Set by the connection whenever it writes. */
  sent = false;
  /** Set by the connection whenever bytes arrive. */
  received = false;
  private silentTicks = 0;
  private paused = false;
  private timer: TimerHandle | undefined;
  private readonly tickMs: number;

  constructor(
    private readonly scheduler: Scheduler,
    intervalSeconds: number,
    private readonly actions: HeartbeatActions,
  ) {
    this.tickMs = (intervalSeconds * 1000) / 2;
    this.arm();
  }

  /**
   * Stop counting the peer's silence while its input is paused (a blocked
   * publisher is not read, so its heartbeats are not seen); RabbitMQ pauses
   * its heartbeat monitor the same way.
   */
  pauseMonitor(paused: boolean): void {
    this.paused = paused;
    this.silentTicks = 0;
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private arm(): void {
    this.timer = this.scheduler.setTimeout(() => this.tick(), this.tickMs);
  }

  private tick(): void {
    this.timer = undefined;
    if (this.received || this.paused) this.silentTicks = 0;
    else if (++this.silentTicks >= MISSED_TICKS) {
      this.actions.timeout();
      return;
    }
    this.received = false;
    if (!this.sent) this.actions.send();
    this.sent = false;
    this.arm();
  }
}
