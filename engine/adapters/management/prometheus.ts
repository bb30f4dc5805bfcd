import type { Broker } from '../../core/broker.ts';
import type { MessageCounters } from '../../core/counters.ts';
import { requestUser } from '../http-auth.ts';
import type { HttpRoute } from '../http-route.ts';
import { HttpError, SECURITY_HEADERS, sendError } from '../http-util.ts';

type Labels = Record<string, string>;
type Metric = { name: string; help: string; type: 'gauge' | 'counter'; samples: [Labels, number][] };

/** Escape a label value per the text exposition format: backslash, double quote, newline. */
export function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Render metrics in the Prometheus text format (version 0.0.4). */
export function renderPrometheus(metrics: readonly Metric[]): string {
  const lines: string[] = [];
  for (const m of metrics) {
    lines.push(`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.type}`);
    for (const [labels, value] of m.samples) {
      const l = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
      lines.push(`${m.name}${l.length > 0 ? `{${l.join(',')}}` : ''} ${value}`);
    }
  }
  return lines.join('\n') + '\n';
}

function metric(name: string, type: Metric['type'], help: string): Metric {
  return { name, type, help, samples: [] };
}

const QUEUE_COUNTERS: readonly [string, string, (c: MessageCounters) => number][] = [
  ['rabbitmq_queue_messages_published_total', 'Messages enqueued', (c) => c.published],
  ['rabbitmq_queue_messages_delivered_total', 'Messages delivered to consumers or fetched with basic.get', (c) => c.deliveredManualAck + c.deliveredAutoAck + c.getManualAck + c.getAutoAck],
  ['rabbitmq_queue_messages_acked_total', 'Messages acknowledged by consumers', (c) => c.acked],
  ['rabbitmq_queue_messages_redelivered_total', 'Messages redelivered', (c) => c.redelivered],
  ['rabbitmq_queue_messages_expired_total', 'Messages expired by TTL', (c) => c.expired],
  ['rabbitmq_queue_messages_dead_lettered_total', 'Messages dead-lettered', (c) => c.deadLetteredRejected + c.deadLetteredExpired + c.deadLetteredMaxlen + c.deadLetteredDeliveryLimit],
  ['rabbitmq_queue_messages_overflow_dropped_total', 'Messages dropped from the head by a length limit', (c) => c.overflowDropped],
  ['rabbitmq_queue_messages_overflow_rejected_total', 'Publishes refused by a length limit', (c) => c.overflowRejected],
];

const GLOBAL_COUNTERS: readonly [string, string, (c: MessageCounters) => number][] = [
  ['rabbitmq_global_messages_received_total', 'Messages received from publishers', (c) => c.published],
  ['rabbitmq_global_messages_routed_total', 'Messages routed to at least one queue', (c) => c.routed],
  ['rabbitmq_global_messages_unroutable_dropped_total', 'Unroutable messages dropped', (c) => c.unroutableDropped],
  ['rabbitmq_global_messages_unroutable_returned_total', 'Unroutable messages returned to publishers', (c) => c.unroutableReturned],
  ['rabbitmq_global_messages_confirmed_total', 'Publisher confirms sent', (c) => c.confirmed],
  ['rabbitmq_global_messages_delivered_total', 'Messages delivered to consumers', (c) => c.deliveredManualAck + c.deliveredAutoAck],
  ['rabbitmq_global_messages_acknowledged_total', 'Messages acknowledged by consumers', (c) => c.acked],
  ['rabbitmq_global_messages_redelivered_total', 'Messages redelivered', (c) => c.redelivered],
];

/** Per-queue and per-exchange gauges and counters, with RabbitMQ's prometheus plugin names. */
export function brokerMetrics(broker: Broker): Metric[] {
  const ready = metric('rabbitmq_queue_messages_ready', 'gauge', 'Messages ready to be delivered to consumers');
  const unacked = metric('rabbitmq_queue_messages_unacked', 'gauge', 'Messages delivered to consumers but not yet acknowledged');
  const total = metric('rabbitmq_queue_messages', 'gauge', 'Sum of ready and unacknowledged messages');
  const readyBytes = metric('rabbitmq_queue_messages_ready_bytes', 'gauge', 'Size in bytes of ready messages');
  const consumers = metric('rabbitmq_queue_consumers', 'gauge', 'Consumers on a queue');
  const qCounters = QUEUE_COUNTERS.map(([n, h, f]) => ({ m: metric(n, 'counter', h), f }));
  const xIn = metric('rabbitmq_exchange_messages_published_in_total', 'counter', 'Messages published into an exchange');
  const xOut = metric('rabbitmq_exchange_messages_published_out_total', 'counter', 'Messages an exchange routed to at least one queue');
  const xDrop = metric('rabbitmq_exchange_messages_unroutable_dropped_total', 'counter', 'Unroutable messages dropped by an exchange');
  const xRet = metric('rabbitmq_exchange_messages_unroutable_returned_total', 'counter', 'Unroutable messages returned by an exchange');
  let queues = 0;
  let consumerCount = 0;
  for (const v of broker.vhosts.values()) {
    for (const q of v.queues.values()) {
      const l = { vhost: v.name, queue: q.name };
      queues++;
      consumerCount += q.consumerCount;
      ready.samples.push([l, q.messageCount]);
      unacked.samples.push([l, q.unacked]);
      total.samples.push([l, q.messageCount + q.unacked]);
      readyBytes.samples.push([l, q.ready.bytes]);
      consumers.samples.push([l, q.consumerCount]);
      for (const { m, f } of qCounters) m.samples.push([l, f(q.counters)]);
    }
    for (const x of v.exchanges.values()) {
      const l = { vhost: v.name, exchange: x.name };
      xIn.samples.push([l, x.counters.published]);
      xOut.samples.push([l, x.counters.routed]);
      xDrop.samples.push([l, x.counters.unroutableDropped]);
      xRet.samples.push([l, x.counters.unroutableReturned]);
    }
  }
  let connections = 0;
  let channels = 0;
  for (const c of broker.connections.values()) {
    if (c.kind === 'internal') continue;
    connections++;
    channels += c.channels.size;
  }
  const gauge = (name: string, help: string, value: number): Metric => ({ ...metric(name, 'gauge', help), samples: [[{}, value]] });
  const globals = GLOBAL_COUNTERS.map(([n, h, f]) => ({ ...metric(n, 'counter', h), samples: [[{}, f(broker.counters)]] as [Labels, number][] }));
  return [
    gauge('rabbitmq_connections', 'Connections open', connections),
    gauge('rabbitmq_channels', 'Channels open', channels),
    gauge('rabbitmq_consumers', 'Consumers', consumerCount),
    gauge('rabbitmq_queues', 'Queues', queues),
    ...globals,
    ready,
    unacked,
    total,
    readyBytes,
    consumers,
    ...qCounters.map((q) => q.m),
    xIn,
    xOut,
    xDrop,
    xRet,
  ];
}

/** `GET /metrics`. Open on loopback, as RabbitMQ's prometheus endpoint; basic auth when `requireAuth`. */
export function prometheusRoute(broker: Broker, requireAuth: boolean): HttpRoute {
  return {
    async handle(req, res, url) {
      if (url.pathname !== '/metrics') return false;
      if (requireAuth && !requestUser(broker, req)) {
        sendError(res, new HttpError(401, 'not_authorized', 'Login failed'));
        return true;
      }
      const body = renderPrometheus(brokerMetrics(broker));
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    },
  };
}
