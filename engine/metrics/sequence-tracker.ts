import type { OrderingStats } from './snapshot-types.ts';

const WINDOW = 1024;
const MASK = WINDOW - 1;

/** What one arrival was, relative to the stream so far. */
export const enum Arrival {
  InOrder = 0,
  /** Earlier than a sequence number already seen, and new. */
  OutOfOrder = 1,
  /** Seen before, and not flagged as a redelivery: a true duplicate. */
  Duplicate = 2,
  /** Seen before, and flagged redelivered or dead-lettered. */
  Redelivery = 3,
}

/**
 * Checks one stream of sequence numbers (1, 2, 3, ...) as it arrives: a
 * bitmap of the last 1024 numbers below the highest seen tells a late
 * arrival from a duplicate. Holes below the highest number count as gaps
 * until filled; holes that slide out of the window stay counted.
 */
export class SequenceTracker {
  last = 0;
  gaps = 0;
  private readonly bits = new Uint32Array(WINDOW / 32);

  /** Check one arrival; `again` marks a message flagged redelivered or dead-lettered. */
  arrive(seq: number, again: boolean): Arrival {
    const last = this.last;
    if (seq > last) {
      const jump = seq - last;
      if (jump >= WINDOW) this.bits.fill(0);
      else for (let s = last + 1; s < seq; s++) this.bits[(s & MASK) >>> 5]! &= ~(1 << (s & 31));
      this.set(seq);
      this.gaps += jump - 1;
      this.last = seq;
      return Arrival.InOrder;
    }
    if (last - seq >= WINDOW) {
      // Too old to tell: assume it fills a hole.
      if (this.gaps > 0) this.gaps--;
      return again ? Arrival.Redelivery : Arrival.OutOfOrder;
    }
    if (this.has(seq)) return again ? Arrival.Redelivery : Arrival.Duplicate;
    this.set(seq);
    if (this.gaps > 0) this.gaps--;
    return Arrival.OutOfOrder;
  }

  private has(seq: number): boolean {
    return (this.bits[(seq & MASK) >>> 5]! & (1 << (seq & 31))) !== 0;
  }

  private set(seq: number): void {
    this.bits[(seq & MASK) >>> 5]! |= 1 << (seq & 31);
  }
}

/** Ordering counts, as a mutable accumulator. */
export class OrderingCounter {
  received = 0;
  outOfOrder = 0;
  duplicates = 0;
  redeliveries = 0;

  count(a: Arrival): void {
    this.received++;
    if (a === Arrival.OutOfOrder) this.outOfOrder++;
    else if (a === Arrival.Duplicate) this.duplicates++;
    else if (a === Arrival.Redelivery) this.redeliveries++;
  }

  add(o: OrderingCounter): void {
    this.received += o.received;
    this.outOfOrder += o.outOfOrder;
    this.duplicates += o.duplicates;
    this.redeliveries += o.redeliveries;
  }

  toStats(streams: number, gaps: number): OrderingStats {
    return { streams, received: this.received, outOfOrder: this.outOfOrder, gaps, duplicates: this.duplicates, redeliveries: this.redeliveries };
  }
}
