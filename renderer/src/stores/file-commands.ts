import { formatIssue } from '../../../engine/sim/scenario/issues.ts';
import { parseScenario } from '../../../engine/sim/scenario/load.ts';
import { migrateScenario } from '../../../engine/sim/scenario/migrations.ts';
import type { VhostSpec } from '../../../engine/sim/scenario/schema-topology.ts';
import { errorText } from '../client/engine-client.ts';
import type { GraphDoc } from '../model/graph-doc.ts';
import { clientsOf, defaultMeta, metaOf, scenarioModel, scenarioVhost } from '../model/scenario-doc.ts';
import { sortUsers } from '../model/user-model.ts';
import { download, slug } from '../util/download.ts';
import { addRecent } from './recent-files.ts';
import { currentScenario, loadIntoSimulator } from './sim-commands.ts';
import type { AppStores } from './store-context.tsx';

/** The broker's own `guest` stays when a scenario replaces the users (unless the scenario says it), as the built-in exchanges stay. */
const keptUsers = (m: GraphDoc['model'], replacing: readonly { name: string }[] = []) => m.users.filter((u) => u.name === 'guest' && !replacing.some((r) => r.name === 'guest'));

/** New: an empty broker, no policies, no users but `guest` (built-in exchanges and other clients' exclusive queues stay). One undo step. */
export async function newScenario(s: AppStores): Promise<void> {
  const g = s.graph.getState();
  const m = g.doc.model;
  const next: GraphDoc = {
    model: { ...m, exchanges: m.exchanges.filter((x) => x.builtIn), queues: m.queues.filter((q) => q.exclusive), bindings: [], policies: [], users: keptUsers(m) },
    producers: [],
    consumers: [],
    meta: defaultMeta(),
  };
  await g.commit('new scenario', next);
  s.ui.getState().notify('New scenario. Undo (Ctrl+Z) brings the old one back.');
}

/**
 * Add the vhosts a scenario declares that the broker lacks (its graph's own, and
 * the ones its users' permissions name): the studio's commands need them before
 * the topology and permissions are sent. Vhosts are not part of the graph, so
 * an undo leaves them. False (and a toast) when the broker refuses one.
 */
async function addVhosts(s: AppStores, vhosts: readonly VhostSpec[]): Promise<boolean> {
  const have = new Set(s.graph.getState().vhosts);
  for (const v of vhosts) {
    if (have.has(v.name)) continue;
    try {
      await s.client.call('topology:apply', {
        type: 'vhost.add',
        name: v.name,
        ...(v.description !== undefined && { description: v.description }),
        ...(v.defaultQueueType !== undefined && { defaultQueueType: v.defaultQueueType }),
        ...(v.tags !== undefined && { tags: v.tags }),
      });
    } catch (e) {
      s.ui.getState().notify(`Cannot add vhost '${v.name}': ${errorText(e)}`, 'error');
      return false;
    }
  }
  return true;
}

/**
 * Open a scenario document: check it with the simulator's own loader (every
 * problem by path), replace the graph's topology and clients with it in one
 * undo step, and load it into the simulator ready to play.
 */
export async function openScenario(s: AppStores, raw: unknown, source: string): Promise<boolean> {
  const ui = s.ui.getState();
  const parsed = parseScenario(raw);
  if (!parsed.ok) {
    ui.notify(`${source} is not a valid scenario: ${parsed.issues.slice(0, 4).map(formatIssue).join('; ')}`, 'error');
    return false;
  }
  const migrated = migrateScenario(raw);
  const doc = migrated.ok ? migrated.doc : (raw as Record<string, unknown>);
  const vhost = scenarioVhost(parsed.scenario);
  if (!(await addVhosts(s, parsed.scenario.topology.vhosts))) return false;
  const g = s.graph.getState();
  if (g.vhost !== vhost) g.setVhost(vhost);
  const cur = s.graph.getState().doc.model;
  const fromFile = scenarioModel(parsed.scenario, vhost);
  const model = {
    ...fromFile,
    exchanges: [...cur.exchanges.filter((x) => x.builtIn), ...fromFile.exchanges],
    queues: [...cur.queues.filter((q) => q.exclusive), ...fromFile.queues],
    users: sortUsers([...keptUsers(cur, fromFile.users), ...fromFile.users]),
  };
  const { producers, consumers } = clientsOf(doc);
  const ok = await s.graph.getState().commit(`open '${parsed.scenario.name}'`, { model, producers, consumers, meta: metaOf(doc) });
  s.ui.getState().toggleExplanation(true);
  if (ok && s.live.getState().sim.available) await loadIntoSimulator(s);
  addRecent({ name: parsed.scenario.name, doc });
  s.live.getState().resetHistory();
  return ok;
}

/** Save: the desktop app writes a file through its dialog; the browser downloads it. */
export async function saveScenario(s: AppStores, saveAs = false): Promise<void> {
  const doc = currentScenario(s) as Record<string, unknown>;
  const name = s.graph.getState().doc.meta.name;
  addRecent({ name, doc });
  if (s.client.transport === 'ipc') {
    try {
      const r = await s.client.call('scenario:save', { scenario: doc, ...(saveAs && { saveAs: true }) });
      if (r) s.ui.getState().notify(`Saved ${r.path}`);
    } catch (e) {
      s.ui.getState().notify(errorText(e), 'error');
    }
    return;
  }
  download(`${slug(name)}.json`, JSON.stringify(doc, null, 2) + '\n');
}

/** Import a RabbitMQ definitions document into the broker (all or nothing); the graph follows from the snapshot. */
export async function importDefinitions(s: AppStores, definitions: unknown, source: string): Promise<boolean> {
  const ui = s.ui.getState();
  if (typeof definitions !== 'object' || definitions === null || Array.isArray(definitions)) {
    ui.notify(`${source} is not a definitions document (expected a JSON object)`, 'error');
    return false;
  }
  try {
    const r = await s.client.call('definitions:import', { definitions: definitions as Record<string, unknown> });
    const warn = r.warnings.length > 0 ? ` (${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'}: ${r.warnings[0]!.path}: ${r.warnings[0]!.message})` : '';
    ui.notify(`Imported ${source}: ${r.applied} change${r.applied === 1 ? '' : 's'}${warn}`);
    return true;
  } catch (e) {
    ui.notify(`Import failed: ${errorText(e)}`, 'error');
    return false;
  }
}

/** Export the current vhost's definitions as RabbitMQ writes them. */
export async function exportDefinitions(s: AppStores): Promise<void> {
  try {
    const doc = await s.client.call('definitions:export', {});
    download('definitions.json', JSON.stringify(doc, null, 2) + '\n');
  } catch (e) {
    s.ui.getState().notify(`Export failed: ${errorText(e)}`, 'error');
  }
}
