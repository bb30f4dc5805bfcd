import type { EntitySnapshot, MetricsSnapshot, OrderingStats } from '../metrics/snapshot-types.ts';
import type { LossCount } from './loss.ts';
import { restartLost } from './restart-loss.ts';
import type { AssertionMetric, AssertionSpec, ScopeSpec } from './scenario/schema-assertions.ts';

/** One assertion's verdict. */
export interface AssertionResult {
  index: number;
  type: AssertionSpec['type'];
  /** Readable form: `consume latency p99 <= 50 ms`. */
  label: string;
  passed: boolean;
  /** The measured value (null when it could not be measured). */
  actual: number | null;
  description?: string;
  /** Why it failed, when it did. */
  detail?: string;
}

/** What assertions read: the final snapshot, loss counts and each consumer instance's handled count. */
export interface AssertionInputs {
  final: MetricsSnapshot;
  loss: readonly LossCount[];
  processed: ReadonlyMap<string, number>;
  /** The run drove a remote broker: its queues and exchanges cannot be observed. */
  remote?: boolean;
}

const UNOBSERVABLE = "a remote broker's queue and exchange counters cannot be observed over AMQP";
const UNSEARCHABLE = "messages never reached a consumer, and a remote broker's queues cannot be searched for them";

function scopeLabel(s: ScopeSpec | undefined): string {
  if (!s) return '';
  if ('queue' in s) return ` (queue ${s.queue})`;
  if ('exchange' in s) return ` (exchange ${s.exchange})`;
  if ('producer' in s) return ` (producer ${s.producer})`;
  return ` (consumer ${s.consumer})`;
}

/** The entities an assertion scope names: the total, a queue, an exchange, or a producer/consumer group or instance. */
function entities(f: MetricsSnapshot, s: ScopeSpec | undefined): EntitySnapshot[] {
  if (!s) return [f.total];
  const live = (e: EntitySnapshot): boolean => e.removedAt === undefined;
  if ('queue' in s) return f.queues.filter((e) => e.ref.vhost === s.vhost && e.ref.name === s.queue && live(e));
  if ('exchange' in s) return f.exchanges.filter((e) => e.ref.vhost === s.vhost && e.ref.name === s.exchange && live(e));
  const id = 'producer' in s ? s.producer : s.consumer;
  const list = 'producer' in s ? f.producers : f.consumers;
  return list.filter((e) => e.ref.group === id || e.ref.name === id);
}

function metricOf(e: EntitySnapshot, m: AssertionMetric, inputs: AssertionInputs): number {
  const c = e.counts;
  switch (m) {
    case 'delivered':
      return c.deliverManualAck + c.deliverAutoAck + c.getManualAck + c.getAutoAck;
    case 'deadLettered':
      return c.deadLetteredRejected + c.deadLetteredExpired + c.deadLetteredMaxlen + c.deadLetteredDeliveryLimit;
    case 'unroutable':
      return c.returnUnroutable + c.dropUnroutable;
    case 'crashes':
      return e.state?.crashes ?? 0;
    case 'timeouts':
      return e.state?.timeouts ?? 0;
    case 'processed':
      return inputs.processed.get(e.ref.name) ?? 0;
    case 'lost':
      return inputs.loss.filter((l) => l.producer === e.ref.name).reduce((n, l) => n + (l.lost ?? NaN), 0);
    case 'lostInRestart':
    case 'notConfirmed':
    case 'republished':
      return inputs.loss.filter((l) => l.producer === e.ref.name).reduce((n, l) => n + (l.restart === undefined ? 0 : m === 'lostInRestart' ? restartLost(l.restart) : l.restart[m]), 0);
    default:
      return c[m];
  }
}

/** Metrics only producers have. */
const PRODUCER_METRICS = new Set<AssertionMetric>(['lost', 'lostInRestart', 'notConfirmed', 'republished']);

function total(inputs: AssertionInputs, m: AssertionMetric, s: ScopeSpec | undefined): number | null {
  if (!s && (PRODUCER_METRICS.has(m) || m === 'processed' || m === 'crashes' || m === 'timeouts')) {
    // Client-side metrics of the whole run: sum over the clients.
    const list = PRODUCER_METRICS.has(m) ? inputs.final.producers : inputs.final.consumers;
    return list.reduce((n, e) => n + metricOf(e, m, inputs), 0);
  }
  const es = entities(inputs.final, s);
  if (es.length === 0) return null;
  const v = es.reduce((n, e) => n + metricOf(e, m, inputs), 0);
  return Number.isNaN(v) ? null : v;
}

function bounds(a: { min?: number | undefined; max?: number | undefined; equals?: number | undefined }, v: number): boolean {
  return (a.min === undefined || v >= a.min) && (a.max === undefined || v <= a.max) && (a.equals === undefined || v === a.equals);
}

function boundsLabel(a: { min?: number | undefined; max?: number | undefined; equals?: number | undefined }): string {
  if (a.equals !== undefined) return `= ${a.equals}`;
  if (a.min !== undefined && a.max !== undefined) return `between ${a.min} and ${a.max}`;
  return a.min !== undefined ? `>= ${a.min}` : `<= ${a.max!}`;
}

function addOrdering(a: OrderingStats, b: OrderingStats): OrderingStats {
  return { streams: a.streams + b.streams, received: a.received + b.received, outOfOrder: a.outOfOrder + b.outOfOrder, gaps: a.gaps + b.gaps, duplicates: a.duplicates + b.duplicates, redeliveries: a.redeliveries + b.redeliveries };
}

/** Evaluate one assertion against the end of a run. */
export function evaluateAssertion(a: AssertionSpec, index: number, inputs: AssertionInputs): AssertionResult {
  const r = (label: string, passed: boolean, actual: number | null, detail?: string): AssertionResult => {
    const out: AssertionResult = { index, type: a.type, label, passed, actual };
    if (a.description !== undefined) out.description = a.description;
    if (!passed && detail !== undefined) out.detail = detail;
    return out;
  };
  const f = inputs.final;
  switch (a.type) {
    case 'noMessageLost': {
      const unknown = inputs.loss.some((l) => l.lost === null);
      const lost = inputs.loss.reduce((n, l) => n + (l.lost ?? 0), 0);
      const who = inputs.loss.filter((l) => (l.lost ?? 0) > 0).map((l) => `${l.producer}: ${l.lost}`);
      return r('no message lost', !unknown && lost === 0, unknown ? null : lost, unknown ? (inputs.remote === true ? UNSEARCHABLE : 'a producer published too far ahead of its consumers to track loss') : `lost ${who.join(', ')}`);
    }
    case 'latency': {
      const vals = entities(f, a.scope).map((e) => e.latency?.[a.kind]?.total);
      const measured = vals.filter((v) => v !== undefined && v.count > 0);
      const v = measured.length === 0 ? null : Math.max(...measured.map((s) => s![a.percentile]));
      const within = v !== null && (a.max === undefined || v <= a.max) && (a.min === undefined || v >= a.min);
      return r(`${a.kind} latency ${a.percentile}${scopeLabel(a.scope)} ${boundsLabel(a)} ms`, within, v, v === null ? 'no latency was measured' : `was ${v} ms`);
    }
    case 'count': {
      const v = total(inputs, a.metric, a.scope);
      const broker = a.scope !== undefined && ('queue' in a.scope || 'exchange' in a.scope);
      const none = inputs.remote !== true ? 'nothing matched the scope' : broker ? UNOBSERVABLE : PRODUCER_METRICS.has(a.metric) ? UNSEARCHABLE : 'nothing matched the scope';
      return r(`${a.metric}${scopeLabel(a.scope)} ${boundsLabel(a)}`, v !== null && bounds(a, v), v, v === null ? none : `was ${v}`);
    }
    case 'ordering': {
      const key = a.by === 'producer' ? 'byProducer' : 'byRoutingKey';
      const es = a.scope ? entities(f, a.scope) : [f.total];
      const zero: OrderingStats = { streams: 0, received: 0, outOfOrder: 0, gaps: 0, duplicates: 0, redeliveries: 0 };
      const o = es.map((e) => e.ordering?.[key] ?? zero).reduce(addOrdering, zero);
      const checks: [string, number, number | undefined][] = [
        ['out-of-order', o.outOfOrder, a.maxOutOfOrder],
        ['duplicates', o.duplicates, a.maxDuplicates],
        ['gaps', o.gaps, a.maxGaps],
      ];
      const used = checks.filter(([, , max]) => max !== undefined);
      const failed = used.filter(([, v, max]) => v > max!);
      const label = `ordering by ${a.by}${scopeLabel(a.scope)}: ${used.map(([n, , max]) => `${n} <= ${max}`).join(', ') || 'checked'}`;
      const shown = failed[0] ?? used[0];
      return r(label, failed.length === 0, shown ? shown[1] : o.outOfOrder, failed.map(([n, v]) => `${n} ${v}`).join(', '));
    }
    case 'queueDepth': {
      const q = f.queues.find((e) => e.ref.vhost === a.vhost && e.ref.name === a.queue && e.removedAt === undefined);
      const v = q?.depth?.[a.which] ?? null;
      return r(`queue ${a.queue} ${a.which} depth ${boundsLabel(a)}`, v !== null && bounds(a, v), v, v === null ? (inputs.remote === true ? UNOBSERVABLE : 'no such queue at the end') : `was ${v}`);
    }
    case 'fairShare': {
      const counts = f.consumers.filter((e) => e.ref.group === a.consumer).map((e) => inputs.processed.get(e.ref.name) ?? 0);
      const spread = counts.length === 0 ? null : Math.max(...counts) - Math.min(...counts);
      return r(`consumer ${a.consumer} instances share equally (±${a.tolerance})`, spread !== null && spread <= a.tolerance, spread, `handled ${counts.join(' / ')}`);
    }
  }
}
