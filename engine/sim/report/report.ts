import { emptyLatencyStats } from '../../metrics/latency-histogram.ts';
import type { Depth, EntitySnapshot, LatencyStats, MetricsSnapshot, OrderingStats } from '../../metrics/snapshot-types.ts';
import type { AssertionResult } from '../assertions.ts';
import type { LossCount } from '../loss.ts';
import type { TimelineEvent } from '../scenario/schema-timeline.ts';
import type { TimelineLogEntry } from '../timeline.ts';

export const REPORT_VERSION = 1;

/** One line per sample, as PerfTest prints each second. Rates are msg/s; latencies cover the interval. */
export interface SecondLine {
  /** Simulated ms since the start. */
  time: number;
  /** Producers' publish rate. */
  sent: number;
  /** Consumers' receive rate (deliveries and gets). */
  received: number;
  ready: number;
  unacked: number;
  consume: LatencyStats;
  confirm: LatencyStats;
}

/** Per producer or consumer id, summed over its instances. */
export interface ClientGroupSummary {
  id: string;
  kind: 'producer' | 'consumer';
  instances: number;
  published: number;
  confirmed: number;
  nacked: number;
  returned: number;
  received: number;
  acked: number;
  redelivered: number;
  consumerNacks: number;
  consumerRejects: number;
  /** Consumers: handled per instance, in instance order. */
  processed: number[];
  crashes: number;
  timeouts: number;
  /** Producers: lost messages (null: could not tell). */
  lost: number | null;
}

/** Totals of a run, PerfTest's end summary plus the broker's view. */
export interface RunSummary {
  published: number;
  confirmed: number;
  publisherNacked: number;
  returned: number;
  unroutableDropped: number;
  delivered: number;
  acked: number;
  redelivered: number;
  deadLettered: number;
  expired: number;
  lost: number | null;
  /** Average rates over the producing period. */
  sendRateAvg: number;
  receiveRateAvg: number;
  consumeLatency: LatencyStats;
  confirmLatency: LatencyStats;
  rpcLatency: LatencyStats;
  ordering: { byProducer: OrderingStats; byRoutingKey: OrderingStats };
}

/** Everything a run produced. Deterministic: the same scenario and seed give the same report, byte for byte. */
export interface RunReport {
  reportVersion: typeof REPORT_VERSION;
  scenario: { name: string; description: string; seed: number; durationMs: number; drainMs: number };
  outcome: { passed: boolean; simulatedMs: number; endedBy: 'duration' | 'drained' | 'drain-limit' | 'stopped' };
  summary: RunSummary;
  assertions: AssertionResult[];
  clients: ClientGroupSummary[];
  /** `removedAt` (simulated ms): the queue was deleted then (or forgotten by a broker restart); its numbers are from before. */
  queues: { vhost: string; name: string; published: number; delivered: number; acked: number; deadLettered: number; expired: number; depth: Depth; removedAt?: number }[];
  loss: LossCount[];
  timeline: TimelineLogEntry[];
  /** Edits made while the run went, as timeline events: the scenario's timeline plus these replays the run. */
  edits?: TimelineEvent[];
  seconds: SecondLine[];
  final: MetricsSnapshot;
}

const delivered = (e: EntitySnapshot): number => e.counts.deliverManualAck + e.counts.deliverAutoAck + e.counts.getManualAck + e.counts.getAutoAck;
const deadLettered = (e: EntitySnapshot): number =>
  e.counts.deadLetteredRejected + e.counts.deadLetteredExpired + e.counts.deadLetteredMaxlen + e.counts.deadLetteredDeliveryLimit;
const round = (v: number): number => Math.round(v * 1000) / 1000;

function groups(final: MetricsSnapshot, loss: readonly LossCount[], processed: ReadonlyMap<string, number>): ClientGroupSummary[] {
  const out = new Map<string, ClientGroupSummary>();
  for (const e of [...final.producers, ...final.consumers]) {
    const kind = e.ref.kind as 'producer' | 'consumer';
    const id = e.ref.group ?? e.ref.name;
    let g = out.get(`${kind}:${id}`);
    if (!g) {
      g = { id, kind, instances: 0, published: 0, confirmed: 0, nacked: 0, returned: 0, received: 0, acked: 0, redelivered: 0, consumerNacks: 0, consumerRejects: 0, processed: [], crashes: 0, timeouts: 0, lost: kind === 'producer' ? 0 : null };
      out.set(`${kind}:${id}`, g);
    }
    const c = e.counts;
    g.instances++;
    g.published += c.publish;
    g.confirmed += c.confirm;
    g.nacked += c.publisherNack;
    g.returned += c.returnUnroutable;
    g.received += delivered(e);
    g.acked += c.ack;
    g.redelivered += c.redelivered;
    g.consumerNacks += c.consumerNack;
    g.consumerRejects += c.consumerReject;
    g.crashes += e.state?.crashes ?? 0;
    g.timeouts += e.state?.timeouts ?? 0;
    if (kind === 'consumer') g.processed.push(processed.get(e.ref.name) ?? 0);
    else {
      const l = loss.find((x) => x.producer === e.ref.name)?.lost ?? null;
      g.lost = g.lost === null || l === null ? null : g.lost + l;
    }
  }
  return [...out.values()];
}

/** Assemble the report from the end state of a run. */
export function buildReport(args: {
  scenario: RunReport['scenario'];
  endedBy: RunReport['outcome']['endedBy'];
  producingMs: number;
  final: MetricsSnapshot;
  loss: LossCount[];
  processed: ReadonlyMap<string, number>;
  assertions: AssertionResult[];
  timeline: TimelineLogEntry[];
  seconds: SecondLine[];
  edits?: TimelineEvent[];
}): RunReport {
  const { final } = args;
  const t = final.total;
  const sent = final.producers.reduce((n, e) => n + e.counts.publish, 0);
  const received = final.consumers.reduce((n, e) => n + delivered(e), 0);
  const secs = args.producingMs / 1000;
  const unknownLoss = args.loss.some((l) => l.lost === null);
  const summary: RunSummary = {
    published: t.counts.publish,
    confirmed: t.counts.confirm,
    publisherNacked: t.counts.publisherNack,
    returned: t.counts.returnUnroutable,
    unroutableDropped: t.counts.dropUnroutable,
    delivered: delivered(t),
    acked: t.counts.ack,
    redelivered: t.counts.redelivered,
    deadLettered: deadLettered(t),
    expired: t.counts.expired,
    lost: unknownLoss ? null : args.loss.reduce((n, l) => n + (l.lost ?? 0), 0),
    sendRateAvg: secs > 0 ? round(sent / secs) : 0,
    receiveRateAvg: secs > 0 ? round(received / secs) : 0,
    consumeLatency: t.latency?.consume?.total ?? emptyLatencyStats(),
    confirmLatency: t.latency?.confirm?.total ?? emptyLatencyStats(),
    rpcLatency: t.latency?.rpc?.total ?? emptyLatencyStats(),
    ordering: t.ordering ?? { byProducer: emptyOrdering(), byRoutingKey: emptyOrdering() },
  };
  const queues = final.queues.map((q) => ({
    vhost: q.ref.vhost ?? '/',
    name: q.ref.name,
    published: q.counts.publish,
    delivered: delivered(q),
    acked: q.counts.ack,
    deadLettered: deadLettered(q),
    expired: q.counts.expired,
    depth: q.depth ?? { ready: 0, unacked: 0, total: 0, readyBytes: 0, consumers: 0 },
    ...(q.removedAt !== undefined && { removedAt: q.removedAt }),
  }));
  return {
    reportVersion: REPORT_VERSION,
    scenario: args.scenario,
    outcome: { passed: args.assertions.every((a) => a.passed), simulatedMs: final.time, endedBy: args.endedBy },
    summary,
    assertions: args.assertions,
    clients: groups(final, args.loss, args.processed),
    queues,
    loss: args.loss,
    timeline: args.timeline,
    ...(args.edits !== undefined && { edits: args.edits }),
    seconds: args.seconds,
    final,
  };
}

function emptyOrdering(): OrderingStats {
  return { streams: 0, received: 0, outOfOrder: 0, gaps: 0, duplicates: 0, redeliveries: 0 };
}
