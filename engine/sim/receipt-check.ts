import type { BasicProperties, Message } from '../core/message.ts';
import { LatencyHistogram } from '../metrics/latency-histogram.ts';
import type { QueueStreams } from '../metrics/ordering-book.ts';
import { OrderingCounter } from '../metrics/sequence-tracker.ts';
import type { SequenceTracker } from '../metrics/sequence-tracker.ts';
import { H_KEY_SEQ, H_PRODUCER, H_SEQ, H_TS, numberHeader, wasDeadLettered } from './sim-headers.ts';
import type { SimContext } from './sim-context.ts';

/**
 * What a consumer measures when it starts handling a message, from the
 * simulator's headers: publish-to-consume latency, ordering per producer and
 * per (producer, routing key) within the queue, and the producer's loss
 * ledger. Messages without the headers (from other clients) only count.
 */
export class ReceiptCheck {
  readonly latency = { consume: new LatencyHistogram() };
  readonly ordering: { byProducer: OrderingCounter; byKey: OrderingCounter; streams: QueueStreams | undefined } = {
    byProducer: new OrderingCounter(),
    byKey: new OrderingCounter(),
    streams: undefined,
  };

  /** The last (producer, routing key) stream used: most consumers see one key from one producer in a row. */
  private lastPid = -1;
  private lastKey = '';
  private lastStream: SequenceTracker | undefined;

  constructor(private readonly ctx: SimContext) {}

  /** Check messages from now on against this queue's streams. */
  useQueue(vhost: string, queue: string): void {
    this.ordering.streams = this.ctx.metrics.ordering.streams(vhost, queue);
    this.lastPid = -1;
  }

  observe(now: number, msg: Message, props: BasicProperties, redelivered: boolean): void {
    const h = props.headers;
    if (h === undefined) return;
    // Header reads inlined for the common case (plain numbers), with the general reader as fallback.
    const rawTs = h[H_TS];
    const ts = typeof rawTs === 'number' ? rawTs : numberHeader(h, H_TS);
    const latency = now - ts;
    if (latency === latency) this.latency.consume.record(latency);
    const rawPid = h[H_PRODUCER];
    const pid = typeof rawPid === 'number' ? rawPid : numberHeader(h, H_PRODUCER);
    const streams = this.ordering.streams;
    if (pid !== pid || streams === undefined) return;
    const rawSeq = h[H_SEQ];
    const seq = typeof rawSeq === 'number' ? rawSeq : numberHeader(h, H_SEQ);
    const again = redelivered || wasDeadLettered(h);
    this.ordering.byProducer.count(streams.producer(pid).arrive(seq, again));
    const rk = msg.routingKey;
    let kt = this.lastStream;
    if (pid !== this.lastPid || rk !== this.lastKey) {
      kt = this.lastStream = streams.key(pid, rk);
      this.lastPid = pid;
      this.lastKey = rk;
    }
    if (kt !== undefined) {
      const rawK = h[H_KEY_SEQ];
      this.ordering.byKey.count(kt.arrive(rawK === undefined ? seq : numberHeader(h, H_KEY_SEQ), again));
    }
    this.ctx.received(pid, seq, latency);
  }
}
