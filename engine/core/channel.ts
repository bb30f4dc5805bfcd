import { AckTimeout } from './ack-timeout.ts';
import { basicGet, deliveryProperties } from './basic-get.ts';
import type { Connection } from './connection.ts';
import { Consumer } from './consumer.ts';
import type { ChannelSink, GetResult } from './delivery.ts';
import { Delivery } from './delivery.ts';
import { AmqpError, accessRefused, notAllowed, notImplemented, preconditionFailed, vh } from './errors.ts';
import type { FieldTable } from './field-value.ts';
import { fieldNumber, fieldTypeName } from './field-value.ts';
import { MessageCounters } from './counters.ts';
import type { BasicProperties, Message } from './message.ts';
import { parseExpiration } from './message.ts';
import type { QueueEntry } from './queue-entry.ts';
import type { Queue } from './queue.ts';
import { DIRECT_REPLY_TO } from './direct-reply-to.ts';
import { Publisher } from './publisher.ts';
import { PublishStatsByExchange } from './publish-stats.ts';
import { countReject, settleDeliveries, takeDeliveries } from './settlement.ts';
import { Transaction } from './transaction.ts';
import { UnackedLog } from './unacked-log.ts';

export type { GetResult };

/** What one basic.publish did. */
export interface PublishResult {
  /** Confirm sequence number (0 outside confirm mode). */
  seq: number;
  /**
   * A queue kept the message (or a direct reply-to consumer took it); false
   * when unroutable or refused by every queue (x-overflow reject-publish);
   * undefined in a transaction, where tx.commit decides.
   */
  accepted: boolean | undefined;
}

/**
 * An AMQP channel: delivery tags, unacked deliveries, prefetch, consumers,
 * publisher confirms and transactions. Methods throw `AmqpError`; the caller
 * (listener or simulator) turns a channel-scoped error into channel.close and
 * a connection-scoped one into connection.close.
 */
export class Channel {
  readonly counters = new MessageCounters();
  /** What this channel published, per exchange (RabbitMQ's channel `publishes` stats). */
  readonly publishes = new PublishStatsByExchange();
  readonly consumers = new Map<string, Consumer>();
  /** Unacked deliveries in tag order. */
  readonly unacked = new UnackedLog();
  open = true;
  /** channel.flow from the client: false stops deliveries. */
  flow = true;
  /** Per-consumer prefetch applied to consumers created from now on (qos global=false). */
  consumerPrefetch: number;
  /** Channel-wide prefetch (qos global=true); 0 = unlimited. */
  channelPrefetch = 0;
  /** Unacked deliveries from consumers (what the channel prefetch limits). */
  consumerUnacked = 0;
  mode: 'none' | 'confirm' | 'tx' = 'none';
  /** Last publish sequence number in confirm mode. */
  publishSeq = 0;
  /** Confirms not yet sent (waiting for the store). */
  unconfirmed = 0;
  /** Direct reply-to: this channel's pseudo-queue name, once it consumes from amq.rabbitmq.reply-to. */
  replyTo: string | undefined;
  private nextTag = 0;
  private readonly tx = new Transaction();
  private readonly publisher = new Publisher(this);
  /** The result of the last basic.publish (one object, reused). */
  private readonly lastPublish: PublishResult = { seq: 0, accepted: undefined };
  readonly ackTimeout: AckTimeout;

  constructor(
    readonly connection: Connection,
    readonly id: number,
    readonly sink: ChannelSink,
  ) {
    this.consumerPrefetch = connection.broker.options.defaultConsumerPrefetch;
    this.ackTimeout = new AckTimeout(this, connection.broker.options.consumerTimeoutMs);
  }

  private get broker() {
    return this.connection.broker;
  }

  /** True when deliveries may flow to this channel now. */
  canDeliver(noAck: boolean): boolean {
    return (
      this.open &&
      this.flow &&
      this.connection.writable &&
      (noAck || this.channelPrefetch === 0 || this.consumerUnacked < this.channelPrefetch)
    );
  }

  // ---- publishing ---------------------------------------------------------------------------

  /**
   * basic.publish. Returns what it did, in an object the channel reuses:
   * read it before the next publish on this channel.
   */
  publish(exchange: string, routingKey: string, mandatory: boolean, props: BasicProperties, body: Uint8Array): PublishResult {
    this.assertOpen();
    const x = this.publisher.target(exchange, routingKey);
    if (props.userId !== undefined && props.userId !== this.connection.user) {
      throw preconditionFailed(`user_id property set to '${props.userId}' but authenticated user was '${this.connection.user}'`);
    }
    if (props.expiration !== undefined) {
      const ttl = parseExpiration(props.expiration);
      if (typeof ttl !== 'number') throw preconditionFailed(`invalid expiration '${props.expiration}': ${ttl}`);
    }
    const r = this.lastPublish;
    if (this.mode === 'tx') {
      this.tx.publish({ exchange, routingKey, mandatory, properties: props, body });
      r.seq = 0;
      r.accepted = undefined;
      return r;
    }
    const seq = this.mode === 'confirm' ? ++this.publishSeq : 0;
    r.accepted = this.publisher.route(x, routingKey, mandatory, props, body, seq);
    r.seq = seq;
    return r;
  }

  // ---- consuming ----------------------------------------------------------------------------

  /** basic.consume. Returns the consumer tag (server-generated when `tag` is ''). */
  consume(queueName: string, tag: string, noAck: boolean, exclusive: boolean, args: FieldTable): string {
    this.assertOpen();
    const b = this.broker;
    if (queueName === DIRECT_REPLY_TO) return b.replyTo.consume(this, tag, noAck);
    // Reusing a tag on a channel is a connection error, checked first (rabbit_channel basic.consume).
    if (tag !== '' && this.consumers.has(tag)) throw notAllowed(`attempt to reuse consumer tag '${tag}'`);
    const q = this.connection.useQueue(queueName, 'read');
    const ctag = tag === '' ? b.consumerTag() : tag;
    // Consumer arguments are checked before the queue's exclusivity (rabbit_amqqueue:basic_consume).
    const prio = args['x-priority'];
    const priority = prio === undefined ? 0 : fieldNumber(prio);
    if (priority === undefined || !Number.isInteger(priority) || typeof prio === 'boolean') {
      throw preconditionFailed(`invalid arg 'x-priority' for queue '${q.name}' in ${vh(q.vhost)}: "expected integer, got ${fieldTypeName(prio)}"`);
    }
    // A classic queue refuses an exclusive consumer while it has consumers or single active
    // consumer is on; quorum queues ignore the flag (docs/consumers.md §exclusivity).
    const classic = q.type === 'classic';
    if (q.consumers.some((c) => c.exclusive) || (exclusive && classic && (q.consumers.length > 0 || q.settings.singleActiveConsumer))) {
      throw accessRefused(`queue '${q.name}' in ${vh(q.vhost)} in exclusive use`);
    }
    const c = new Consumer(ctag, this, q, noAck, exclusive && q.type === 'classic', priority, this.consumerPrefetch, args, q.nextConsumerOrder());
    this.consumers.set(ctag, c);
    b.events.emit('consumer.created', { connectionId: this.connection.id, channel: this.id, vhost: q.vhost, queue: q.name, tag: ctag });
    q.addConsumer(c);
    return ctag;
  }

  /** basic.cancel. Unacked deliveries stay on the channel (as RabbitMQ does). Unknown tags are fine. */
  cancel(tag: string): void {
    if (this.replyTo !== undefined && this.broker.replyTo.isConsumer(this, tag)) {
      this.broker.replyTo.cancel(this);
      return;
    }
    const c = this.consumers.get(tag);
    if (!c) return;
    this.removeConsumer(c);
  }

  private removeConsumer(c: Consumer): void {
    this.consumers.delete(c.tag);
    this.broker.events.emit('consumer.cancelled', { connectionId: this.connection.id, channel: this.id, vhost: c.queue.vhost, queue: c.queue.name, tag: c.tag });
    c.queue.removeConsumer(c);
  }

  /** The queue deleted a consumer's queue: forget it and tell the client (consumer_cancel_notify). */
  consumerGone(c: Consumer): void {
    if (this.consumers.get(c.tag) !== c) return;
    this.consumers.delete(c.tag);
    this.broker.events.emit('consumer.cancelled', { connectionId: this.connection.id, channel: this.id, vhost: c.queue.vhost, queue: c.queue.name, tag: c.tag });
    if (this.open) this.sink.cancelled(c.tag);
  }

  /** Called by a queue: hand one message to a consumer on this channel. */
  deliver(c: Consumer, q: Queue, e: QueueEntry): void {
    const tag = ++this.nextTag;
    const msg = e.msg;
    const props = deliveryProperties(q, e);
    const size = msg.body.length;
    const qc = q.counters;
    const cc = this.counters;
    const nc = this.connection.counters;
    const bc = this.broker.counters;
    if (c.noAck) {
      q.settle(e, true);
      qc.deliveredAutoAck++;
      cc.deliveredAutoAck++;
      nc.deliveredAutoAck++;
      bc.deliveredAutoAck++;
    } else {
      this.unacked.add(new Delivery(tag, q, e, c, this.ackTimeout.deadline(q)));
      c.unacked++;
      this.consumerUnacked++;
      qc.deliveredManualAck++;
      cc.deliveredManualAck++;
      nc.deliveredManualAck++;
      bc.deliveredManualAck++;
    }
    if (e.redelivered) {
      qc.redelivered++;
      cc.redelivered++;
      nc.redelivered++;
      bc.redelivered++;
    }
    qc.bytesOut += size;
    cc.bytesOut += size;
    bc.bytesOut += size;
    nc.bytesOut += size;
    c.delivered++;
    this.sink.deliver(c.tag, tag, e.redelivered, msg, props);
  }

  /** Deliver a direct reply-to message (no queue, no ack). */
  deliverDirect(consumerTag: string, msg: Message): void {
    const tag = ++this.nextTag;
    const size = msg.body.length;
    const cc = this.counters;
    const bc = this.broker.counters;
    cc.deliveredAutoAck++;
    this.connection.counters.deliveredAutoAck++;
    bc.deliveredAutoAck++;
    cc.bytesOut += size;
    bc.bytesOut += size;
    this.connection.counters.bytesOut += size;
    this.sink.deliver(consumerTag, tag, false, msg, msg.properties);
  }

  /** basic.get. Undefined means get-empty. */
  get(queueName: string, noAck: boolean): GetResult | undefined {
    this.assertOpen();
    return basicGet(this, this.connection.useQueue(queueName, 'read'), noAck);
  }

  /** The next delivery tag (monotonic per channel). */
  nextDeliveryTag(): number {
    return ++this.nextTag;
  }

  // ---- acknowledgements ---------------------------------------------------------------------

  /** basic.ack. */
  ack(tag: number, multiple: boolean): void {
    this.assertOpen();
    if (!multiple && this.mode !== 'tx') return this.ackOne(tag);
    const ds = takeDeliveries(this.unacked, tag, multiple);
    if (this.mode === 'tx') return this.tx.settle('ack', false, ds);
    settleDeliveries(this, ds, 'ack');
  }

  /** The common case, kept allocation-free: one ack outside a transaction. */
  private ackOne(tag: number): void {
    const d = this.unacked.take(tag);
    if (!d) throw preconditionFailed(`unknown delivery tag ${tag}`);
    const q = d.queue;
    q.counters.acked++;
    this.counters.acked++;
    this.connection.counters.acked++;
    this.broker.counters.acked++;
    q.settle(d.entry, true);
    const c = d.consumer;
    if (!c) return;
    c.unacked--;
    this.consumerUnacked--;
    if (c.blocked) c.queue.unblock(c);
    if (this.channelPrefetch > 0) this.dispatchAll();
    else if (c.queue.consumers.length > 0 && this.consumers.get(c.tag) === c) c.queue.dispatch();
  }

  /** basic.nack (RabbitMQ extension): reject one or many, requeued or dead-lettered. */
  nack(tag: number, multiple: boolean, requeue: boolean): void {
    this.assertOpen();
    const ds = takeDeliveries(this.unacked, tag, multiple);
    const kind = requeue ? 'requeue' : 'reject';
    if (this.mode === 'tx') return this.tx.settle(kind, true, ds);
    for (const d of ds) countReject(this, d, true);
    settleDeliveries(this, ds, kind);
  }

  /** basic.reject: like nack without `multiple`. */
  reject(tag: number, requeue: boolean): void {
    this.assertOpen();
    const ds = takeDeliveries(this.unacked, tag, false);
    const kind = requeue ? 'requeue' : 'reject';
    if (this.mode === 'tx') return this.tx.settle(kind, false, ds);
    for (const d of ds) countReject(this, d, false);
    settleDeliveries(this, ds, kind);
  }

  /** basic.recover: requeue every unacked delivery (requeue=false is not implemented, as in RabbitMQ). */
  recover(requeue: boolean): void {
    this.assertOpen();
    if (!requeue) throw notImplemented('requeue=false');
    settleDeliveries(this, this.unacked.takeUpTo(Infinity), 'requeue');
  }

  /** Let every queue this channel consumes from try to deliver (credit came back). */
  dispatchAll(): void {
    for (const c of this.consumers.values()) c.queue.dispatch();
  }

  // ---- qos, flow, modes ---------------------------------------------------------------------

  /** basic.qos. prefetch-size is not supported by RabbitMQ either (must be 0). */
  qos(prefetchSize: number, prefetchCount: number, global: boolean): void {
    this.assertOpen();
    if (prefetchSize !== 0) throw notImplemented('prefetch_size!=0 (' + prefetchSize + ')');
    // RabbitMQ deviation: global=false is per consumer, global=true per channel (docs/consumer-prefetch.md).
    if (global) this.channelPrefetch = prefetchCount;
    else this.consumerPrefetch = prefetchCount;
    this.dispatchAll();
  }

  /** channel.flow from the client. */
  setFlow(active: boolean): void {
    this.flow = active;
    if (active) this.dispatchAll();
  }

  /** confirm.select. */
  confirmSelect(): void {
    this.assertOpen();
    if (this.mode === 'tx') throw preconditionFailed('cannot switch from tx to confirm mode');
    this.mode = 'confirm';
  }

  /** tx.select. */
  txSelect(): void {
    this.assertOpen();
    if (this.mode === 'confirm') throw preconditionFailed('cannot switch from confirm to tx mode');
    this.mode = 'tx';
  }

  /** tx.commit: apply buffered publishes, then buffered acks/nacks. */
  txCommit(): void {
    this.assertOpen();
    if (this.mode !== 'tx') throw preconditionFailed('channel is not transactional');
    this.tx.commit(this, this.publisher);
  }

  /** tx.rollback: drop buffered publishes; buffered acks are undone (deliveries stay unacked). */
  txRollback(): void {
    this.assertOpen();
    if (this.mode !== 'tx') throw preconditionFailed('channel is not transactional');
    this.tx.rollback(this);
  }

  // ---- consumer timeout, close ---------------------------------------------------------------

  /** The broker closes this channel with an error and tells the client. */
  closeByBroker(err: AmqpError): void {
    if (!this.open) return;
    this.close();
    this.sink.closedByBroker(err);
  }

  /**
   * Close: cancel consumers first (so requeued messages do not come straight
   * back here), then requeue every unacked delivery with redelivered=true.
   */
  close(): void {
    if (!this.open) return;
    this.open = false;
    this.ackTimeout.cancel();
    for (const c of [...this.consumers.values()]) this.removeConsumer(c);
    if (this.replyTo !== undefined) this.broker.replyTo.cancel(this);
    const ds = this.unacked.takeUpTo(Infinity);
    this.tx.clear();
    const byQueue = new Map<Queue, QueueEntry[]>();
    for (const d of ds) {
      if (d.consumer) {
        d.consumer.unacked--;
        this.consumerUnacked--;
      }
      const l = byQueue.get(d.queue);
      if (l) l.push(d.entry);
      else byQueue.set(d.queue, [d.entry]);
    }
    for (const [q, es] of byQueue) q.requeue(es);
    this.connection.channelClosed(this);
  }

  private assertOpen(): void {
    // A method on a channel that is not open: rabbit_channel's "expected 'channel.open'".
    if (!this.open) throw new AmqpError(504, "expected 'channel.open'", { scope: 'connection' });
  }
}
