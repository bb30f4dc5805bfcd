import type { Channel } from './channel.ts';
import { accessRefused, notFound, preconditionFailed, vh } from './errors.ts';
import type { Exchange } from './exchange.ts';
import type { BasicProperties, Message } from './message.ts';
import { DIRECT_REPLY_TO, isReplyToName } from './direct-reply-to.ts';
import type { ExchangePublishStats } from './publish-stats.ts';
import { checkTopicAccess } from './topic-authorisation.ts';

/**
 * A channel's publishing path: resolve and authorise the exchange (cached
 * per channel), route, count, return unroutable mandatory messages, and
 * confirm. Kept apart from delivery so each reads on its own.
 */
export class Publisher {
  private lastExchange: Exchange | undefined;
  private writeChecked: Exchange | undefined;

  constructor(private readonly ch: Channel) {}

  /** The exchange to publish to: 404 if missing, 403 if internal, not writable, or the routing key fails topic authorisation. */
  target(exchange: string, routingKey: string): Exchange {
    const v = this.ch.connection.vhost;
    let x = this.lastExchange;
    if (x === undefined || x.name !== exchange || x.deleted) {
      x = v.exchanges.get(exchange);
      if (!x) throw notFound('exchange', exchange, v.name);
      this.lastExchange = x;
    }
    if (x.internal) throw accessRefused(`cannot publish to internal exchange '${exchange}' in ${vh(v.name)}`);
    if (this.writeChecked !== x) {
      this.ch.connection.checkPermission('write', 'exchange', exchange);
      this.writeChecked = x;
    }
    const conn = this.ch.connection;
    checkTopicAccess(conn.broker, conn.user, v.name, x, 'write', routingKey);
    return x;
  }

  /**
   * Route one message and settle its fate: return, drop, confirm (`seq` 0 =
   * no confirm). Returns whether a queue (or a direct reply-to consumer) kept it.
   */
  route(x: Exchange, routingKey: string, mandatory: boolean, props: BasicProperties, body: Uint8Array, seq: number): boolean {
    const ch = this.ch;
    const conn = ch.connection;
    const b = conn.broker;
    let properties = props;
    if (props.replyTo === DIRECT_REPLY_TO) {
      if (ch.replyTo === undefined) throw preconditionFailed('fast reply consumer does not exist');
      properties = { ...props, replyTo: ch.replyTo };
    }
    const msg = b.newMessage(x.name, routingKey, properties, body, b.scheduler.now());
    const size = body.length;
    ch.counters.published++;
    ch.counters.bytesIn += size;
    b.counters.published++;
    b.counters.bytesIn += size;
    conn.counters.published++;
    conn.counters.bytesIn += size;
    const stats = ch.publishes.of(x.name);
    stats.count(routingKey);
    if (x.isDefault && isReplyToName(routingKey)) {
      const routed = b.replyTo.deliver(routingKey, msg);
      this.afterRoute(x, stats, msg, routed ? 1 : 0, 0, false, mandatory, seq);
      return routed;
    }
    const out = conn.vhost.publish(x, msg);
    const { routed, rejected } = out;
    this.afterRoute(x, stats, msg, routed, rejected, out.persisted, mandatory, seq);
    return routed > rejected;
  }

  private afterRoute(x: Exchange, stats: ExchangePublishStats, msg: Message, routed: number, rejected: number, persisted: boolean, mandatory: boolean, seq: number): void {
    const ch = this.ch;
    const b = ch.connection.broker;
    const c = ch.counters;
    const cc = ch.connection.counters;
    if (routed === 0) {
      if (mandatory) {
        x.counters.unroutableReturned++;
        b.counters.unroutableReturned++;
        b.counters.returned++;
        c.unroutableReturned++;
        c.returned++;
        cc.unroutableReturned++;
        cc.returned++;
        stats.unroutableReturned++;
        ch.sink.returned(312, 'NO_ROUTE', msg);
      } else {
        x.counters.unroutableDropped++;
        b.counters.unroutableDropped++;
        c.unroutableDropped++;
        cc.unroutableDropped++;
        stats.unroutableDropped++;
      }
    } else {
      b.counters.routed++;
      c.routed++;
      cc.routed++;
    }
    if (b.events.has('message.routed')) {
      b.events.emit('message.routed', {
        vhost: ch.connection.vhost.name,
        exchange: x.name,
        routingKey: msg.routingKey,
        messageId: msg.id,
        queues: ch.connection.vhost.router.routedQueues().map((q) => q.name),
        outcome: routed === 0 ? (mandatory ? 'returned' : 'dropped') : rejected > 0 ? 'rejected' : 'routed',
        connectionId: ch.connection.id,
        channel: ch.id,
      });
    }
    if (seq === 0) return;
    // A message is confirmed once every queue took it (after the store's sync for
    // persistent messages); nacked when a queue refused it (docs/confirms.md).
    // A return is sent before the confirm (above).
    if (rejected > 0) this.confirm(seq, false, stats);
    else if (persisted && b.store) {
      ch.unconfirmed++;
      b.store.afterSync(() => {
        ch.unconfirmed--;
        if (ch.open) this.confirm(seq, true, stats);
      });
    } else this.confirm(seq, true, stats);
  }

  private confirm(seq: number, ack: boolean, stats: ExchangePublishStats): void {
    const ch = this.ch;
    // Like RabbitMQ's confirm stat, `confirmed` counts basic.ack confirms only.
    const bc = ch.connection.broker.counters;
    const cc = ch.connection.counters;
    if (ack) {
      ch.counters.confirmed++;
      cc.confirmed++;
      bc.confirmed++;
      stats.confirmed++;
    } else {
      ch.counters.publisherNacked++;
      cc.publisherNacked++;
      bc.publisherNacked++;
    }
    ch.sink.confirm(seq, false, ack);
  }
}
