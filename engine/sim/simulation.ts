import { Broker } from '../core/broker.ts';
import type { Scheduler } from '../core/clock.ts';
import { MetricsCollector } from '../metrics/collector.ts';
import type { MetricsOptions } from '../metrics/collector.ts';
import type { MetricsSnapshot } from '../metrics/snapshot-types.ts';
import { SimConsumer } from './consumer.ts';
import { EmbeddedTransport } from './embedded-transport.ts';
import { SimProducer } from './producer.ts';
import { randomStream } from './random-streams.ts';
import { brokerOptionsOf } from './scenario/check.ts';
import { ScenarioError } from './scenario/issues.ts';
import type { ConsumerSpec, ProducerSpec } from './scenario/schema-clients.ts';
import type { RateSpec } from './scenario/schema-rate.ts';
import type { Scenario } from './scenario/schema.ts';
import type { ScenarioIssue } from './scenario/issues.ts';
import type { PathedCommand } from './scenario/topology-commands.ts';
import { applyCommands, topologyCommands } from './scenario/topology-commands.ts';
import { BrokerRestarts } from './broker-restarts.ts';
import type { SimContext } from './sim-context.ts';
import type { TimelineLogEntry } from './timeline.ts';
import { remoteTimelineIssues, scheduleTimeline } from './timeline.ts';
import type { SimTransport } from './transport.ts';

/** How to build a simulation. */
export interface SimulationOptions {
  scheduler: Scheduler;
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Run against this broker (e.g. the app's embedded one); default: a new broker with the scenario's settings. */
  broker?: Broker;
  /** Where clients connect; default: the embedded broker. */
  transport?: SimTransport;
  metrics?: MetricsOptions;
  /** Producers' shortest wake-up interval in ms (default 1). */
  tickMs?: number;
  /**
   * Apply the scenario's topology to `broker` at start (default true). A run
   * against a remote broker declares it there beforehand instead.
   */
  applyTopology?: boolean;
}

/**
 * A scenario brought to life on a broker: its topology applied, its
 * producers and consumers connected and driven by the scheduler, its
 * timeline scheduled, and a metrics collector sampling it all. Time only
 * moves when the scheduler's owner moves it (see `SimulationRunner`).
 */
export class Simulation implements SimContext {
  readonly scheduler: Scheduler;
  readonly broker: Broker;
  readonly transport: SimTransport;
  readonly metrics: MetricsCollector;
  readonly seed: number;
  readonly tickMs: number;
  readonly producers: SimProducer[] = [];
  readonly consumers: SimConsumer[] = [];
  readonly timelineLog: TimelineLogEntry[] = [];
  /** Broker restarts (only in runs whose timeline restarts the broker). */
  restarts: BrokerRestarts | undefined;
  /** The topology declared so far, in order: what clients declare again after a restart. */
  private readonly declared: PathedCommand[][] = [];
  startedAt = 0;
  started = false;

  constructor(
    readonly scenario: Scenario,
    opts: SimulationOptions,
  ) {
    this.scheduler = opts.scheduler;
    this.seed = opts.seed ?? scenario.seed;
    this.broker = opts.broker ?? new Broker({ scheduler: opts.scheduler, random: randomStream(this.seed, 'broker'), ...brokerOptionsOf(scenario) });
    this.transport = opts.transport ?? new EmbeddedTransport(this.broker);
    if (this.transport.remote) {
      const refused = remoteTimelineIssues(scenario.timeline);
      if (refused.length > 0) throw new ScenarioError(refused);
    }
    this.metrics = new MetricsCollector(this.broker, { ...opts.metrics, scheduler: opts.scheduler, ...(this.transport.remote ? { totalsFromClients: true } : {}) });
    this.tickMs = opts.tickMs ?? 1;
    this.applyTopology = opts.applyTopology ?? true;
  }

  private readonly applyTopology: boolean;

  /** Simulated ms since the start. */
  get time(): number {
    return this.started ? this.scheduler.now() - this.startedAt : 0;
  }

  received(pid: number, seq: number, latencyMs: number): void {
    const p = this.producers[pid];
    if (p === undefined) return;
    p.ledger.settle(seq);
    if (latencyMs === latencyMs) p.latency.consume.record(latencyMs);
  }

  /** Apply the topology (all or nothing), then start metrics, clients and the timeline. */
  start(): void {
    if (this.started) return;
    // The durability a restart goes through must see every message from the first.
    if (!this.transport.remote && this.scenario.timeline.some((e) => e.action === 'restartBroker')) this.restarts = BrokerRestarts.forRun(this);
    if (this.applyTopology) {
      const issues = this.declare(topologyCommands(this.scenario.topology, randomStream(this.seed, 'topology')));
      if (issues.length > 0) {
        this.restarts?.close();
        throw new ScenarioError(issues);
      }
    }
    this.started = true;
    this.startedAt = this.scheduler.now();
    this.metrics.start();
    for (const p of this.scenario.producers) this.addProducer(p);
    for (const c of this.scenario.consumers) this.addConsumer(c);
    scheduleTimeline(this, this.scenario.timeline);
  }

  /** Apply topology commands to the broker and remember them (to declare again after a restart). */
  declare(commands: PathedCommand[]): ScenarioIssue[] {
    this.declared.push(commands);
    return applyCommands(this.broker, commands);
  }

  /**
   * After a restart: declare the topology again, as applications that
   * declare what they use on (re)connect do; non-durable queues come back empty.
   */
  redeclareTopology(): ScenarioIssue[] {
    return this.declared.flatMap((cmds) => applyCommands(this.broker, cmds));
  }

  /** Restart the broker now (a timeline event); `entry` gets the outcome. */
  restartBroker(downtimeMs: number, redeclare: boolean, entry: TimelineLogEntry): void {
    if (!this.restarts) throw new Error('restartBroker needs the store attached at start');
    this.restarts.restart(downtimeMs, redeclare, entry);
  }

  addProducer(spec: ProducerSpec): void {
    for (let i = 1; i <= spec.count; i++) {
      // The producer's index is its numeric id in message headers.
      const p = new SimProducer(this, spec, i, this.producers.length);
      this.producers.push(p);
      this.metrics.addClient(p);
      p.start();
    }
  }

  addConsumer(spec: ConsumerSpec): void {
    for (let i = 1; i <= spec.count; i++) {
      const c = new SimConsumer(this, spec, i);
      this.consumers.push(c);
      this.metrics.addClient(c);
      c.start();
    }
  }

  /** Live producer instances of a scenario id. */
  producersOf(id: string): SimProducer[] {
    return this.producers.filter((p) => p.spec.id === id && p.removedAt === undefined);
  }

  consumersOf(id: string): SimConsumer[] {
    return this.consumers.filter((c) => c.spec.id === id && c.removedAt === undefined);
  }

  removeProducer(id: string): void {
    for (const p of this.producersOf(id)) p.stop(true);
  }

  removeConsumer(id: string): void {
    for (const c of this.consumersOf(id)) c.stop(true);
  }

  setRate(id: string, rate: RateSpec): void {
    for (const p of this.producersOf(id)) p.setRate(rate);
  }

  /** Crash consumer instances (all, or the 1-based `instance`). */
  killConsumer(id: string, instance?: number): void {
    for (const c of this.consumersOf(id)) if (instance === undefined || c.instance === instance) c.crash();
  }

  /** Block or unblock every consumer reading a queue. */
  blockConsumers(vhost: string, queue: string, blocked: boolean): void {
    for (const c of this.consumers) if (c.spec.vhost === vhost && c.queueName === queue && c.removedAt === undefined) c.setBlocked(blocked);
  }

  /** Stop every producer (the end of `duration`; consumers drain what is left). */
  stopProducers(): void {
    for (const p of this.producers) p.stop(false);
  }

  /**
   * Nothing left that will move: nothing unacked, and no queue holding
   * messages that a consumer or an expiry will take (a parking queue without
   * consumers may keep its messages; a retry queue with a TTL may not).
   */
  isDrained(): boolean {
    // A remote broker's queues cannot be seen from here: drain for the whole drain time.
    if (this.transport.remote || this.restarts?.down) return false;
    const polled = new Set(this.consumers.filter((c) => c.spec.mode === 'get' && c.removedAt === undefined).map((c) => `${c.spec.vhost}\u0000${c.queueName}`));
    for (const v of this.broker.vhosts.values()) {
      for (const q of v.queues.values()) {
        if (q.unacked > 0) return false;
        const taken = q.consumerCount > 0 || polled.has(`${v.name}\u0000${q.name}`) || willExpire(q.ready.peek()?.expiresAt);
        if (q.messageCount > 0 && taken) return false;
      }
    }
    return true;
  }

  /** Stop every client and the metrics timer; takes a last sample. */
  stop(): void {
    for (const p of this.producers) p.stop(false);
    this.metrics.sample();
    for (const c of this.consumers) c.stop(false);
    this.metrics.stop();
    this.restarts?.close();
  }

  snapshot(): MetricsSnapshot {
    return this.metrics.snapshot();
  }
}

/** A head entry's expiry is a time (the core writes a negative or infinite value for "never"). */
function willExpire(expiresAt: number | undefined): boolean {
  return expiresAt !== undefined && Number.isFinite(expiresAt) && expiresAt >= 0;
}
