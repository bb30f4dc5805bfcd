import type { Broker } from '../core/broker.ts';
import type { MetricsSnapshot, SeriesQuery, SeriesSnapshot } from '../metrics/snapshot-types.ts';
import type { SimClock } from '../sim/runner.ts';
import { SimulationRunner } from '../sim/runner.ts';
import { LiveEditError } from '../sim/live-edits.ts';
import { parseScenario } from '../sim/scenario/load.ts';
import type { LiveEdit } from '../sim/scenario/schema-live-edit.ts';
import type { SimEditResult, SimStatus } from './contract.ts';
import { HostFailure } from './host-error.ts';
import type { SimulationPort } from './host-ports.ts';

export interface RunnerSimulationOptions {
  /** The broker simulated clients use: the host's own, so they share the graph with real clients. */
  broker: Broker;
  /** The real-time clock for a run (engine/adapters PacedClock): fresh, or the host's shared one. */
  clock: (speed: number) => SimClock;
  /** Hand the clock back when a run ends or is unloaded (default: pause it). */
  release?: (clock: SimClock) => void;
  seed?: number;
}

/**
 * The host's simulator: one `SimulationRunner` at a time on the host's broker,
 * in real time at an adjustable speed. Loading a scenario ends the previous
 * run; the next run starts on `start` (or `step`).
 */
export class RunnerSimulation implements SimulationPort {
  private runner: SimulationRunner | undefined;
  private clock: SimClock | undefined;
  private name: string | null = null;
  private speedFactor = 1;

  constructor(private readonly opts: RunnerSimulationOptions) {}

  status(metrics?: MetricsSnapshot): SimStatus {
    const r = this.runner;
    const finished = r?.finished ?? false;
    return {
      available: true,
      loaded: r !== undefined,
      running: r !== undefined && r.sim.started && !finished && !(this.clock?.paused ?? true),
      speed: this.speedFactor,
      // A finished run reads its end to the millisecond (the clock may stop a hair before a boundary).
      timeMs: r ? (finished ? Math.round(r.time) : r.time) : 0,
      scenario: this.name,
      finished,
      durationMs: r?.durationMs ?? null,
      endsByMs: r ? r.durationMs + r.drainMs : null,
      endedBy: r?.report()?.outcome.endedBy ?? null,
      // Without a snapshot given, the runner takes one only when there are assertions to judge.
      assertions: r ? r.assertionStatus(metrics) : [],
      edits: r?.edits.length ?? 0,
    };
  }

  /** Change the running scenario's clients now; what the edit became is kept for the report. */
  edit(edit: LiveEdit): SimEditResult {
    const r = this.loaded();
    if (!r.sim.started) throw new HostFailure('bad-request', 'the run has not started: the scenario itself is edited until it runs');
    if (r.finished) throw new HostFailure('bad-request', 'the run has ended; load the scenario again');
    try {
      const events = r.edit(edit);
      return { status: this.status(), events };
    } catch (e) {
      if (!(e instanceof LiveEditError)) throw e;
      throw new HostFailure('bad-request', `cannot change the run: edit.${e.message}`, [{ path: `edit.${e.issue.path}`, message: e.issue.message }]);
    }
  }

  load(doc: Record<string, unknown>): SimStatus {
    const parsed = parseScenario(doc);
    if (!parsed.ok) {
      const text = parsed.issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ');
      throw new HostFailure('bad-request', `invalid scenario: ${text}`, parsed.issues);
    }
    this.end();
    this.clock = this.opts.clock(this.speedFactor);
    const clock = this.clock;
    this.runner = new SimulationRunner(parsed.scenario, {
      clock,
      broker: this.opts.broker,
      onFinish: () => this.opts.release?.(clock),
      ...(this.opts.seed !== undefined && { seed: this.opts.seed }),
    });
    this.name = parsed.scenario.name;
    return this.status();
  }

  start(): SimStatus {
    const r = this.loaded();
    if (r.finished) throw new HostFailure('bad-request', 'the run has ended; load the scenario again');
    if (!r.sim.started) r.start();
    else r.resume();
    return this.status();
  }

  pause(): SimStatus {
    this.loaded().pause();
    return this.status();
  }

  step(ms: number): SimStatus {
    const r = this.loaded();
    if (!r.finished) r.step(ms);
    return this.status();
  }

  speed(factor: number): SimStatus {
    this.speedFactor = factor;
    this.clock?.setSpeed(factor);
    this.speedFactor = this.clock?.speed ?? factor;
    return this.status();
  }

  metrics(): MetricsSnapshot | undefined {
    return this.runner?.sim.started ? this.runner.snapshot() : undefined;
  }

  series(query: SeriesQuery): SeriesSnapshot[] {
    return this.runner?.history(query) ?? [];
  }

  close(): void {
    this.end();
  }

  /** End the current run, closing its simulated clients. */
  end(): void {
    const r = this.runner;
    if (r?.sim.started && !r.finished) r.stop();
    if (this.clock) (this.opts.release ?? ((c: SimClock) => c.pause()))(this.clock);
    this.runner = undefined;
    this.clock = undefined;
    this.name = null;
  }

  private loaded(): SimulationRunner {
    if (!this.runner) throw new HostFailure('bad-request', 'no scenario loaded: sim:load one first');
    return this.runner;
  }
}
