import { SequenceTracker } from './sequence-tracker.ts';

/** Per-routing-key streams are capped per queue, so random keys cannot grow memory without bound. */
const MAX_KEY_STREAMS = 10_000;

/** The ordering streams of one queue: one per producer, and one per (producer, routing key). */
export class QueueStreams {
  readonly byProducer: (SequenceTracker | undefined)[] = [];
  /** Per producer id: routing key to stream. */
  readonly byKey: (Map<string, SequenceTracker> | undefined)[] = [];
  keyStreams = 0;
  /** Set once the key cap was reached: later keys are not checked. */
  keysTruncated = false;
  producerStreams = 0;

  producer(pid: number): SequenceTracker {
    let t = this.byProducer[pid];
    if (t === undefined) {
      t = this.byProducer[pid] = new SequenceTracker();
      this.producerStreams++;
    }
    return t;
  }

  /** The (producer, key) stream, or undefined once the cap is reached. */
  key(pid: number, routingKey: string): SequenceTracker | undefined {
    let m = this.byKey[pid];
    if (m === undefined) m = this.byKey[pid] = new Map();
    let t = m.get(routingKey);
    if (t === undefined) {
      if (this.keyStreams >= MAX_KEY_STREAMS) {
        this.keysTruncated = true;
        return undefined;
      }
      t = new SequenceTracker();
      m.set(routingKey, t);
      this.keyStreams++;
    }
    return t;
  }

  /** Holes below the highest number seen, over this queue's producer streams. */
  producerGaps(): number {
    let g = 0;
    for (const t of this.byProducer) if (t) g += t.gaps;
    return g;
  }

  keyGaps(): number {
    let g = 0;
    for (const m of this.byKey) if (m) for (const t of m.values()) g += t.gaps;
    return g;
  }
}

/**
 * Every queue's ordering streams. Messages are checked in the order
 * consumers start handling them, across all consumers of a queue, so
 * competing consumers and requeues show up as out-of-order arrivals.
 */
export class OrderingBook {
  private readonly queues = new Map<string, QueueStreams>();

  /** The streams of one queue (or one reply-to pseudo-queue). */
  streams(vhost: string, queue: string): QueueStreams {
    const k = `${vhost}\u0000${queue}`;
    let s = this.queues.get(k);
    if (s === undefined) {
      s = new QueueStreams();
      this.queues.set(k, s);
    }
    return s;
  }

  /** Stream counts and open holes across every queue. */
  totals(): { producerStreams: number; producerGaps: number; keyStreams: number; keyGaps: number } {
    let producerStreams = 0;
    let producerGaps = 0;
    let keyStreams = 0;
    let keyGaps = 0;
    for (const s of this.queues.values()) {
      producerStreams += s.producerStreams;
      producerGaps += s.producerGaps();
      keyStreams += s.keyStreams;
      keyGaps += s.keyGaps();
    }
    return { producerStreams, producerGaps, keyStreams, keyGaps };
  }
}
