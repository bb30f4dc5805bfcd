import type { Broker } from '../core/broker.ts';
import type { Scheduler } from '../core/clock.ts';
import { VirtualScheduler } from '../core/clock.ts';
import type { MetricsOptions } from '../metrics/collector.ts';
import { emptyLatencyStats } from '../metrics/latency-histogram.ts';
import type { MetricsSnapshot, SeriesQuery, SeriesSnapshot } from '../metrics/snapshot-types.ts';
import type { AssertionStatus } from './assertion-status.ts';
import { finalStatuses, liveStatuses, pendingStatuses } from './assertion-status.ts';
import { evaluateAssertion } from './assertions.ts';
import { liveEditEvents } from './live-edits.ts';
import { countLoss } from './loss.ts';
import type { RunReport, SecondLine } from './report/report.ts';
import { buildReport } from './report/report.ts';
import type { LiveEdit } from './scenario/schema-live-edit.ts';
import type { TimelineEvent } from './scenario/schema-timeline.ts';
import type { Scenario } from './scenario/schema.ts';
import { Simulation } from './simulation.ts';
import { runTimelineEvent } from './timeline.ts';
import type { SimTransport } from './transport.ts';

/**
 * A clock a host drives in real time (see `RealScheduler` in
 * engine/adapters): simulated time runs at `speed` × wall time until paused.
 */
export interface SimClock {
  readonly scheduler: Scheduler;
  readonly paused: boolean;
  readonly speed: number;
  pause(): void;
  resume(): void;
  /** While paused: move simulated time forward by `ms`, running what falls due. */
  step(ms: number): void;
  /** Simulated ms per wall ms (0.1 to 100). */
  setSpeed(factor: number): void;
  /** Run the timers already due, so simulated time is exactly `scheduler.now()` everywhere. */
  sync?(): void;
}

export interface RunnerOptions {
  /** `virtual` (default): time moves only when the runner is advanced, as fast as the CPU allows. */
  clock?: 'virtual' | SimClock;
  seed?: number;
  /** Override the scenario's duration and drain (ms). */
  durationMs?: number;
  drainMs?: number;
  metrics?: MetricsOptions;
  tickMs?: number;
  broker?: Broker;
  transport?: SimTransport;
  /** Apply the topology to the embedded broker at start (default true; false when it was declared on a remote target). */
  applyTopology?: boolean;
  /** Called after every sample (each simulated second). */
  onSecond?: (line: SecondLine) => void;
  /** Called once, when the run ends. */
  onFinish?: (report: RunReport) => void;
}

/** Seconds kept in a report; longer runs keep every 2nd, 4th... line. */
const MAX_SECOND_LINES = 3600;
const DRAIN_CHECK_MS = 100;

/**
 * Runs a scenario to its end: producers publish for `duration`, consumers
 * may drain for up to `drain` more, then assertions are evaluated into a
 * report. In virtual time, `runToEnd()` runs it synchronously as fast as
 * possible (same seed, same report); with a `SimClock`, `start()` runs it
 * in real time at the clock's speed, with pause, resume and step.
 */
export class SimulationRunner {
  readonly sim: Simulation;
  readonly durationMs: number;
  readonly drainMs: number;
  private readonly virtual: VirtualScheduler | undefined;
  private readonly clock: SimClock | undefined;
  private readonly seconds: SecondLine[] = [];
  private stride = 1;
  private sampleCount = 0;
  private lastSent = 0;
  private lastReceived = 0;
  private lastTime = 0;
  private result: RunReport | undefined;
  /** Simulated ms at which the run ended. */
  private endedAtMs: number | undefined;
  /** Edits made while the run went, as the timeline events they became (with their times). */
  readonly edits: TimelineEvent[] = [];
  private resolveDone!: (r: RunReport) => void;
  /** Resolves with the report when the run ends. */
  readonly done: Promise<RunReport>;

  constructor(
    readonly scenario: Scenario,
    private readonly opts: RunnerOptions = {},
  ) {
    this.durationMs = opts.durationMs ?? scenario.duration;
    this.drainMs = opts.drainMs ?? scenario.drain;
    if (opts.clock === undefined || opts.clock === 'virtual') this.virtual = new VirtualScheduler(0);
    else this.clock = opts.clock;
    const scheduler = this.virtual ?? this.clock!.scheduler;
    const simOpts = { scheduler, ...pick(opts, ['seed', 'metrics', 'tickMs', 'broker', 'transport', 'applyTopology'] as const) };
    this.sim = new Simulation(scenario, simOpts);
    this.done = new Promise((r) => (this.resolveDone = r));
  }

  get finished(): boolean {
    return this.result !== undefined;
  }

  /** Simulated ms since the start; once the run ended, the time it ended (the clock may run on for others). */
  get time(): number {
    return this.endedAtMs ?? this.sim.time;
  }

  /** When the run ended (simulated ms), once it has. */
  get endedAt(): number | undefined {
    return this.endedAtMs;
  }

  /**
   * Change the running simulation's clients now: the edit becomes timeline
   * events at the current simulated time, run through the timeline's own code
   * path and kept in `edits` (and the report), so `asRun()` replays it.
   * Throws `LiveEditError` (naming the field) when the edit does not fit what
   * runs, or an Error before the start and after the end.
   */
  edit(edit: LiveEdit): TimelineEvent[] {
    if (!this.sim.started) throw new Error('the run has not started: change the scenario instead');
    if (this.finished) throw new Error('the run has ended: change the scenario and run it again');
    // In real time, timers due by now may not have run yet: the edit comes after them.
    this.clock?.sync?.();
    if (this.finished) throw new Error('the run has ended: change the scenario and run it again');
    const events = liveEditEvents(this.sim, edit, this.sim.time);
    for (const e of events) {
      runTimelineEvent(this.sim, e, this.scenario.timeline.length + this.edits.length, true);
      this.edits.push(e);
    }
    return events;
  }

  /** The scenario as it ran: its own timeline followed by the edits made while it went. */
  asRun(): Scenario {
    return { ...this.scenario, timeline: [...this.scenario.timeline, ...this.edits] };
  }

  /** Each assertion's state: judged on the metrics so far while running, the report's verdict once ended. */
  assertionStatus(now?: MetricsSnapshot): AssertionStatus[] {
    if (this.result) return finalStatuses(this.result.assertions);
    if (this.scenario.assertions.length === 0) return [];
    if (!this.sim.started) return pendingStatuses(this.scenario.assertions);
    return liveStatuses(this.scenario.assertions, now ?? this.sim.snapshot(), this.processed());
  }

  private processed(): Map<string, number> {
    return new Map(this.sim.consumers.map((c) => [c.ref.name, c.processed]));
  }

  /** Apply the topology and start clients and timeline; in real time, the clock starts too. */
  start(): void {
    if (this.sim.started) return;
    const s = this.sim.scheduler;
    // Scheduled before any client timer, so producers stop before publishing at exactly `duration`.
    s.setTimeout(() => this.endProducing(), this.durationMs);
    this.sim.metrics.onSample((t) => this.onSample(t));
    this.sim.start();
    const clock = this.clock;
    if (clock === undefined) return;
    if (this.sim.transport.settled === undefined) return clock.resume();
    // A real broker: the clients scheduled at the start connect with time held at 0.
    clock.step(0);
    const held = this.sim.transport.settled().then(() => {
      if (this.holding === held && !this.finished) clock.resume();
    });
    this.holding = held;
  }

  /** Set while the start waits for remote clients to connect; a pause meanwhile cancels the resume. */
  private holding: Promise<void> | undefined;

  private endProducing(): void {
    this.sim.stopProducers();
    if (this.drainMs <= 0) return this.finish('duration');
    const limitAt = this.sim.scheduler.now() + this.drainMs;
    const check = (): void => {
      if (this.finished) return;
      if (this.sim.isDrained()) return this.finish('drained');
      if (this.sim.scheduler.now() >= limitAt) return this.finish('drain-limit');
      this.sim.scheduler.setTimeout(check, Math.min(DRAIN_CHECK_MS, limitAt - this.sim.scheduler.now()));
    };
    check();
  }

  private onSample(t: number): void {
    let sent = 0;
    let received = 0;
    for (const p of this.sim.producers) sent += p.counters.published;
    for (const c of this.sim.consumers) {
      const k = c.counters;
      received += k.deliveredManualAck + k.deliveredAutoAck + k.getManualAck + k.getAutoAck;
    }
    const dt = (t - this.lastTime) / 1000;
    const total = this.sim.metrics.totalTracker;
    const line: SecondLine = {
      time: t,
      sent: dt > 0 ? Math.round(((sent - this.lastSent) / dt) * 1000) / 1000 : 0,
      received: dt > 0 ? Math.round(((received - this.lastReceived) / dt) * 1000) / 1000 : 0,
      ready: total.depth?.ready ?? 0,
      unacked: total.depth?.unacked ?? 0,
      consume: total.latencyInterval.get('consume') ?? emptyLatencyStats(),
      confirm: total.latencyInterval.get('confirm') ?? emptyLatencyStats(),
    };
    this.lastSent = sent;
    this.lastReceived = received;
    this.lastTime = t;
    if (this.sampleCount++ % this.stride === 0) {
      this.seconds.push(line);
      if (this.seconds.length > MAX_SECOND_LINES) {
        // Keep memory flat on long runs: halve the resolution of what is kept.
        const kept = this.seconds.filter((_, i) => i % 2 === 0);
        this.seconds.length = 0;
        this.seconds.push(...kept);
        this.stride *= 2;
      }
    }
    this.opts.onSecond?.(line);
  }

  private finish(endedBy: RunReport['outcome']['endedBy']): void {
    if (this.result) return;
    const sim = this.sim;
    sim.metrics.sample();
    const loss = countLoss(sim);
    const final = sim.snapshot();
    const processed = this.processed();
    const inputs = { final, loss, processed, remote: sim.transport.remote };
    const assertions = this.scenario.assertions.map((a, i) => evaluateAssertion(a, i, inputs));
    sim.stop();
    const sc = this.scenario;
    this.result = buildReport({
      scenario: { name: sc.name, description: sc.description, seed: sim.seed, durationMs: this.durationMs, drainMs: this.drainMs },
      endedBy,
      producingMs: Math.min(this.durationMs, final.time),
      final,
      loss,
      processed,
      assertions,
      timeline: [...sim.timelineLog],
      seconds: [...this.seconds],
      ...(this.edits.length > 0 && { edits: [...this.edits] }),
    });
    this.endedAtMs = final.time;
    this.clock?.pause();
    this.opts.onFinish?.(this.result);
    this.resolveDone(this.result);
  }

  /** Virtual time: run to the end now and return the report. */
  runToEnd(): RunReport {
    const v = this.requireVirtual('runToEnd');
    this.start();
    while (!this.result) v.advanceTo(v.now() + this.sim.metrics.sampleIntervalMs);
    return this.result;
  }

  /** Move simulated time forward by `ms` (virtual time; or a paused real-time clock). */
  step(ms = 1000): void {
    if (!this.sim.started) this.start();
    if (this.virtual) this.virtual.advanceTo(this.virtual.now() + ms);
    else this.clock!.step(ms);
  }

  pause(): void {
    this.holding = undefined;
    this.clock?.pause();
  }

  resume(): void {
    this.clock?.resume();
  }

  setSpeed(factor: number): void {
    this.requireReal('setSpeed').setSpeed(factor);
  }

  /** End the run now, with a report of what happened so far. */
  stop(): RunReport {
    if (!this.sim.started) this.start();
    this.finish('stopped');
    return this.result!;
  }

  snapshot(): MetricsSnapshot {
    return this.sim.snapshot();
  }

  history(q?: SeriesQuery): SeriesSnapshot[] {
    return this.sim.metrics.history(q);
  }

  report(): RunReport | undefined {
    return this.result;
  }

  private requireVirtual(what: string): VirtualScheduler {
    if (!this.virtual) throw new Error(`${what} needs virtual time`);
    return this.virtual;
  }

  private requireReal(what: string): SimClock {
    if (!this.clock) throw new Error(`${what} needs a real-time clock`);
    return this.clock;
  }
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
