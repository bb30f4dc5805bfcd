import { Deque } from './deque.ts';
import type { QueueEntry } from './queue-entry.ts';

const bySeq = (e: QueueEntry): number => e.seq;

/** Of every three messages a quorum queue hands out while it has both kinds, two are high priority. */
const QUORUM_WEIGHT = 2;

/**
 * A queue's ready messages: FIFO, or one FIFO per priority level (highest
 * first) when a classic queue has `x-max-priority`. A quorum queue (4.0-4.2)
 * has two levels, normal (0) and high (1), served by weight: two high for
 * every normal one while both have messages, so normal ones are never starved
 * (RabbitMQ's rabbit_fifo_q). Tracks count and body bytes, in all and of
 * persistent messages (delivery mode 2).
 */
export class ReadyList {
  private readonly levels: Deque<QueueEntry>[];
  /** The only level when the queue has no priorities (fast path). */
  private readonly single: Deque<QueueEntry> | undefined;
  private readonly weighted: boolean;
  /** Quorum: messages handed out since the last normal-priority turn (0, 1, 2). */
  private turn = 0;
  private count = 0;
  private byteCount = 0;
  private persistentCount = 0;
  private persistentByteCount = 0;

  constructor(maxPriority?: number, kind: 'strict' | 'quorum' = 'strict') {
    this.weighted = kind === 'quorum';
    const n = this.weighted ? 2 : maxPriority === undefined ? 1 : maxPriority + 1;
    this.levels = Array.from({ length: n }, () => new Deque<QueueEntry>());
    this.single = n === 1 ? this.levels[0] : undefined;
  }

  /** The level the next message comes from, on turn `turn`. */
  private next(turn: number, normal: QueueEntry | undefined, high: QueueEntry | undefined): 0 | 1 {
    if (!high) return 0;
    if (!normal || turn !== QUORUM_WEIGHT) return 1;
    // The normal turn: still the high one if it came first.
    return high.seq < normal.seq ? 1 : 0;
  }

  get length(): number {
    return this.count;
  }

  get bytes(): number {
    return this.byteCount;
  }

  /** Ready persistent messages, and their body bytes. */
  get persistent(): { messages: number; bytes: number } {
    return { messages: this.persistentCount, bytes: this.persistentByteCount };
  }

  private added(e: QueueEntry): void {
    const n = e.msg.body.length;
    this.count++;
    this.byteCount += n;
    if (e.msg.properties.deliveryMode === 2) {
      this.persistentCount++;
      this.persistentByteCount += n;
    }
  }

  private removed(e: QueueEntry): void {
    const n = e.msg.body.length;
    this.count--;
    this.byteCount -= n;
    if (e.msg.properties.deliveryMode === 2) {
      this.persistentCount--;
      this.persistentByteCount -= n;
    }
  }

  push(e: QueueEntry): void {
    (this.single ?? this.level(e)).push(e);
    this.added(e);
  }

  /** Put a returned message back in its original position (by queue sequence). */
  requeue(e: QueueEntry): void {
    this.level(e).insertSorted(e, bySeq);
    this.added(e);
  }

  peek(): QueueEntry | undefined {
    if (this.count === 0) return undefined;
    if (this.single) return this.single.peek();
    if (this.weighted) {
      const [normal, high] = [this.levels[0]!.peek(), this.levels[1]!.peek()];
      return this.next(this.turn, normal, high) === 1 ? high : normal;
    }
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
      this.removed(e);
      return e;
    }
    if (this.weighted) {
      const level = this.next(this.turn, this.levels[0]!.peek(), this.levels[1]!.peek());
      this.turn = this.turn === QUORUM_WEIGHT ? 0 : this.turn + 1;
      const e = this.levels[level]!.shift()!;
      this.removed(e);
      return e;
    }
    const ls = this.levels;
    for (let i = ls.length - 1; i >= 0; i--) {
      const e = ls[i]!.shift();
      if (e) {
        this.removed(e);
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
    if (this.weighted) {
      // Walk both levels as shift() would take them, without taking.
      const its = [this.levels[0]![Symbol.iterator](), this.levels[1]![Symbol.iterator]()] as const;
      const heads = [its[0].next().value, its[1].next().value];
      for (let turn = this.turn; out.length < n && (heads[0] || heads[1]); turn = turn === QUORUM_WEIGHT ? 0 : turn + 1) {
        const level = this.next(turn, heads[0], heads[1]);
        out.push(heads[level]!);
        heads[level] = its[level].next().value;
      }
      return out;
    }
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
      this.removed(e);
    }
    return removed;
  }

  private level(e: QueueEntry): Deque<QueueEntry> {
    const ls = this.levels;
    return ls[e.priority < ls.length ? e.priority : ls.length - 1]!;
  }
}
