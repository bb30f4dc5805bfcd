import { VirtualScheduler } from '../../engine/core/clock.ts';
import type { RunReport } from '../../engine/sim/report/report.ts';
import { SimulationRunner } from '../../engine/sim/runner.ts';
import type { RunnerOptions } from '../../engine/sim/runner.ts';
import { loadScenario } from '../../engine/sim/scenario/load.ts';
import type { Scenario } from '../../engine/sim/scenario/schema.ts';
import { Simulation } from '../../engine/sim/simulation.ts';

/** A scenario document with the boilerplate filled in. */
export function scenario(doc: Record<string, unknown>): Scenario {
  return loadScenario({ schemaVersion: 2, name: 'test', duration: '10s', ...doc });
}

/** Run a scenario to its end in virtual time. */
export function run(doc: Record<string, unknown>, opts: RunnerOptions = {}): RunReport {
  return new SimulationRunner(scenario(doc), opts).runToEnd();
}

/** A started simulation on a virtual clock, for tests that step time and look inside. */
export function startSim(doc: Record<string, unknown>): { sim: Simulation; clock: VirtualScheduler; advance: (ms: number) => void } {
  const clock = new VirtualScheduler(0);
  const sim = new Simulation(scenario(doc), { scheduler: clock });
  sim.start();
  return { sim, clock, advance: (ms) => clock.advanceTo(clock.now() + ms) };
}

/** One queue named q, for the common case. */
export const oneQueue = (args: Record<string, unknown> = {}): Record<string, unknown> => ({ queues: [{ name: 'q', arguments: args }] });

/** A report's client group by id. */
export function group(r: RunReport, id: string): RunReport['clients'][number] {
  const g = r.clients.find((c) => c.id === id);
  if (!g) throw new Error(`no client group ${id}`);
  return g;
}
