import type { Channel } from '../../core/channel.ts';
import type { Consumer } from '../../core/consumer.ts';
import type { Queue } from '../../core/queue.ts';
import type { VirtualHost } from '../../core/vhost.ts';
import { channelDetails } from './connection-json.ts';
import { NODE, argsJson, messageStats, withDetails } from './rabbit-json.ts';
import type { Json, UnackedTotals } from './rabbit-json.ts';
import type { RateSampler } from './rate-sampler.ts';

export const NO_UNACKED: UnackedTotals = { bytes: 0, persistent: 0, persistentBytes: 0 };

/** A consumer as a queue's `consumer_details` lists it. */
function consumerJson(q: Queue, c: Consumer, sacActive: Consumer | undefined): Json {
  const sac = q.settings.singleActiveConsumer;
  const active = !sac || c === sacActive;
  return {
    arguments: argsJson(c.args),
    channel_details: channelDetails(c.channel),
    ack_required: !c.noAck,
    active,
    activity_status: sac ? (active ? 'single_active' : 'waiting') : 'up',
    consumer_tag: c.tag,
    exclusive: c.exclusive,
    prefetch_count: c.prefetch,
    queue: { name: q.name, vhost: q.vhost },
  };
}

/** Messages each exchange routed into `q`, from the counters on its bindings (RabbitMQ's `incoming`). */
function incomingJson(v: VirtualHost, q: Queue, rates: RateSampler): Json[] {
  const byExchange = new Map<string, number>();
  for (const b of v.bindings.values()) {
    if (b.destinationType !== 'queue' || b.destination !== q.name) continue;
    byExchange.set(b.source, (byExchange.get(b.source) ?? 0) + b.routed);
  }
  return [...byExchange].map(([name, publish]) => ({
    exchange: { name, vhost: q.vhost },
    stats: withDetails({ publish }, rates.rates(`qx:${q.vhost}:${q.name}:${name}`, { publish })),
  }));
}

/** What each channel's consumers took from `q` (RabbitMQ's `deliveries`). */
function deliveriesJson(q: Queue, rates: RateSampler): Json[] {
  const byChannel = new Map<Channel, { deliver: number; deliver_no_ack: number }>();
  for (const c of q.consumers) {
    const s = byChannel.get(c.channel) ?? { deliver: 0, deliver_no_ack: 0 };
    if (c.noAck) s.deliver_no_ack += c.delivered;
    else s.deliver += c.delivered;
    byChannel.set(c.channel, s);
  }
  return [...byChannel].map(([ch, s]) => {
    const counts = { ...s, deliver_get: s.deliver + s.deliver_no_ack };
    return { channel_details: channelDetails(ch), stats: withDetails(counts, rates.rates(`qch:${q.vhost}:${q.name}:${ch.connection.id}:${ch.id}`, counts)) };
  });
}

/** A queue as GET /api/queues shows it. `unacked` is this queue's share of every channel's outstanding deliveries. */
export function queueJson(v: VirtualHost, q: Queue, rates: RateSampler, unacked: UnackedTotals): Json {
  const unackedBytes = unacked.bytes;
  // As RabbitMQ counts them: a quorum queue keeps every message on disk; a classic queue its persistent
  // ones when it is durable (a transient queue's are lost on restart anyway).
  const ready = q.ready.persistent;
  const persistent =
    q.type === 'quorum'
      ? { messages: q.messageCount + q.unacked, bytes: q.ready.bytes + unacked.bytes }
      : q.durable
        ? { messages: ready.messages + unacked.persistent, bytes: ready.bytes + unacked.persistentBytes }
        : { messages: 0, bytes: 0 };
  const s = q.settings;
  const readyCount = q.messageCount;
  const readyBytes = q.ready.bytes;
  const counts = { messages: readyCount + q.unacked, messages_ready: readyCount, messages_unacknowledged: q.unacked };
  const depth = withDetails(counts, rates.rates(`q:${q.vhost}:${q.name}`, counts));
  const stats = messageStats(q.counters);
  const sacActive = s.singleActiveConsumer ? q.activeConsumer : undefined;
  const policy = q.policy === undefined ? undefined : v.policies.get(q.policy);
  const quorum = q.type === 'quorum';
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
    effective_policy_definition: policy ? argsJson(policy.definition) : {},
    consumers: q.consumerCount,
    consumer_capacity: q.consumerCount > 0 ? 1 : 0,
    consumer_utilisation: q.consumerCount > 0 ? 1 : 0,
    consumer_details: q.consumers.map((c) => consumerJson(q, c, sacActive)),
    exclusive_consumer_tag: q.consumers.find((c) => c.exclusive)?.tag ?? null,
    single_active_consumer_tag: sacActive?.tag ?? null,
    ...depth,
    message_bytes: readyBytes + unackedBytes,
    message_bytes_ready: readyBytes,
    message_bytes_unacknowledged: unackedBytes,
    message_bytes_ram: readyBytes + unackedBytes,
    message_bytes_persistent: persistent.bytes,
    messages_ram: readyCount + q.unacked,
    messages_ready_ram: readyCount,
    messages_unacknowledged_ram: q.unacked,
    messages_persistent: persistent.messages,
    // Brokerlab keeps every message in memory: nothing is ever paged out.
    messages_paged_out: 0,
    message_bytes_paged_out: 0,
    // A classic queue has no mirrors here; a quorum queue has no at-least-once dead-lettering backlog.
    ...(quorum ? { messages_dlx: 0, message_bytes_dlx: 0 } : { recoverable_slaves: null }),
    head_message_timestamp: q.ready.peek()?.msg.properties.timestamp ?? null,
    ...(s.deadLetterExchange !== undefined && { dead_letter_exchange: s.deadLetterExchange }),
    incoming: incomingJson(v, q, rates),
    deliveries: deliveriesJson(q, rates),
    message_stats: withDetails(stats, rates.rates(`q:${q.vhost}:${q.name}:stats`, stats)),
  };
}
