import type { JsonCommand } from '../../../engine/host/command-schema.ts';
import type { EngineClient } from '../client/engine-client.ts';
import { errorText } from '../client/engine-client.ts';
import { commandElement } from '../model/dry-run.ts';
import { applyToModel } from '../model/plan-commands.ts';
import type { TopologyModel } from '../model/topology-model.ts';

/** What running a list of commands did. */
export interface SyncOutcome {
  /** The engine's topology after the commands that succeeded. */
  engine: TopologyModel;
  /** RabbitMQ's error text per element id, for the commands refused. */
  errors: Map<string, string>;
  /** Element ids whose commands succeeded (their old errors are cleared). */
  succeeded: Set<string>;
  applied: JsonCommand[];
  failed: { command: JsonCommand; error: string }[];
}

/**
 * Send commands to the host in order (each waits for the previous: a binding
 * needs its queue). A refused command does not stop the rest; its error is
 * kept against the element it was about.
 */
export async function runCommands(client: EngineClient, engine: TopologyModel, commands: readonly JsonCommand[]): Promise<SyncOutcome> {
  const out: SyncOutcome = { engine, errors: new Map(), succeeded: new Set(), applied: [], failed: [] };
  for (const c of commands) {
    const id = commandElement(c);
    try {
      await client.call('topology:apply', c);
      out.engine = applyToModel(out.engine, c);
      out.applied.push(c);
      if (id !== undefined) out.succeeded.add(id);
    } catch (e) {
      const text = errorText(e);
      out.failed.push({ command: c, error: text });
      if (id !== undefined && !out.errors.has(id)) out.errors.set(id, text);
    }
  }
  return out;
}
