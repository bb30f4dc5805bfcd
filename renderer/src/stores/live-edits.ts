import type { SimStatus } from '../../../engine/host/contract.ts';
import type { EngineClient } from '../client/engine-client.ts';
import { errorText } from '../client/engine-client.ts';
import { clientEdits, startingAt } from '../model/client-edits.ts';
import type { GraphDoc } from '../model/graph-doc.ts';

/** A run that is under way (started, not ended): graph edits to its clients go to it at once. */
export function runIsLive(sim: SimStatus): boolean {
  return sim.loaded && !sim.finished && sim.timeMs > 0;
}

export interface LiveEditDeps {
  client: EngineClient;
  sim: () => SimStatus;
  setSim: (s: SimStatus) => void;
  notify: (text: string) => void;
  /** Replace the drafts without an undo step (the clients a run added start when they were added). */
  amend: (fn: (d: GraphDoc) => GraphDoc) => void;
}

/**
 * Make a change to the graph's simulated clients take effect in the running
 * scenario (`sim:edit`, one edit at a time, in order). True when the run has
 * every change; false when there is no live run or the simulator refused one,
 * so the scenario reads as changed and Play starts it afresh.
 */
export async function sendClientEdits(deps: LiveEditDeps, before: GraphDoc, after: GraphDoc): Promise<boolean> {
  if (!runIsLive(deps.sim())) return false;
  const added = new Set<string>();
  let at = 0;
  for (const edit of clientEdits(before, after)) {
    try {
      const r = await deps.client.call('sim:edit', { edit });
      deps.setSim(r.status);
      for (const e of r.events) {
        at = e.at;
        if (e.action === 'addProducer') added.add(e.producer.id);
        if (e.action === 'addConsumer') added.add(e.consumer.id);
      }
    } catch (e) {
      deps.notify(`Not applied to the running simulation (it applies when the scenario runs again): ${errorText(e)}`);
      return false;
    }
  }
  if (added.size > 0) deps.amend((d) => ({ ...d, producers: startingAt(d.producers, added, at), consumers: startingAt(d.consumers, added, at) }));
  return true;
}
