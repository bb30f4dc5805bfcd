import type { Broker } from '../core/broker.ts';
import type { Channel } from '../core/channel.ts';
import type { ChannelSink } from '../core/delivery.ts';
import { notFound } from '../core/errors.ts';
import type { FieldTable } from '../core/field-value.ts';
import { fieldNumber, isFieldTable } from '../core/field-value.ts';
import type { BasicProperties, Message } from '../core/message.ts';
import type { Queue } from '../core/queue.ts';
import type { VirtualHost } from '../core/vhost.ts';
import { explainRoute } from '../core/route-explain.ts';
import type { RouteExplanationView } from './explain-view.ts';
import { explanationView } from './explain-view.ts';
import { HostFailure } from './host-error.ts';
import { messageView } from './message-view.ts';
import type { AckMode, MessageView, ReadEncoding } from './message-schema.ts';

/** A sink for the host's own short-lived channels: it only counts returns. */
class ToolSink implements ChannelSink {
  returns = 0;
  deliver(): void {}
  returned(): void {
    this.returns++;
  }
  confirm(): void {}
  cancelled(): void {}
  closedByBroker(): void {}
}

/**
 * Run `fn` on a fresh internal connection acting as `user` (permissions are
 * checked as for that user), then close it: anything left unacked goes back.
 */
function withChannel<T>(broker: Broker, user: string, vhost: string, fn: (ch: Channel, sink: ToolSink) => T): T {
  const conn = broker.connect({ user, vhost, kind: 'internal', name: 'brokerlab-tools' });
  try {
    const sink = new ToolSink();
    return fn(conn.openChannel(1, sink), sink);
  } finally {
    conn.close();
  }
}

function vhostOf(broker: Broker, vhost: string): VirtualHost {
  const v = broker.vhost(vhost);
  if (!v) throw new HostFailure('not-found', `no vhost '${vhost}'`);
  return v;
}

function queueOf(broker: Broker, vhost: string, name: string): Queue {
  const q = vhostOf(broker, vhost).queues.get(name);
  if (!q) throw notFound('queue', name, vhost);
  return q;
}

/** How `getMessages` and `peekMessages` write payloads. */
export interface ReadOptions {
  count: number;
  encoding: ReadEncoding;
  /** Keep at most this many payload bytes. */
  truncate?: number | undefined;
}

/** Look at the first ready messages without taking them (nothing is counted as delivered). */
export function peekMessages(broker: Broker, user: string, vhost: string, queue: string, opts: ReadOptions): MessageView[] {
  const q = queueOf(broker, vhost, queue);
  broker.checkPermission(user, vhost, 'read', 'queue', queue);
  return q.ready.peekMany(opts.count).map((e) => messageView(e.msg, e.msg.properties, e.redelivered, e.deliveryCount, q.messageCount, opts));
}

/**
 * basic.get up to `count` messages, then settle them all the way the
 * management API's ack mode says. Settling after every get means a requeued
 * message is not taken twice (as RabbitMQ's management plugin does).
 */
export function getMessages(broker: Broker, user: string, vhost: string, queue: string, opts: ReadOptions & { ackmode: AckMode }): MessageView[] {
  return withChannel(broker, user, vhost, (ch) => {
    const noAck = opts.ackmode === 'ack_requeue_false';
    const views: MessageView[] = [];
    const tags: number[] = [];
    for (let i = 0; i < opts.count; i++) {
      const r = ch.get(queue, noAck);
      if (!r) break;
      tags.push(r.deliveryTag);
      const deliveryCount = fieldNumber(r.properties.headers?.['x-delivery-count']) ?? 0;
      views.push(messageView(r.message, r.properties, r.redelivered, deliveryCount, r.messageCount, opts));
    }
    if (!noAck) {
      for (const t of tags) {
        if (opts.ackmode === 'ack_requeue_true') ch.nack(t, false, true);
        else ch.reject(t, opts.ackmode === 'reject_requeue_true');
      }
    }
    return views;
  });
}

/** The `user_id` property must name the publisher; a republished copy drops a foreign one. */
function republishable(props: BasicProperties, user: string): BasicProperties {
  if (props.userId === undefined || props.userId === user) return props;
  const { userId: _drop, ...rest } = props;
  return rest;
}

/**
 * Publish one message as `user` (mandatory, so an unroutable one is reported
 * rather than lost silently). With `trace`, the answer also explains the
 * route: taken from the same topology the publish meets, just before it.
 */
export function publishMessage(
  broker: Broker,
  user: string,
  vhost: string,
  exchange: string,
  routingKey: string,
  props: BasicProperties,
  body: Uint8Array,
  trace = false,
): { routed: boolean; explanation?: RouteExplanationView } {
  const v = vhostOf(broker, vhost);
  return withChannel(broker, user, vhost, (ch, sink) => {
    let explanation: RouteExplanationView | undefined;
    if (trace) {
      broker.checkPermission(user, vhost, 'write', 'exchange', exchange);
      explanation = explanationView(explainRoute(broker, v, { exchange, routingKey, properties: props, bodySize: body.length, mandatory: true }));
    }
    ch.publish(exchange, routingKey, true, props, body);
    const routed = sink.returns === 0;
    return explanation ? { routed, explanation } : { routed };
  });
}

/** Explain where a publish would go, as `user`: who may publish to the exchange may ask (403 otherwise, in RabbitMQ's words). */
export function explainPublish(broker: Broker, user: string, vhost: string, exchange: string, routingKey: string, props: BasicProperties, bodySize: number, mandatory: boolean): RouteExplanationView {
  const v = vhostOf(broker, vhost);
  broker.checkPermission(user, vhost, 'write', 'exchange', exchange);
  return explanationView(explainRoute(broker, v, { exchange, routingKey, properties: props, bodySize, mandatory }));
}

/** Purge the ready messages of a queue, as queue.purge. */
export function purgeQueue(broker: Broker, user: string, vhost: string, queue: string): { messageCount: number } {
  vhostOf(broker, vhost);
  const r = broker.execute({ type: 'queue.purge', vhost, name: queue }, { user });
  return { messageCount: r.type === 'queue.purge' ? r.messageCount : 0 };
}

/** Where `moveMessages` sends messages: a queue, or an exchange with a routing key (else each message's own). */
export type MoveDestination = { type: 'queue'; name: string } | { type: 'exchange'; name: string; routingKey?: string | undefined };

/**
 * Move ready messages from `queue` to a queue of the same vhost (through the
 * default exchange) or to an exchange, one at a time: a message is acked on
 * the source only once a queue took it (RabbitMQ's Move uses a shovel with
 * ack-mode on-confirm for the same guarantee). A message nothing takes (an
 * exchange that routes it nowhere) goes back to the head and the move stops.
 * Only the messages ready when the move began are moved, so an exchange that
 * routes back into the source cannot loop.
 */
export function moveMessages(broker: Broker, user: string, vhost: string, queue: string, to: MoveDestination, count?: number): { moved: number; stopped?: string } {
  if (to.type === 'queue' && queue === to.name) throw new HostFailure('bad-request', 'source and destination are the same queue');
  const src = queueOf(broker, vhost, queue);
  if (to.type === 'queue') queueOf(broker, vhost, to.name);
  else if (!vhostOf(broker, vhost).exchanges.has(to.name)) throw notFound('exchange', to.name, vhost);
  const limit = Math.min(count ?? Infinity, src.messageCount);
  return withChannel(broker, user, vhost, (ch, sink) => {
    let moved = 0;
    while (moved < limit) {
      const r = ch.get(queue, false);
      if (!r) break;
      const [exchange, key] = to.type === 'queue' ? ['', to.name] : [to.name, to.routingKey ?? r.message.routingKey];
      if (!forward(ch, sink, user, r.message, exchange, key)) {
        ch.nack(r.deliveryTag, false, true);
        return { moved, stopped: `exchange '${exchange}' routed a message with routing key '${key}' to no queue; it stays in '${queue}'` };
      }
      ch.ack(r.deliveryTag, false);
      moved++;
    }
    return { moved };
  });
}

function forward(ch: Channel, sink: ToolSink, user: string, msg: Message, exchange: string, routingKey: string): boolean {
  const before = sink.returns;
  ch.publish(exchange, routingKey, true, republishable(msg.properties, user), msg.body);
  return sink.returns === before;
}

/** The queue a dead-lettered message last died in: the newest `x-death` entry (docs/dlx.md). */
export function deathQueue(headers: FieldTable | undefined): string | undefined {
  const deaths = headers?.['x-death'];
  if (!Array.isArray(deaths)) return undefined;
  const newest = deaths[0];
  const q = isFieldTable(newest) ? (newest as FieldTable)['queue'] : undefined;
  return typeof q === 'string' ? q : undefined;
}

/**
 * Redrive a dead-letter queue: each message goes back to the queue it died
 * in. Messages without `x-death`, or whose queue is gone, stay where they are.
 */
export function redriveMessages(broker: Broker, user: string, vhost: string, queue: string, count?: number): { moved: number; skipped: number } {
  const src = queueOf(broker, vhost, queue);
  const v = vhostOf(broker, vhost);
  const limit = Math.min(count ?? Infinity, src.messageCount);
  return withChannel(broker, user, vhost, (ch, sink) => {
    let moved = 0;
    const kept: number[] = [];
    while (moved + kept.length < limit) {
      const r = ch.get(queue, false);
      if (!r) break;
      const target = deathQueue(r.message.properties.headers);
      if (target !== undefined && target !== queue && v.queues.has(target) && forward(ch, sink, user, r.message, '', target)) {
        ch.ack(r.deliveryTag, false);
        moved++;
      } else kept.push(r.deliveryTag);
    }
    for (const t of kept) ch.nack(t, false, true);
    return { moved, skipped: kept.length };
  });
}
