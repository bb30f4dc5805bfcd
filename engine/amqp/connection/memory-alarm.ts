/**
 * The memory alarm behind connection.blocked (docs/memory.md,
 * docs/connection-blocked.md): above the high watermark, connections that
 * publish are blocked and no longer read until memory falls below it again.
 *
 * Measuring can cost (it walks every queue), so the alarm keeps an estimate:
 * the last measurement plus the bytes published since. It measures again only
 * when the estimate reaches the watermark, and on a timer so that consumers
 * draining the queues lift the alarm.
 */
import type { Broker } from '../../core/broker.ts';
import type { Scheduler, TimerHandle } from '../../core/clock.ts';
import type { MemoryWatermarkOptions } from './options.ts';

/** Re-measure this often while the alarm is on, so it clears promptly. */
const ALARMED_INTERVAL_MS = 50;

/** Body bytes of every ready message in the broker. */
export function queuedBodyBytes(broker: Broker): number {
  let total = 0;
  for (const v of broker.vhosts.values()) for (const q of v.queues.values()) total += q.ready.bytes;
  return total;
}

export class MemoryAlarm {
  alarmed = false;
  readonly highWatermark: number;
  private estimate = 0;
  private timer: TimerHandle | undefined;
  private stopped = false;
  private readonly listeners = new Set<(alarmed: boolean) => void>();
  private readonly measure: () => number;
  private readonly intervalMs: number;

  constructor(
    opts: MemoryWatermarkOptions,
    broker: Broker,
    private readonly scheduler: Scheduler,
  ) {
    if (!(opts.highWatermarkBytes > 0)) throw new RangeError(`highWatermarkBytes must be positive, got ${opts.highWatermarkBytes}`);
    this.highWatermark = opts.highWatermarkBytes;
    this.measure = opts.measure ?? (() => queuedBodyBytes(broker));
    this.intervalMs = opts.checkIntervalMs ?? 1000;
    this.check();
  }

  /** Listen for the alarm going on (true) and off (false). Returns an unsubscribe function. */
  subscribe(fn: (alarmed: boolean) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** `bytes` of message bodies were just published. */
  notePublished(bytes: number): void {
    this.estimate += bytes;
    if (this.estimate >= this.highWatermark) this.check();
  }

  /** Measure now and raise or clear the alarm. */
  check(): void {
    const used = this.measure();
    this.estimate = used;
    this.set(used >= this.highWatermark);
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
  }

  private set(alarmed: boolean): void {
    if (alarmed === this.alarmed) return;
    this.alarmed = alarmed;
    for (const fn of [...this.listeners]) fn(alarmed);
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer?.cancel();
    this.timer = this.scheduler.setTimeout(() => {
      this.timer = undefined;
      this.check();
    }, this.alarmed ? ALARMED_INTERVAL_MS : this.intervalMs);
  }
}
