import type { Broker } from '../core/broker.ts';
import type { Scheduler, TimerHandle } from '../core/clock.ts';
import type { Exchange } from '../core/exchange.ts';
import type { Queue } from '../core/queue.ts';
import { QUEUE_ONLY, brokerCounts, clientCounts, exchangeCounts, queueCounts } from './counts.ts';
import type { RingSizes } from './entity-tracker.ts';
import { EntityTracker } from './entity-tracker.ts';
import { LatencyHistogram } from './latency-histogram.ts';
import { OrderingBook } from './ordering-book.ts';
import { OrderingCounter } from './sequence-tracker.ts';
import type { ClientMetricsSource } from './sources.ts';
import type { EntitySnapshot, LatencyKind, MetricsSnapshot, SeriesQuery, SeriesSnapshot } from './snapshot-types.ts';
import { SNAPSHOT_VERSION } from './snapshot-types.ts';

/** How the collector samples and how much history it keeps. */
export interface MetricsOptions {
  /** Default 1000 ms: one sample per simulated second. */
  sampleIntervalMs?: number;
  /** Fine history length in samples (default 300: five minutes at 1 s). */
  fineCapacity?: number;
  /** Coarse history length (default 720) and how many fine samples one averages (default 10): two hours at 1 s. */
  coarseCapacity?: number;
  coarseEvery?: number;
  /** Removed entities kept for reports (default 500); older ones are forgotten. */
  maxRemoved?: number;
  /** Count the total from the simulated clients instead of the broker (a remote broker, whose counters are out of reach). */
  totalsFromClients?: boolean;
  /**
   * The run's clock (default the broker's). A simulation passes its own, so
   * sample times and rates are simulated time even on a broker whose
   * scheduler is another clock.
   */
  scheduler?: Scheduler;
}

interface BrokerEntity<T> {
  tracker: EntityTracker;
  target: T;
}

/** How far before its boundary a sample fires. */
const BOUNDARY_EPSILON_MS = 1e-6;

const NO_INTERVALS: ReadonlyMap<LatencyKind, LatencyHistogram> = new Map();

/**
 * Reads counters from the broker (queues, exchanges, totals) and from
 * simulated clients, samples them into rates every interval of simulated
 * time, keeps bounded histories, and hands out plain snapshots.
 */
export class MetricsCollector {
  readonly ordering = new OrderingBook();
  readonly sampleIntervalMs: number;
  private readonly sizes: RingSizes;
  private readonly maxRemoved: number;
  private readonly totalsFromClients: boolean;
  /** The whole broker's tracker (its depth and last interval latency are read by the runner each second). */
  readonly totalTracker: EntityTracker;
  private readonly totalIntervals = new Map<LatencyKind, LatencyHistogram>();
  private readonly queues = new Map<Queue, BrokerEntity<Queue>>();
  private readonly exchanges = new Map<Exchange, BrokerEntity<Exchange>>();
  private readonly clients: { source: ClientMetricsSource; tracker: EntityTracker }[] = [];
  private removed: EntityTracker[] = [];
  private readonly goneAt = new Map<string, number>();
  private readonly unsubscribe: () => void;
  /** Queue-only counts of queues that are gone, so totals never go backwards. */
  private readonly goneQueueCounts = new Float64Array(QUEUE_ONLY.length);
  private startedAt = 0;
  /** Simulated time of the last sample. */
  private lastSampleT = 0;
  private samples = 0;
  private timer: TimerHandle | undefined;
  private listeners: ((time: number) => void)[] = [];
  private readonly scheduler: Scheduler;

  constructor(
    readonly broker: Broker,
    opts: MetricsOptions = {},
  ) {
    this.sampleIntervalMs = opts.sampleIntervalMs ?? 1000;
    this.sizes = { fine: opts.fineCapacity ?? 300, coarse: opts.coarseCapacity ?? 720, coarseEvery: opts.coarseEvery ?? 10 };
    this.maxRemoved = opts.maxRemoved ?? 500;
    this.totalsFromClients = opts.totalsFromClients ?? false;
    this.scheduler = opts.scheduler ?? broker.scheduler;
    this.totalTracker = new EntityTracker({ kind: 'total', id: 'total', name: 'Total' }, this.sizes);
    // Note when queues and exchanges go, so a removed entity carries its exact removal time.
    this.unsubscribe = broker.events.on('topology', (e) => {
      const c = e.command;
      if (c.type === 'queue.delete' || c.type === 'exchange.delete') this.goneAt.set(`${c.type === 'queue.delete' ? 'queue' : 'exchange'}:${c.vhost}:${c.name}`, this.time);
    });
  }

  /** Simulated ms since `start`. */
  get time(): number {
    return this.scheduler.now() - this.startedAt;
  }

  /** Begin sampling every interval from now. */
  start(): void {
    this.startedAt = this.scheduler.now();
    this.lastSampleT = 0;
    this.refresh();
    this.arm(1);
  }

  /**
   * Sample `n` fires a hair before its boundary, so the interval it closes is
   * [boundary - interval, boundary): an event due exactly on a boundary
   * belongs to the next second, whatever order the timers were set in.
   */
  private arm(n: number): void {
    const s = this.scheduler;
    const at = this.startedAt + n * this.sampleIntervalMs - BOUNDARY_EPSILON_MS;
    this.timer = s.setTimeout(() => {
      this.sample(n * this.sampleIntervalMs);
      this.arm(n + 1);
    }, Math.max(0, at - s.now()));
  }

  /** Stop sampling and stop listening to the broker (the last snapshot stays readable). */
  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.unsubscribe();
  }

  /** Called after every sample with the sample's time. */
  onSample(fn: (time: number) => void): () => void {
    this.listeners.push(fn);
    return () => void (this.listeners = this.listeners.filter((l) => l !== fn));
  }

  /** Track a simulated producer or consumer. */
  addClient(source: ClientMetricsSource): void {
    this.clients.push({ source, tracker: new EntityTracker(source.ref, this.sizes) });
  }

  /** Take a sample (the timer calls this at each boundary; a host may too, e.g. at the end of a run). */
  sample(at?: number): void {
    const t = at ?? this.time;
    const dt = t - this.lastSampleT;
    if (dt <= 0 && this.samples > 0) return;
    this.lastSampleT = t;
    this.refresh();
    for (const h of this.totalIntervals.values()) h.reset();
    this.mergeClientLatency(this.totalIntervals);
    this.totalTracker.sample(t, dt, this.totalIntervals);
    for (const e of this.queues.values()) e.tracker.sample(t, dt, undefined);
    for (const e of this.exchanges.values()) e.tracker.sample(t, dt, undefined);
    for (const c of this.clients) if (c.source.removedAt === undefined || c.tracker.removedAt === undefined) c.tracker.sample(t, dt, intervalsOf(c.source));
    this.samples++;
    for (const l of this.listeners) l(t);
  }

  /** Pull current counts and depths from every source; notice new and removed entities. */
  private refresh(): void {
    const now = this.time;
    const seenQ = new Set<Queue>();
    const seenX = new Set<Exchange>();
    for (const v of this.broker.vhosts.values()) {
      for (const q of v.queues.values()) {
        seenQ.add(q);
        let e = this.queues.get(q);
        if (!e) this.queues.set(q, (e = { target: q, tracker: new EntityTracker({ kind: 'queue', id: `queue:${q.vhost}:${q.name}`, name: q.name, vhost: q.vhost }, this.sizes) }));
        queueCounts(q.counters, e.tracker.counts);
        const ready = q.messageCount;
        e.tracker.depth = { ready, unacked: q.unacked, total: ready + q.unacked, readyBytes: q.ready.bytes, consumers: q.consumerCount };
      }
      for (const x of v.exchanges.values()) {
        seenX.add(x);
        let e = this.exchanges.get(x);
        if (!e) {
          const ref = { kind: 'exchange' as const, id: `exchange:${x.vhost}:${x.name}`, name: x.name === '' ? '(AMQP default)' : x.name, vhost: x.vhost };
          this.exchanges.set(x, (e = { target: x, tracker: new EntityTracker(ref, this.sizes) }));
        }
        exchangeCounts(x.counters, e.tracker.counts);
      }
    }
    for (const [q, e] of this.queues) {
      if (seenQ.has(q)) continue;
      this.queues.delete(q);
      QUEUE_ONLY.forEach((slot, i) => (this.goneQueueCounts[i]! += e.tracker.counts[slot]!));
      this.retire(e.tracker, now);
    }
    for (const [x, e] of this.exchanges) {
      if (seenX.has(x)) continue;
      this.exchanges.delete(x);
      this.retire(e.tracker, now);
    }
    for (const c of this.clients) {
      clientCounts(c.source.counters, c.tracker.counts);
      if (c.source.removedAt !== undefined && c.tracker.removedAt === undefined) {
        // A removed client keeps its numbers under a new id, so one added later with the same name is a new entity.
        c.tracker.removedAt = c.source.removedAt;
        c.tracker.ref = { ...c.tracker.ref, id: `${c.tracker.ref.id}~${c.source.removedAt}` };
      }
    }
    this.refreshTotal();
  }

  private refreshTotal(): void {
    const o = this.totalTracker.counts;
    if (this.totalsFromClients) {
      o.fill(0);
      for (const c of this.clients) for (let i = 0; i < o.length; i++) o[i]! += c.tracker.counts[i]!;
    } else brokerCounts(this.broker.counters, o);
    QUEUE_ONLY.forEach((slot, i) => (o[slot] = this.goneQueueCounts[i]!));
    let ready = 0;
    let unacked = 0;
    let bytes = 0;
    let consumers = 0;
    for (const { tracker } of this.queues.values()) {
      for (const slot of QUEUE_ONLY) o[slot]! += tracker.counts[slot]!;
      ready += tracker.depth!.ready;
      unacked += tracker.depth!.unacked;
      bytes += tracker.depth!.readyBytes;
      consumers += tracker.depth!.consumers;
    }
    this.totalTracker.depth = { ready, unacked, total: ready + unacked, readyBytes: bytes, consumers };
  }

  private retire(t: EntityTracker, noticed: number): void {
    const now = this.goneAt.get(t.ref.id) ?? noticed;
    this.goneAt.delete(t.ref.id);
    t.removedAt = now;
    t.ref = { ...t.ref, id: `${t.ref.id}~${now}` };
    this.removed.push(t);
    if (this.removed.length > this.maxRemoved) this.removed = this.removed.slice(-this.maxRemoved);
  }

  /**
   * Add every client's current-interval latency into `into`, per kind. The
   * total's consume latency comes from consumers only (producers keep the same
   * samples, per producer), confirm and rpc latency from producers.
   */
  private mergeClientLatency(into: Map<LatencyKind, LatencyHistogram>): void {
    for (const { source } of this.clients) {
      for (const [kind, h] of Object.entries(source.latency) as [LatencyKind, LatencyHistogram][]) {
        if ((kind === 'consume') !== (source.ref.kind === 'consumer')) continue;
        let th = into.get(kind);
        if (!th) into.set(kind, (th = new LatencyHistogram()));
        th.add(h);
      }
    }
  }

  /** Everything now, as plain JSON-able objects. */
  snapshot(): MetricsSnapshot {
    this.refresh();
    const scratch = new Map<LatencyKind, LatencyHistogram>();
    this.mergeClientLatency(scratch);
    const total = this.totalTracker.snapshot(scratch);
    const ordering = this.orderingTotals();
    total.ordering = ordering;
    const live = (m: Map<unknown, BrokerEntity<unknown>>): EntitySnapshot[] => [...m.values()].map((e) => e.tracker.snapshot(undefined));
    const gone = (kind: string): EntitySnapshot[] => this.removed.filter((t) => t.ref.kind === kind).map((t) => t.snapshot(undefined));
    const clients = (kind: 'producer' | 'consumer'): EntitySnapshot[] =>
      this.clients
        .filter((c) => c.source.ref.kind === kind)
        .map((c) => {
          const s = c.tracker.snapshot(intervalsOf(c.source));
          s.state = c.source.state();
          const o = c.source.ordering;
          if (o) s.ordering = { byProducer: o.byProducer.toStats(o.streams?.producerStreams ?? 0, o.streams?.producerGaps() ?? 0), byRoutingKey: o.byKey.toStats(o.streams?.keyStreams ?? 0, o.streams?.keyGaps() ?? 0) };
          return s;
        });
    return {
      version: SNAPSHOT_VERSION,
      time: this.time,
      sampleIntervalMs: this.sampleIntervalMs,
      samples: this.samples,
      total,
      exchanges: [...live(this.exchanges as Map<unknown, BrokerEntity<unknown>>), ...gone('exchange')],
      queues: [...live(this.queues as Map<unknown, BrokerEntity<unknown>>), ...gone('queue')],
      producers: clients('producer'),
      consumers: clients('consumer'),
    };
  }

  private orderingTotals(): NonNullable<EntitySnapshot['ordering']> {
    const byP = new OrderingCounter();
    const byK = new OrderingCounter();
    for (const { source } of this.clients) {
      if (!source.ordering) continue;
      byP.add(source.ordering.byProducer);
      byK.add(source.ordering.byKey);
    }
    const t = this.ordering.totals();
    return { byProducer: byP.toStats(t.producerStreams, t.producerGaps), byRoutingKey: byK.toStats(t.keyStreams, t.keyGaps) };
  }

  /** Sampled history for the requested entities (default: the total). */
  history(q: SeriesQuery = {}): SeriesSnapshot[] {
    const ids = q.entities ?? ['total'];
    const all = [this.totalTracker, ...[...this.queues.values()].map((e) => e.tracker), ...[...this.exchanges.values()].map((e) => e.tracker), ...this.clients.map((c) => c.tracker), ...this.removed];
    const res = q.resolution ?? 'fine';
    const step = res === 'fine' ? this.sampleIntervalMs : this.sampleIntervalMs * this.sizes.coarseEvery;
    return all
      .filter((t) => ids.includes(t.ref.id))
      .map((t) => ({ ...t.history(q.names, q.since ?? -Infinity, res), resolutionMs: step }));
  }
}

function intervalsOf(s: ClientMetricsSource): ReadonlyMap<LatencyKind, LatencyHistogram> {
  const entries = Object.entries(s.latency) as [LatencyKind, LatencyHistogram][];
  return entries.length === 0 ? NO_INTERVALS : new Map(entries);
}
