/** A source of time in milliseconds. Every time read in the engine goes through one. */
export interface Clock {
  now(): number;
}

/** A handle to cancel a scheduled callback. */
export interface TimerHandle {
  cancel(): void;
}

/** A clock that can also run callbacks later. Real or virtual. */
export interface Scheduler extends Clock {
  /** Run `fn` once, `delayMs` from now (0 = on the next turn). */
  setTimeout(fn: () => void, delayMs: number): TimerHandle;
}

/** A pending virtual timer; it is its own cancel handle (no closure per timer). */
class VirtualTimer implements TimerHandle {
  cancelled = false;

  constructor(
    readonly at: number,
    readonly seq: number,
    readonly fn: () => void,
  ) {}

  cancel(): void {
    this.cancelled = true;
  }
}

/**
 * Deterministic virtual time: nothing happens until the owner advances it.
 * Timers due at the same instant fire in the order they were scheduled.
 */
export class VirtualScheduler implements Scheduler {
  private time: number;
  private seq = 0;
  private heap: VirtualTimer[] = [];

  constructor(startMs = 0) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    const t = new VirtualTimer(this.time + Math.max(0, delayMs), this.seq++, fn);
    this.push(t);
    return t;
  }

  /** Time of the next pending timer, or undefined when none is pending. */
  nextAt(): number | undefined {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.pop();
    return this.heap[0]?.at;
  }

  /** Number of timers still pending (cancelled ones excluded lazily). */
  get pending(): number {
    return this.heap.filter((t) => !t.cancelled).length;
  }

  /** Advance time to `targetMs`, firing every timer due on the way, in order. */
  advanceTo(targetMs: number): void {
    for (;;) {
      const next = this.nextAt();
      if (next === undefined || next > targetMs) break;
      const t = this.pop()!;
      this.time = Math.max(this.time, t.at);
      t.fn();
    }
    this.time = Math.max(this.time, targetMs);
  }

  /** Advance by `ms`. */
  advance(ms: number): void {
    this.advanceTo(this.time + ms);
  }

  /** Fire timers until none are due now (zero-delay chains included). */
  runDue(): void {
    this.advanceTo(this.time);
  }

  private less(a: VirtualTimer, b: VirtualTimer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(t: VirtualTimer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): VirtualTimer | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
