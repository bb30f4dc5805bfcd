import type { Scheduler, TimerHandle } from '../core/clock.ts';

/**
 * Wall-clock time for a broker that serves real clients: `Date.now()` and the
 * host's timers. Timers are unref'd so a pending TTL or consumer timeout never
 * keeps a process alive on its own.
 */
export class RealScheduler implements Scheduler {
  now(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    const h = globalThis.setTimeout(fn, Math.max(0, delayMs));
    (h as { unref?: () => void }).unref?.();
    return { cancel: () => globalThis.clearTimeout(h) };
  }
}
