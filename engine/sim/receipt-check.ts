import type { BasicProperties, Message } from '../core/message.ts';
import { LatencyHistogram } from '../metrics/latency-histogram.ts';
import type { QueueStreams } from '../metrics/ordering-book.ts';
import { OrderingCounter } from '../metrics/sequence-tracker.ts';
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

  constructor(private readonly ctx: SimContext) {}

  /** Check messages from now on against this queue's streams. */
  useQueue(vhost: string, queue: string): void {
    this.ordering.streams = this.ctx.metrics.ordering.streams(vhost, queue);
  }

  observe(now: number, msg: Message, props: BasicProperties, redelivered: boolean): void {
    const h = props.headers;
    const ts = numberHeader(h, H_TS);
    if (!Number.isNaN(ts)) this.latency.consume.record(now - ts);
    const pid = numberHeader(h, H_PRODUCER);
    const streams = this.ordering.streams;
    if (Number.isNaN(pid) || streams === undefined) return;
    const seq = numberHeader(h, H_SEQ);
    const again = redelivered || wasDeadLettered(h);
    this.ordering.byProducer.count(streams.producer(pid).arrive(seq, again));
    const kseq = numberHeader(h, H_KEY_SEQ);
    const kt = streams.key(pid, msg.routingKey);
    if (kt !== undefined) this.ordering.byKey.count(kt.arrive(Number.isNaN(kseq) ? seq : kseq, again));
    this.ctx.ledger(pid)?.settle(seq);
  }
}
