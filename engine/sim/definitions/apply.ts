import { Broker } from '../../core/broker.ts';
import { VirtualScheduler } from '../../core/clock.ts';
import type { ScenarioIssue } from '../scenario/issues.ts';
import { ScenarioError } from '../scenario/issues.ts';
import type { PathedCommand } from '../scenario/topology-commands.ts';
import { applyCommands } from '../scenario/topology-commands.ts';
import { exportDefinitions } from './export.ts';
import type { DefinitionsReadOptions } from './import.ts';
import { planDefinitions } from './import.ts';

/** What an import did. */
export interface DefinitionsImportReport {
  format: 'cluster' | 'single_virtual_host';
  version: string | undefined;
  /** Commands applied. */
  applied: number;
  /** Skipped, ignored or left untouched, each at its path in the file. */
  warnings: ScenarioIssue[];
}

/** True when the command would redeclare something the broker already has (left untouched, as RabbitMQ does). */
function exists(broker: Broker, pc: PathedCommand): boolean {
  const c = pc.command;
  if (c.type === 'queue.declare') return broker.vhost(c.vhost)?.queues.has(c.name) ?? false;
  if (c.type === 'exchange.declare') return broker.vhost(c.vhost)?.exchanges.has(c.name) ?? false;
  return false;
}

/**
 * True (with a warning) when a binding's source or destination does not exist
 * once the file's exchanges and queues are declared. RabbitMQ skips such
 * bindings without failing the import; its own exports have them, since they
 * leave internal exchanges out but keep the bindings to and from them.
 */
function skipDangling(scratch: Broker, pc: PathedCommand, warnings: ScenarioIssue[]): boolean {
  const c = pc.command;
  if (c.type !== 'binding.add') return false;
  const v = scratch.vhost(c.vhost);
  const missing = [];
  if (!v?.exchanges.has(c.source)) missing.push(`source exchange '${c.source}'`);
  if (!(c.destinationType === 'queue' ? v?.queues.has(c.destination) : v?.exchanges.has(c.destination))) missing.push(`destination ${c.destinationType} '${c.destination}'`);
  if (missing.length === 0) return false;
  warnings.push({ path: pc.path, message: `${missing.join(' and ')} does not exist; skipped, as RabbitMQ does` });
  return true;
}

/**
 * Import a definitions file into a live broker, all or nothing: the file is
 * validated, then tried on a scratch copy of the broker's topology; only if
 * every command succeeds there is it applied for real. Existing queues and
 * exchanges are left untouched ("will not overwrite anything already in the
 * broker", docs/definitions.md). Throws `ScenarioError` naming each problem.
 */
export function importDefinitions(broker: Broker, input: unknown, opts: DefinitionsReadOptions = {}): DefinitionsImportReport {
  const plan = planDefinitions(input, opts);
  if (!plan.ok) throw new ScenarioError(plan.issues);
  const warnings = [...plan.warnings];
  let todo = plan.commands.filter((pc) => {
    if (!exists(broker, pc)) return true;
    warnings.push({ path: pc.path, message: 'already exists; left untouched' });
    return false;
  });
  const scratch = new Broker({ scheduler: new VirtualScheduler(0), defaultUser: false });
  // The 3.13 HTTP shape lists internal exchanges too, so the copy has them.
  const current = planDefinitions(exportDefinitions(broker, { flavour: 'http', rabbitmqVersion: '3.13.0' }));
  if (current.ok) applyCommands(scratch, current.commands);
  const issues = applyCommands(scratch, todo.filter((pc) => pc.command.type !== 'binding.add'));
  if (issues.length > 0) throw new ScenarioError(issues);
  // Bindings last, once every exchange and queue is there: one whose end is missing is skipped.
  const bindings = todo.filter((pc) => pc.command.type === 'binding.add' && !skipDangling(scratch, pc, warnings));
  const bindingIssues = applyCommands(scratch, bindings);
  if (bindingIssues.length > 0) throw new ScenarioError(bindingIssues);
  const kept = new Set(bindings);
  todo = todo.filter((pc) => pc.command.type !== 'binding.add' || kept.has(pc));
  const failed = applyCommands(broker, todo);
  if (failed.length > 0) throw new ScenarioError(failed);
  return { format: plan.format, version: plan.version, applied: todo.length, warnings };
}
