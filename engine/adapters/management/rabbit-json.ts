import type { Broker } from '../../core/broker.ts';
import type { Channel } from '../../core/channel.ts';
import type { Connection } from '../../core/connection.ts';
import type { MessageCounters } from '../../core/counters.ts';
import type { Exchange } from '../../core/exchange.ts';
import type { FieldTable } from '../../core/field-value.ts';
import type { Queue } from '../../core/queue.ts';
import type { Policy } from '../../core/policy.ts';
import type { VirtualHost } from '../../core/vhost.ts';
import type { BoundBinding } from '../../core/exchange.ts';
import { toPlainJson } from '../../host/field-json.ts';
import type { RateSampler } from './rate-sampler.ts';

/**
 * Broker entities in the JSON shapes of RabbitMQ's management HTTP API
 * (rabbitmq_management, docs/http-api-reference.md): snake_case fields,
 * `message_stats` with `*_details.rate`, the same names for the same things.
 */
export type Json = Record<string, unknown>;

export const NODE = 'rabbit@brokerlab';

export function argsJson(t: FieldTable): Json {
  return toPlainJson(t) as Json;
}

/** Counts with a `_details: {rate}` sibling each, as every RabbitMQ stats object has. */
export function withDetails(counts: Record<string, number>, rates: Record<string, number>): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(counts)) {
    out[k] = v;
    out[`${k}_details`] = { rate: rates[k] ?? 0 };
  }
  return out;
}

/** `message_stats` of a queue, channel, vhost or the whole broker. */
export function messageStats(c: MessageCounters): Record<string, number> {
  const deliverGet = c.deliveredManualAck + c.deliveredAutoAck + c.getManualAck + c.getAutoAck;
  return {
    publish: c.published,
    confirm: c.confirmed,
    return_unroutable: c.unroutableReturned,
    drop_unroutable: c.unroutableDropped,
    deliver: c.deliveredManualAck,
    deliver_no_ack: c.deliveredAutoAck,
    get: c.getManualAck,
    get_no_ack: c.getAutoAck,
    get_empty: c.getEmpty,
    deliver_get: deliverGet,
    redeliver: c.redelivered,
    ack: c.acked,
  };
}

/** Unacked message bytes per queue, from every channel's outstanding deliveries. */
export function unackedBytes(broker: Broker): Map<Queue, number> {
  const out = new Map<Queue, number>();
  for (const conn of broker.connections.values()) {
    for (const ch of conn.channels.values()) for (const d of ch.unacked.values()) out.set(d.queue, (out.get(d.queue) ?? 0) + d.entry.size);
  }
  return out;
}

export function queueJson(q: Queue, rates: RateSampler, unacked: Map<Queue, number>): Json {
  const s = q.settings;
  const ready = q.messageCount;
  const readyBytes = q.ready.bytes;
  const unackedB = unacked.get(q) ?? 0;
  const counts = { messages: ready + q.unacked, messages_ready: ready, messages_unacknowledged: q.unacked };
  const depth = withDetails(counts, rates.rates(`q:${q.vhost}:${q.name}`, counts));
  const stats = messageStats(q.counters);
  const sac = s.singleActiveConsumer ? q.activeConsumer : undefined;
  return {
    name: q.name,
    vhost: q.vhost,
    type: q.type,
    durable: q.durable,
    auto_delete: q.autoDelete,
    exclusive: q.exclusiveOwner !== undefined,
    arguments: argsJson(q.args),
    node: NODE,
    state: 'running',
    policy: q.policy ?? null,
    operator_policy: null,
    effective_policy_definition: {},
    consumers: q.consumerCount,
    consumer_capacity: q.consumerCount > 0 ? 1 : 0,
    consumer_utilisation: q.consumerCount > 0 ? 1 : 0,
    exclusive_consumer_tag: q.consumers.find((c) => c.exclusive)?.tag ?? null,
    single_active_consumer_tag: sac?.tag ?? null,
    ...depth,
    message_bytes: readyBytes + unackedB,
    message_bytes_ready: readyBytes,
    message_bytes_unacknowledged: unackedB,
    message_bytes_ram: readyBytes + unackedB,
    message_bytes_persistent: 0,
    messages_ram: ready + q.unacked,
    messages_ready_ram: ready,
    messages_unacknowledged_ram: q.unacked,
    messages_persistent: 0,
    head_message_timestamp: q.ready.peek()?.msg.properties.timestamp ?? null,
    ...(s.deadLetterExchange !== undefined && { dead_letter_exchange: s.deadLetterExchange }),
    message_stats: withDetails(stats, rates.rates(`q:${q.vhost}:${q.name}:stats`, stats)),
  };
}

export function exchangeJson(x: Exchange, rates: RateSampler): Json {
  const stats = { publish_in: x.counters.published, publish_out: x.counters.routed };
  return {
    name: x.name,
    vhost: x.vhost,
    type: x.type,
    durable: x.durable,
    auto_delete: x.autoDelete,
    internal: x.internal,
    arguments: argsJson(x.args),
    user_who_performed_action: 'rmq-internal',
    policy: x.policy ?? null,
    message_stats: withDetails(stats, rates.rates(`x:${x.vhost}:${x.name}`, stats)),
  };
}

/** A policy as GET /api/policies lists it. */
export function policyJson(p: Policy): Json {
  return { vhost: p.vhost, name: p.name, pattern: p.pattern, 'apply-to': p.applyTo, definition: argsJson(p.definition), priority: p.priority };
}

/** RabbitMQ's binding key in URLs: the routing key, `~` when empty, plus a hash of the arguments when there are any. */
export function propertiesKey(routingKey: string, args: FieldTable): string {
  const base = routingKey === '' ? '~' : routingKey.replace(/%/g, '%25').replace(/~/g, '%7E');
  if (Object.keys(args).length === 0) return base;
  let h = 5381;
  for (const ch of JSON.stringify(toPlainJson(args))) h = ((h * 33) ^ ch.charCodeAt(0)) >>> 0;
  return `${routingKey}~${h.toString(36)}`;
}

export function bindingJson(b: BoundBinding): Json {
  return {
    source: b.source,
    vhost: b.vhost,
    destination: b.destination,
    destination_type: b.destinationType,
    routing_key: b.routingKey,
    arguments: argsJson(b.arguments),
    properties_key: propertiesKey(b.routingKey, b.arguments),
  };
}

/** Every queue's implicit binding from the default exchange, as RabbitMQ lists them first. */
export function defaultBindingJson(q: Queue): Json {
  return { source: '', vhost: q.vhost, destination: q.name, destination_type: 'queue', routing_key: q.name, arguments: {}, properties_key: q.name };
}

export function connectionJson(c: Connection, rates: RateSampler): Json {
  const o = c.options;
  const real = c.kind === 'amqp';
  const recv = { recv_oct: c.counters.bytesIn, send_oct: c.counters.bytesOut };
  return {
    // The listener names real connections as RabbitMQ does: `peer:port -> host:port`.
    name: c.name,
    node: NODE,
    vhost: c.vhost.name,
    user: c.user,
    user_who_performed_action: c.user,
    state: c.blocked ? 'blocked' : 'running',
    type: real ? 'network' : 'direct',
    protocol: 'AMQP 0-9-1',
    auth_mechanism: 'PLAIN',
    ssl: false,
    peer_host: o.peerHost ?? null,
    peer_port: o.peerPort ?? null,
    connected_at: c.createdAt,
    channels: c.channels.size,
    client_properties: argsJson(o.clientProperties ?? {}),
    brokerlab_kind: real ? 'real' : c.kind,
    ...withDetails(recv, rates.rates(`c:${c.id}`, recv)),
  };
}

/** A channel's name in the management API: `connection name (number)`. */
export function channelName(c: Connection, ch: Channel): string {
  return `${c.name} (${ch.id})`;
}

export function channelJson(c: Connection, ch: Channel, rates: RateSampler): Json {
  const stats = messageStats(ch.counters);
  return {
    name: channelName(c, ch),
    number: ch.id,
    node: NODE,
    vhost: c.vhost.name,
    user: c.user,
    connection_details: { name: c.name, peer_host: c.options.peerHost ?? null, peer_port: c.options.peerPort ?? null },
    state: ch.flow ? 'running' : 'flow',
    confirm: ch.mode === 'confirm',
    transactional: ch.mode === 'tx',
    consumer_count: ch.consumers.size,
    messages_unacknowledged: ch.unacked.size,
    messages_unconfirmed: ch.unconfirmed,
    messages_uncommitted: 0,
    acks_uncommitted: 0,
    prefetch_count: ch.consumerPrefetch,
    global_prefetch_count: ch.channelPrefetch,
    message_stats: withDetails(stats, rates.rates(`ch:${c.id}:${ch.id}`, stats)),
  };
}

export function vhostJson(v: VirtualHost, rates: RateSampler): Json {
  let ready = 0;
  let unacked = 0;
  for (const q of v.queues.values()) {
    ready += q.messageCount;
    unacked += q.unacked;
  }
  const depth = { messages: ready + unacked, messages_ready: ready, messages_unacknowledged: unacked };
  return {
    name: v.name,
    description: v.description,
    tags: [...v.tags],
    default_queue_type: v.defaultQueueType,
    metadata: { description: v.description, tags: [...v.tags], default_queue_type: v.defaultQueueType },
    tracing: false,
    cluster_state: { [NODE]: 'running' },
    ...withDetails(depth, rates.rates(`v:${v.name}`, depth)),
  };
}
