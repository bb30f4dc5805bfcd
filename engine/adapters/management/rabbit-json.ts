import type { Broker } from '../../core/broker.ts';
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

/** What a queue's unacked messages hold: body bytes, and persistent messages with their bytes. */
export interface UnackedTotals {
  bytes: number;
  persistent: number;
  persistentBytes: number;
}

/** Unacked totals per queue, from every channel's outstanding deliveries. */
export function unackedTotals(broker: Broker): Map<Queue, UnackedTotals> {
  const out = new Map<Queue, UnackedTotals>();
  for (const conn of broker.connections.values()) {
    for (const ch of conn.channels.values()) {
      for (const d of ch.unacked.values()) {
        let t = out.get(d.queue);
        if (!t) out.set(d.queue, (t = { bytes: 0, persistent: 0, persistentBytes: 0 }));
        t.bytes += d.entry.size;
        if (d.entry.msg.properties.deliveryMode === 2) {
          t.persistent++;
          t.persistentBytes += d.entry.size;
        }
      }
    }
  }
  return out;
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

/**
 * A routing key as RabbitMQ writes it into a binding's properties key: its
 * UTF-8 bytes URL-encoded the way mochiweb's quote_plus does (letters, digits
 * and `.-_` kept, space as `+`, the rest as %XX), then `~` as %7E.
 */
function quoteBinding(routingKey: string): string {
  let out = '';
  for (const byte of Buffer.from(routingKey, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9._-]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * RabbitMQ's binding key in URLs (rabbit_mgmt_format:pack_binding_props): the
 * quoted routing key, `~` when it is empty, plus `~` and a hash of the
 * arguments when there are any. RabbitMQ hashes the arguments' Erlang term
 * (erlang:phash2); this hashes their JSON, so the token differs from
 * RabbitMQ's for the same arguments: like RabbitMQ's, it is only meaningful
 * to the server that issued it.
 */
export function propertiesKey(routingKey: string, args: FieldTable): string {
  const key = quoteBinding(routingKey);
  if (Object.keys(args).length === 0) return key === '' ? '~' : key;
  let h = 5381;
  for (const ch of JSON.stringify(toPlainJson(args))) h = ((h * 33) ^ ch.charCodeAt(0)) >>> 0;
  return `${key}~${h.toString(36)}`;
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

/** Strings in the order Erlang sorts binaries: by code unit, not by locale. */
export function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Bindings in RabbitMQ's order. Its route table is sorted by source, routing
 * key, then destination (kind before name, so exchanges before queues), then
 * arguments; the reverse table, read for one exchange's bindings as source,
 * by destination, routing key, then source. Compared as binaries: code unit
 * order.
 */
export function sortBindings(list: Json[], table: 'route' | 'reverse' = 'route'): Json[] {
  const cmp = (a: unknown, b: unknown): number => byCode(String(a), String(b));
  const fields = table === 'route' ? ['source', 'routing_key', 'destination_type', 'destination'] : ['destination_type', 'destination', 'routing_key', 'source'];
  return list.sort((a, b) => {
    for (const f of fields) {
      const c = cmp(a[f], b[f]);
      if (c !== 0) return c;
    }
    return cmp(JSON.stringify(a['arguments']), JSON.stringify(b['arguments']));
  });
}

/** Every queue's implicit binding from the default exchange, as RabbitMQ lists them first. */
export function defaultBindingJson(q: Queue): Json {
  return { source: '', vhost: q.vhost, destination: q.name, destination_type: 'queue', routing_key: q.name, arguments: {}, properties_key: propertiesKey(q.name, {}) };
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
