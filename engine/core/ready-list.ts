import { Deque } from './deque.ts';
import type { QueueEntry } from './queue-entry.ts';

const bySeq = (e: QueueEntry): number => e.seq;

/**
 * A queue's ready messages: FIFO, or one FIFO per priority level (highest
 * first) when the queue has `x-max-priority`. Tracks count and body bytes.
 */
export class ReadyList {
  private readonly levels: Deque<QueueEntry>[];
  /** The only level when the queue has no priorities (fast path). */
  private readonly single: Deque<QueueEntry> | undefined;
  private count = 0;
  private byteCount = 0;

  constructor(maxPriority?: number) {
    const n = maxPriority === undefined ? 1 : maxPriority + 1;
    this.levels = Array.from({ length: n }, () => new Deque<QueueEntry>());
    this.single = n === 1 ? this.levels[0] : undefined;
  }

  get length(): number {
    return this.count;
  }

  get bytes(): number {
    return this.byteCount;
  }

  push(e: QueueEntry): void {
    (this.single ?? this.level(e)).push(e);
    this.count++;
    this.byteCount += e.msg.body.length;
  }

  /** Put a returned message back in its original position (by queue sequence). */
  requeue(e: QueueEntry): void {
    this.level(e).insertSorted(e, bySeq);
    this.count++;
    this.byteCount += e.msg.body.length;
  }

  peek(): QueueEntry | undefined {
    if (this.count === 0) return undefined;
    if (this.single) return this.single.peek();
    const ls = this.levels;
    for (let i = ls.length - 1; i >= 0; i--) {
      const e = ls[i]!.peek();
      if (e) return e;
    }
    return undefined;
  }

  shift(): QueueEntry | undefined {
    if (this.count === 0) return undefined;
    if (this.single) {
      const e = this.single.shift()!;
      this.count--;
      this.byteCount -= e.msg.body.length;
      return e;
    }
    const ls = this.levels;
    for (let i = ls.length - 1; i >= 0; i--) {
      const e = ls[i]!.shift();
      if (e) {
        this.count--;
        this.byteCount -= e.msg.body.length;
        return e;
      }
    }
    return undefined;
  }

  /** Remove everything; returns the entries in delivery order. */
  drain(): QueueEntry[] {
    const out: QueueEntry[] = [];
    for (let e = this.shift(); e; e = this.shift()) out.push(e);
    return out;
  }

  /** The first `n` entries in delivery order, without removing them. */
  peekMany(n: number): QueueEntry[] {
    const out: QueueEntry[] = [];
    for (let i = this.levels.length - 1; i >= 0 && out.length < n; i--) {
      for (const e of this.levels[i]!) {
        if (out.length >= n) break;
        out.push(e);
      }
    }
    return out;
  }

  /** Remove the entries matching `pred` (e.g. messages moved elsewhere). */
  removeWhere(pred: (e: QueueEntry) => boolean): QueueEntry[] {
    const removed: QueueEntry[] = [];
    for (const l of this.levels) removed.push(...l.removeWhere(pred));
    for (const e of removed) {
      this.count--;
      this.byteCount -= e.msg.body.length;
    }
    return removed;
  }

  private level(e: QueueEntry): Deque<QueueEntry> {
    const ls = this.levels;
    return ls[e.priority < ls.length ? e.priority : ls.length - 1]!;
  }
}
