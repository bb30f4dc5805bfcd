import { formatIssue } from '../../../engine/sim/scenario/issues.ts';
import { parseScenario } from '../../../engine/sim/scenario/load.ts';
import type { ScenarioFile } from '../../../engine/sim/scenario/schema.ts';
import type { SimStatus } from '../../../engine/host/contract.ts';
import { errorText } from '../client/engine-client.ts';
import { compileScenario } from '../model/scenario-doc.ts';
import type { AppStores } from './store-context.tsx';

/** The graph as a scenario document: the engine's topology (not refused drafts), the clients, the settings. */
export function currentScenario(s: AppStores): ScenarioFile {
  const g = s.graph.getState();
  return compileScenario(g.doc.meta, g.engine, g.doc.producers, g.doc.consumers);
}

/** A load in progress (opening a file loads it): Play waits for it rather than loading twice. */
let loading: Promise<unknown> = Promise.resolve();

/** Check the scenario with the simulator's own loader, then hand it to the host. False (and a toast) when refused. */
export async function loadIntoSimulator(s: AppStores): Promise<boolean> {
  // The topology the scenario names must have reached the engine first.
  await s.graph.getState().settled();
  const doc = currentScenario(s);
  const parsed = parseScenario(doc);
  const ui = s.ui.getState();
  if (!parsed.ok) {
    ui.notify(`Cannot run the scenario: ${parsed.issues.slice(0, 3).map(formatIssue).join('; ')}`, 'error');
    return false;
  }
  try {
    const call = s.client.call('sim:load', { scenario: doc as Record<string, unknown> });
    loading = call.catch(() => undefined);
    const status = await call;
    s.live.getState().setSim(status);
    s.graph.getState().setScenarioDirty(false);
    s.live.getState().resetHistory();
    return true;
  } catch (e) {
    ui.notify(`Cannot run the scenario: ${errorText(e)}`, 'error');
    return false;
  }
}

/** Run a `sim:*` call; its answer is the simulator's new state, shown at once. */
async function call(s: AppStores, fn: () => Promise<SimStatus>): Promise<void> {
  try {
    s.live.getState().setSim(await fn());
  } catch (e) {
    s.ui.getState().notify(errorText(e), 'error');
  }
}

/** Play: (re)load the scenario when it changed or was never loaded, then run. */
export async function play(s: AppStores): Promise<void> {
  await s.graph.getState().settled();
  await loading;
  const sim = s.live.getState().sim;
  if (!sim.available) return s.ui.getState().notify('No simulator is attached to this host.', 'error');
  // A finished run starts again from the beginning, with the graph as it is now.
  if (!sim.loaded || sim.finished || s.graph.getState().scenarioDirty) {
    if (!(await loadIntoSimulator(s))) return;
  }
  await call(s, () => s.client.call('sim:start', {}));
}

export const pause = (s: AppStores): Promise<void> => call(s, () => s.client.call('sim:pause', {}));

/** Advance simulated time by `ms` while paused. */
export async function step(s: AppStores, ms = 1000): Promise<void> {
  const sim = s.live.getState().sim;
  if (!sim.loaded || sim.finished || s.graph.getState().scenarioDirty) {
    if (!(await loadIntoSimulator(s))) return;
  }
  await call(s, () => s.client.call('sim:step', { ms }));
}

export const setSpeed = (s: AppStores, factor: number): Promise<void> => call(s, () => s.client.call('sim:speed', { factor }));

/** Start again from the beginning with the graph as it is now. */
export async function restart(s: AppStores): Promise<void> {
  if (await loadIntoSimulator(s)) await call(s, () => s.client.call('sim:start', {}));
}
