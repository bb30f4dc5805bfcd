import type { Broker } from '../../core/broker.ts';
import type { Json } from './rabbit-json.ts';
import { NODE, messageStats, withDetails } from './rabbit-json.ts';
import type { RateSampler } from './rate-sampler.ts';

/** The RabbitMQ version whose semantics the engine follows. */
export const RABBITMQ_VERSION = '4.2.0';

const EXCHANGE_TYPES: readonly [string, string][] = [
  ['direct', 'AMQP direct exchange, as per the AMQP specification'],
  ['fanout', 'AMQP fanout exchange, as per the AMQP specification'],
  ['headers', 'AMQP headers exchange, as per the AMQP specification'],
  ['topic', 'AMQP topic exchange, as per the AMQP specification'],
];

export interface OverviewContext {
  appVersion: string;
  /** The web host's own address. */
  http: { ip: string; port: number };
  /** The AMQP listener's address, when one runs. */
  amqp: { ip: string; port: number } | undefined;
}

/** `GET /api/overview`: totals, object counts, listeners and contexts. */
export function overviewJson(broker: Broker, rates: RateSampler, ctx: OverviewContext): Json {
  let ready = 0;
  let unacked = 0;
  let queues = 0;
  let exchanges = 0;
  let consumers = 0;
  let channels = 0;
  let connections = 0;
  for (const v of broker.vhosts.values()) {
    exchanges += v.exchanges.size;
    for (const q of v.queues.values()) {
      queues++;
      ready += q.messageCount;
      unacked += q.unacked;
      consumers += q.consumerCount;
    }
  }
  for (const c of broker.connections.values()) {
    if (c.kind === 'internal') continue;
    connections++;
    channels += c.channels.size;
  }
  const totals = { messages: ready + unacked, messages_ready: ready, messages_unacknowledged: unacked };
  const stats = messageStats(broker.counters);
  return {
    management_version: RABBITMQ_VERSION,
    rates_mode: 'basic',
    sample_retention_policies: { global: [600, 3600, 28800, 86400], basic: [600, 3600], detailed: [600] },
    exchange_types: EXCHANGE_TYPES.map(([name, description]) => ({ name, description, enabled: true })),
    product_version: ctx.appVersion,
    product_name: 'Brokerlab',
    rabbitmq_version: RABBITMQ_VERSION,
    cluster_name: 'brokerlab@localhost',
    erlang_version: 'none (Brokerlab runs on Node.js)',
    erlang_full_version: `Node.js ${globalThis.process?.version ?? ''}`.trim(),
    disable_stats: false,
    enable_queue_totals: true,
    message_stats: withDetails(stats, rates.rates('overview:stats', stats)),
    churn_rates: {},
    queue_totals: withDetails(totals, rates.rates('overview:queues', totals)),
    object_totals: { channels, connections, consumers, exchanges, queues },
    statistics_db_event_queue: 0,
    node: NODE,
    listeners: ctx.amqp ? [{ node: NODE, protocol: 'amqp', ip_address: ctx.amqp.ip, port: ctx.amqp.port, socket_opts: {} }] : [],
    contexts: [{ ssl_opts: [], node: NODE, description: 'Brokerlab management', path: '/', ip: ctx.http.ip, port: String(ctx.http.port) }],
  };
}
