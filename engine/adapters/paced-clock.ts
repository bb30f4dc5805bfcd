import type { Scheduler, TimerHandle } from '../core/clock.ts';
import { VirtualScheduler } from '../core/clock.ts';
import type { SimClock } from '../sim/runner.ts';

const MIN_SPEED = 0.1;
const MAX_SPEED = 100;
/** At speed `max`, run this much wall time per slice before yielding to the host's event loop. */
const MAX_SLICE_MS = 16;

/**
 * Simulated time that runs at `speed` × wall time, on the host's timers: the
 * simulator's real-time mode (0.1× to 100×, or `Infinity` for "as fast as
 * possible without blocking the event loop"). Timers live in a virtual
 * scheduler that one host timer pumps, so callbacks see exactly their due
 * time and pause, resume, step and speed changes are exact. (The wall-clock
 * `RealScheduler` beside it serves the broker to real clients.)
 */
export class PacedClock implements SimClock {
  readonly scheduler: Scheduler;
  private readonly v: VirtualScheduler;
  private running = false;
  private pumping = false;
  private speedFactor: number;
  /** Simulated time at `baseWall`. */
  private baseSim: number;
  private baseWall = 0;
  private handle: ReturnType<typeof setTimeout> | undefined;

  constructor(opts: { speed?: number; startMs?: number; wallNow?: () => number } = {}) {
    this.v = new VirtualScheduler(opts.startMs ?? 0);
    this.baseSim = this.v.now();
    this.speedFactor = clampSpeed(opts.speed ?? 1);
    const wall = opts.wallNow ?? (() => performance.now());
    this.wall = wall;
    this.scheduler = {
      now: () => (this.pumping ? this.v.now() : this.simNow()),
      setTimeout: (fn: () => void, delayMs: number): TimerHandle => {
        const at = this.scheduler.now() + Math.max(0, delayMs);
        const h = this.v.setTimeout(fn, at - this.v.now());
        if (!this.pumping) this.arm();
        return h;
      },
    };
  }

  private readonly wall: () => number;

  get paused(): boolean {
    return !this.running;
  }

  get speed(): number {
    return this.speedFactor;
  }

  private simNow(): number {
    if (!this.running || this.speedFactor === Infinity) return Math.max(this.baseSim, this.v.now());
    return Math.max(this.v.now(), this.baseSim + (this.wall() - this.baseWall) * this.speedFactor);
  }

  pause(): void {
    if (!this.running) return;
    this.baseSim = this.simNow();
    this.running = false;
    this.disarm();
  }

  resume(): void {
    if (this.running) return;
    this.baseWall = this.wall();
    this.running = true;
    this.arm();
  }

  step(ms: number): void {
    this.pause();
    this.advance(this.baseSim + ms);
    this.baseSim = Math.max(this.baseSim + ms, this.v.now());
  }

  /** Run every timer due by now, so what happens next (an edit from outside) comes after them, as their times say. */
  sync(): void {
    if (this.pumping) return;
    const now = this.simNow();
    if (this.v.now() >= now) return;
    this.advance(now);
    this.arm();
  }

  setSpeed(factor: number): void {
    const f = clampSpeed(factor);
    if (this.running) {
      this.baseSim = this.simNow();
      this.baseWall = this.wall();
    }
    this.speedFactor = f;
    this.arm();
  }

  private advance(to: number): void {
    this.pumping = true;
    try {
      this.v.advanceTo(to);
    } finally {
      this.pumping = false;
    }
  }

  private readonly pump = (): void => {
    this.handle = undefined;
    if (!this.running) return;
    if (this.speedFactor === Infinity) {
      const until = this.wall() + MAX_SLICE_MS;
      while (this.wall() < until) {
        const next = this.v.nextAt();
        if (next === undefined) break;
        this.advance(next);
      }
      this.baseSim = this.v.now();
    } else this.advance(this.simNow());
    this.arm();
  };

  private arm(): void {
    this.disarm();
    if (!this.running) return;
    const next = this.v.nextAt();
    if (next === undefined) return;
    const delay = this.speedFactor === Infinity ? 0 : Math.max(0, (next - this.simNow()) / this.speedFactor);
    this.handle = setTimeout(this.pump, delay);
  }

  private disarm(): void {
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.handle = undefined;
  }
}

function clampSpeed(f: number): number {
  if (f === Infinity) return f;
  if (!(f > 0)) throw new RangeError(`speed must be between ${MIN_SPEED} and ${MAX_SPEED} (or Infinity)`);
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, f));
}
