import type { Scheduler, TimerHandle } from './clock.ts';
import type { Connection } from './connection.ts';
import { Consumer } from './consumer.ts';
import type { ChannelSink } from './delivery.ts';
import { Delivery } from './delivery.ts';
import { AmqpError, accessRefused, notAllowed, notFound, notImplemented, preconditionFailed, vh } from './errors.ts';
import type { Exchange } from './exchange.ts';
import type { FieldTable } from './field-value.ts';
import { fieldNumber, fieldTypeName } from './field-value.ts';
import { MessageCounters } from './counters.ts';
import type { BasicProperties, Message } from './message.ts';
import { parseExpiration } from './message.ts';
import type { QueueEntry } from './queue-entry.ts';
import type { Queue } from './queue.ts';
import { DIRECT_REPLY_TO, isReplyToName } from './direct-reply-to.ts';
import { UnackedLog } from './unacked-log.ts';

/** basic.get's answer. */
export interface GetResult {
  deliveryTag: number;
  redelivered: boolean;
  messageCount: number;
  message: Message;
  properties: BasicProperties;
}

interface TxPublish {
  exchange: string;
  routingKey: string;
  mandatory: boolean;
  properties: BasicProperties;
  body: Uint8Array;
}

/** A settlement held until tx.commit; `nack` tells basic.nack from basic.reject for the counters. */
type TxSettle = { kind: 'ack' | 'reject' | 'requeue'; nack: boolean; deliveries: Delivery[] };

/**
 * An AMQP channel: delivery tags, unacked deliveries, prefetch, consumers,
 * publisher confirms and transactions. Methods throw `AmqpError`; the caller
 * (listener or simulator) turns a channel-scoped error into channel.close and
 * a connection-scoped one into connection.close.
 */
export class Channel {
  readonly counters = new MessageCounters();
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
  private txPublishes: TxPublish[] = [];
  private txSettles: TxSettle[] = [];
  private timeoutTimer: TimerHandle | undefined;
  private lastExchange: Exchange | undefined;
  private writeChecked: Exchange | undefined;

  private readonly scheduler: Scheduler;
  private readonly consumerTimeoutMs: number;

  constructor(
    readonly connection: Connection,
    readonly id: number,
    readonly sink: ChannelSink,
  ) {
    this.consumerPrefetch = connection.broker.options.defaultConsumerPrefetch;
    this.scheduler = connection.broker.scheduler;
    this.consumerTimeoutMs = connection.broker.options.consumerTimeoutMs;
  }

  private get broker() {
    return this.connection.broker;
  }

  private get vhost() {
    return this.connection.vhost;
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

  /** basic.publish. Returns the confirm sequence number (0 outside confirm mode). */
  publish(exchange: string, routingKey: string, mandatory: boolean, props: BasicProperties, body: Uint8Array): number {
    this.assertOpen();
    const x = this.publishTarget(exchange);
    if (props.userId !== undefined && props.userId !== this.connection.user) {
      throw preconditionFailed(`user_id property set to '${props.userId}' but authenticated user was '${this.connection.user}'`);
    }
    if (props.expiration !== undefined) {
      const ttl = parseExpiration(props.expiration);
      if (typeof ttl !== 'number') throw preconditionFailed(`invalid expiration '${props.expiration}': ${ttl}`);
    }
    if (this.mode === 'tx') {
      this.txPublishes.push({ exchange, routingKey, mandatory, properties: props, body });
      return 0;
    }
    const seq = this.mode === 'confirm' ? ++this.publishSeq : 0;
    this.route(x, routingKey, mandatory, props, body, seq);
    return seq;
  }

  private publishTarget(exchange: string): Exchange {
    let x = this.lastExchange;
    if (x === undefined || x.name !== exchange || x.deleted) {
      x = this.vhost.exchanges.get(exchange);
      if (!x) throw notFound('exchange', exchange, this.vhost.name);
      this.lastExchange = x;
    }
    if (x.internal) throw accessRefused(`cannot publish to internal exchange '${exchange}' in ${vh(this.vhost.name)}`);
    if (this.writeChecked !== x) {
      this.connection.checkPermission('write', 'exchange', exchange);
      this.writeChecked = x;
    }
    return x;
  }

  private route(x: Exchange, routingKey: string, mandatory: boolean, props: BasicProperties, body: Uint8Array, seq: number): void {
    const b = this.broker;
    let properties = props;
    if (props.replyTo === DIRECT_REPLY_TO) {
      if (this.replyTo === undefined) throw preconditionFailed('fast reply consumer does not exist');
      properties = { ...props, replyTo: this.replyTo };
    }
    const msg = b.newMessage(x.name, routingKey, properties, body, b.scheduler.now());
    const c = this.counters;
    c.published++;
    c.bytesIn += body.length;
    b.counters.published++;
    b.counters.bytesIn += body.length;
    this.connection.counters.published++;
    this.connection.counters.bytesIn += body.length;
    if (x.isDefault && isReplyToName(routingKey)) {
      const routed = b.replyTo.deliver(routingKey, msg);
      this.afterRoute(x, msg, routed ? 1 : 0, 0, false, mandatory, seq);
      return;
    }
    const out = this.vhost.publish(x, msg);
    this.afterRoute(x, msg, out.routed, out.rejected, out.persisted, mandatory, seq);
  }

  private afterRoute(x: Exchange, msg: Message, routed: number, rejected: number, persisted: boolean, mandatory: boolean, seq: number): void {
    const b = this.broker;
    const c = this.counters;
    if (routed === 0) {
      if (mandatory) {
        x.counters.unroutableReturned++;
        b.counters.unroutableReturned++;
        b.counters.returned++;
        c.unroutableReturned++;
        c.returned++;
        this.sink.returned(312, 'NO_ROUTE', msg);
      } else {
        x.counters.unroutableDropped++;
        b.counters.unroutableDropped++;
        c.unroutableDropped++;
      }
    } else {
      b.counters.routed++;
      c.routed++;
    }
    if (b.events.has('message.routed')) {
      b.events.emit('message.routed', {
        vhost: this.vhost.name,
        exchange: x.name,
        routingKey: msg.routingKey,
        messageId: msg.id,
        queues: this.vhost.router.routedQueues().map((q) => q.name),
        outcome: routed === 0 ? (mandatory ? 'returned' : 'dropped') : rejected > 0 ? 'rejected' : 'routed',
        connectionId: this.connection.id,
        channel: this.id,
      });
    }
    if (seq === 0) return;
    // A message is confirmed once every queue took it (after the store's sync for
    // persistent messages); nacked when a queue refused it (docs/confirms.md).
    if (rejected > 0) this.sendConfirm(seq, false);
    else if (persisted && b.store) {
      this.unconfirmed++;
      b.store.afterSync(() => {
        this.unconfirmed--;
        if (this.open) this.sendConfirm(seq, true);
      });
    } else this.sendConfirm(seq, true);
  }

  private sendConfirm(seq: number, ack: boolean): void {
    // Like RabbitMQ's confirm stat, `confirmed` counts basic.ack confirms only.
    const bc = this.broker.counters;
    if (ack) {
      this.counters.confirmed++;
      bc.confirmed++;
    } else {
      this.counters.publisherNacked++;
      bc.publisherNacked++;
    }
    this.sink.confirm(seq, false, ack);
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
    const props = this.deliveryProperties(q, e);
    const size = msg.body.length;
    const qc = q.counters;
    const cc = this.counters;
    const bc = this.broker.counters;
    if (c.noAck) {
      q.settle(e, true);
      qc.deliveredAutoAck++;
      cc.deliveredAutoAck++;
      bc.deliveredAutoAck++;
    } else {
      this.unacked.add(new Delivery(tag, q, e, c, this.ackDeadline(q)));
      c.unacked++;
      this.consumerUnacked++;
      qc.deliveredManualAck++;
      cc.deliveredManualAck++;
      bc.deliveredManualAck++;
    }
    if (e.redelivered) {
      qc.redelivered++;
      cc.redelivered++;
      bc.redelivered++;
    }
    qc.bytesOut += size;
    cc.bytesOut += size;
    bc.bytesOut += size;
    this.connection.counters.bytesOut += size;
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
    bc.deliveredAutoAck++;
    cc.bytesOut += size;
    bc.bytesOut += size;
    this.connection.counters.bytesOut += size;
    this.sink.deliver(consumerTag, tag, false, msg, msg.properties);
  }

  /** Quorum queues add `x-delivery-count` to redeliveries. */
  private deliveryProperties(q: Queue, e: QueueEntry): BasicProperties {
    const p = e.msg.properties;
    if (e.deliveryCount === 0 || q.type !== 'quorum') return p;
    return { ...p, headers: { ...(p.headers ?? {}), 'x-delivery-count': { $type: 'int64', value: e.deliveryCount } } };
  }

  /** basic.get. Undefined means get-empty. */
  get(queueName: string, noAck: boolean): GetResult | undefined {
    this.assertOpen();
    const q = this.connection.useQueue(queueName, 'read');
    const e = q.get();
    const bc = this.broker.counters;
    if (!e) {
      q.counters.getEmpty++;
      this.counters.getEmpty++;
      bc.getEmpty++;
      return undefined;
    }
    const tag = ++this.nextTag;
    q.unacked++;
    if (noAck) {
      q.settle(e, true);
      q.counters.getAutoAck++;
      this.counters.getAutoAck++;
      bc.getAutoAck++;
    } else {
      // basic.get deliveries time out too: the check looks at every unacked delivery (rabbit_channel).
      this.unacked.add(new Delivery(tag, q, e, undefined, this.ackDeadline(q)));
      q.counters.getManualAck++;
      this.counters.getManualAck++;
      bc.getManualAck++;
    }
    if (e.redelivered) {
      q.counters.redelivered++;
      this.counters.redelivered++;
      bc.redelivered++;
    }
    const size = e.msg.body.length;
    q.counters.bytesOut += size;
    this.counters.bytesOut += size;
    bc.bytesOut += size;
    this.connection.counters.bytesOut += size;
    return { deliveryTag: tag, redelivered: e.redelivered, messageCount: q.messageCount, message: e.msg, properties: this.deliveryProperties(q, e) };
  }

  // ---- acknowledgements ---------------------------------------------------------------------

  /** basic.ack. */
  ack(tag: number, multiple: boolean): void {
    this.assertOpen();
    if (!multiple && this.mode !== 'tx') return this.ackOne(tag);
    const ds = this.take(tag, multiple);
    if (this.mode === 'tx') return void this.txSettles.push({ kind: 'ack', nack: false, deliveries: ds });
    this.settle(ds, 'ack');
  }

  /** The common case, kept allocation-free: one ack outside a transaction. */
  private ackOne(tag: number): void {
    const d = this.unacked.take(tag);
    if (!d) throw preconditionFailed(`unknown delivery tag ${tag}`);
    const q = d.queue;
    q.counters.acked++;
    this.counters.acked++;
    this.broker.counters.acked++;
    q.settle(d.entry, true);
    const c = d.consumer;
    if (!c) return;
    c.unacked--;
    this.consumerUnacked--;
    if (this.channelPrefetch > 0) this.dispatchAll();
    else if (c.queue.consumers.length > 0 && this.consumers.get(c.tag) === c) c.queue.dispatch();
  }

  /** basic.nack (RabbitMQ extension): reject one or many, requeued or dead-lettered. */
  nack(tag: number, multiple: boolean, requeue: boolean): void {
    this.assertOpen();
    const ds = this.take(tag, multiple);
    const kind = requeue ? 'requeue' : 'reject';
    if (this.mode === 'tx') return void this.txSettles.push({ kind, nack: true, deliveries: ds });
    for (const d of ds) this.countReject(d, true);
    this.settle(ds, kind);
  }

  /** basic.reject: like nack without `multiple`. */
  reject(tag: number, requeue: boolean): void {
    this.assertOpen();
    const ds = this.take(tag, false);
    const kind = requeue ? 'requeue' : 'reject';
    if (this.mode === 'tx') return void this.txSettles.push({ kind, nack: false, deliveries: ds });
    for (const d of ds) this.countReject(d, false);
    this.settle(ds, kind);
  }

  private countReject(d: Delivery, nack: boolean): void {
    const f = nack ? 'nacked' : 'rejected';
    d.queue.counters[f]++;
    this.counters[f]++;
    this.broker.counters[f]++;
  }

  /** basic.recover: requeue every unacked delivery (requeue=false is not implemented, as in RabbitMQ). */
  recover(requeue: boolean): void {
    this.assertOpen();
    if (!requeue) throw notImplemented('requeue=false');
    this.settle(this.unacked.takeUpTo(Infinity), 'requeue');
  }

  /** Remove the deliveries an ack/nack names; an unknown tag is a 406 channel error. */
  private take(tag: number, multiple: boolean): Delivery[] {
    const u = this.unacked;
    if (!multiple) {
      const d = u.take(tag);
      if (!d) throw preconditionFailed(`unknown delivery tag ${tag}`);
      return [d];
    }
    // multiple with tag 0 means "everything outstanding" (spec basic.ack).
    if (tag !== 0 && !u.has(tag)) throw preconditionFailed(`unknown delivery tag ${tag}`);
    return u.takeUpTo(tag === 0 ? Infinity : tag);
  }

  /** Apply settlements, then let the queues whose consumers got credit back deliver more. */
  private settle(ds: Delivery[], kind: 'ack' | 'reject' | 'requeue'): void {
    const bc = this.broker.counters;
    let freedConsumer: Consumer | undefined;
    let freedMany = false;
    const requeue = kind === 'requeue' ? new Map<Queue, QueueEntry[]>() : undefined;
    for (const d of ds) {
      const c = d.consumer;
      if (c) {
        c.unacked--;
        this.consumerUnacked--;
        if (freedConsumer === undefined) freedConsumer = c;
        else if (freedConsumer !== c) freedMany = true;
      }
      if (kind === 'ack') {
        d.queue.counters.acked++;
        this.counters.acked++;
        bc.acked++;
        d.queue.settle(d.entry, true);
      } else if (kind === 'reject') d.queue.discard(d.entry);
      else {
        const list = requeue!.get(d.queue);
        if (list) list.push(d.entry);
        else requeue!.set(d.queue, [d.entry]);
      }
    }
    if (requeue) for (const [q, es] of requeue) q.requeue(es, true);
    // The consumer-timeout timer is left to fire and find nothing: cancelling and
    // re-arming it for every delivery would cost more than one idle wake-up.
    if (freedConsumer === undefined) return;
    if (this.channelPrefetch > 0 || freedMany) this.dispatchAll();
    else if (this.consumers.get(freedConsumer.tag) === freedConsumer) freedConsumer.queue.dispatch();
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
    const pubs = this.txPublishes;
    const settles = this.txSettles;
    this.txPublishes = [];
    this.txSettles = [];
    for (const p of pubs) {
      const x = this.vhost.exchanges.get(p.exchange);
      if (!x) throw notFound('exchange', p.exchange, this.vhost.name);
      this.route(x, p.routingKey, p.mandatory, p.properties, p.body, 0);
    }
    for (const s of settles) {
      if (s.kind !== 'ack') for (const d of s.deliveries) this.countReject(d, s.nack);
      this.settle(s.deliveries, s.kind);
    }
  }

  /** tx.rollback: drop buffered publishes; buffered acks are undone (deliveries stay unacked). */
  txRollback(): void {
    this.assertOpen();
    if (this.mode !== 'tx') throw preconditionFailed('channel is not transactional');
    this.txPublishes = [];
    const back = this.txSettles.flatMap((s) => s.deliveries).sort((a, b) => a.tag - b.tag);
    this.txSettles = [];
    const rest = this.unacked.takeUpTo(Infinity);
    for (const d of [...back, ...rest].sort((a, b) => a.tag - b.tag)) this.unacked.add(d);
  }

  // ---- consumer timeout, close ---------------------------------------------------------------

  /** The consumer-timeout deadline of a delivery made now, arming the check; Infinity when off. */
  private ackDeadline(q: Queue): number {
    const timeout = q.settings.consumerTimeout ?? this.consumerTimeoutMs;
    if (timeout <= 0) return Infinity;
    const at = this.scheduler.now() + timeout;
    if (this.timeoutTimer === undefined) this.armTimeout(at);
    return at;
  }

  private armTimeout(at: number): void {
    const s = this.broker.scheduler;
    this.timeoutTimer = s.setTimeout(() => {
      this.timeoutTimer = undefined;
      if (!this.open) return;
      const now = s.now();
      let next = Infinity;
      for (const d of this.unacked.values()) {
        if (d.deadline <= now) {
          const ms = d.queue.settings.consumerTimeout ?? this.broker.options.consumerTimeoutMs;
          // On expiry the channel closes with 406 and its deliveries are requeued (docs/consumers.md).
          this.closeByBroker(
            preconditionFailed(`delivery acknowledgement on channel ${this.id} timed out. Timeout value used: ${ms} ms. This timeout value can be configured, see consumers doc guide to learn more`),
          );
          return;
        }
        if (d.deadline < next) next = d.deadline;
      }
      if (next !== Infinity) this.armTimeout(next);
    }, Math.max(0, at - s.now()));
  }

  private clearTimeout(): void {
    this.timeoutTimer?.cancel();
    this.timeoutTimer = undefined;
  }

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
    this.clearTimeout();
    for (const c of [...this.consumers.values()]) this.removeConsumer(c);
    if (this.replyTo !== undefined) this.broker.replyTo.cancel(this);
    const ds = this.unacked.takeUpTo(Infinity);
    this.txPublishes = [];
    this.txSettles = [];
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
