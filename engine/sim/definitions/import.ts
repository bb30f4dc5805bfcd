import type { Command, QueueType } from '../../core/commands.ts';
import type { FieldTable } from '../../core/field-value.ts';
import { unmodelledKeys } from '../../core/policy.ts';
import { fromZodIssues } from '../scenario/issues.ts';
import type { ScenarioIssue } from '../scenario/issues.ts';
import type { PathedCommand } from '../scenario/topology-commands.ts';
import type { Definitions } from './definitions-schema.ts';
import { definitionsSchema } from './definitions-schema.ts';

/** Options for reading a definitions file. */
export interface DefinitionsReadOptions {
  /**
   * Import into this one vhost, as RabbitMQ's `POST /api/definitions/{vhost}`
   * does: only policies, queues, exchanges and bindings are taken, and their
   * `vhost` fields are ignored. Without it, a single-vhost file
   * (`GET /api/definitions/{vhost}`) goes to its `original_vhost_name`, else `/`.
   */
  vhost?: string;
}

/** A definitions file turned into broker commands, with what was left out and why. */
export interface DefinitionsPlan {
  format: 'cluster' | 'single_virtual_host';
  /** `rabbitmq_version`, else `rabbit_version` (as RabbitMQ reads it). */
  version: string | undefined;
  commands: PathedCommand[];
  /** Things skipped or ignored, each at its path. */
  warnings: ScenarioIssue[];
}

export type DefinitionsPlanResult = ({ ok: true } & DefinitionsPlan) | { ok: false; issues: ScenarioIssue[] };

/** A policy as a command; stream-only policies are skipped and keys the engine does not act on are named. */
function policyCommand(p: Definitions['policies'][number], vhost: string, path: string, warnings: ScenarioIssue[]): Command | undefined {
  if (p['apply-to'] === 'streams') return void warnings.push({ path: `${path}.apply-to`, message: 'stream queues are not supported by Brokerlab yet; skipped' });
  const unmodelled = unmodelledKeys(p.definition as FieldTable);
  if (unmodelled.length > 0) warnings.push({ path: `${path}.definition`, message: `${unmodelled.join(', ')} kept but not modelled` });
  const applyTo = p['apply-to'] as NonNullable<Extract<Command, { type: 'policy.set' }>['applyTo']>;
  return { type: 'policy.set', vhost, name: p.name, pattern: p.pattern, applyTo, priority: p.priority, definition: p.definition as FieldTable };
}

const EXCHANGE_TYPES = new Set(['direct', 'fanout', 'topic', 'headers']);

/** A vhost's default queue type, normalised: `"undefined"` (rabbitmq-server#10468) and unknown types mean classic. */
function defaultQueueType(v: Definitions['vhosts'][number], path: string, warnings: ScenarioIssue[]): QueueType | undefined {
  const raw = v.metadata?.default_queue_type ?? v.default_queue_type;
  if (raw === undefined || raw === 'undefined' || raw === '') return undefined;
  if (raw === 'classic' || raw === 'quorum') return raw;
  warnings.push({ path: `${path}.default_queue_type`, message: `'${raw}' is not supported by Brokerlab; classic is used` });
  return undefined;
}

/**
 * Turn a RabbitMQ definitions document into broker commands (rabbit_definitions
 * import order: users, vhosts, permissions, topic permissions, policies, exchanges, queues, bindings).
 * Names starting `amq.` and the default exchange are skipped, as RabbitMQ does;
 * what the engine does not model (parameters, limits, stream queues, policy keys,
 * plugin exchange types) is skipped with a warning.
 */
export function planDefinitions(input: unknown, opts: DefinitionsReadOptions = {}): DefinitionsPlanResult {
  const parsed = definitionsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: fromZodIssues(parsed.error.issues) };
  const d = parsed.data;
  const single =
    opts.vhost !== undefined ||
    d.rabbitmq_definition_format === 'single_virtual_host' ||
    (d.original_vhost_name !== undefined && d.vhosts.length === 0) ||
    looksSingleVhost(input);
  const target = opts.vhost ?? d.original_vhost_name ?? '/';
  const warnings: ScenarioIssue[] = [];
  const commands: PathedCommand[] = [];
  const add = (command: Command, path: string): void => void commands.push({ command, path });
  const vhostOf = (item: { vhost?: string | undefined }, path: string): string | undefined => {
    if (single) return target;
    if (item.vhost === undefined) warnings.push({ path, message: 'has no vhost; skipped (as RabbitMQ does)' });
    return item.vhost;
  };
  if (single) {
    // RabbitMQ's single-vhost import (rabbit_definitions apply_defs/4) reads only the vhost's own items.
    for (const section of ['users', 'vhosts', 'permissions', 'topic_permissions', 'global_parameters'] as const) {
      if (d[section].length > 0) warnings.push({ path: section, message: `${d[section].length} ignored: a single-vhost import takes only policies, parameters, queues, exchanges and bindings` });
    }
  }
  const cluster = <T,>(list: readonly T[]): T[] => (single ? [] : [...list]);
  cluster(d.users).forEach((u, i) => {
    const cmd: Command = { type: 'user.add', name: u.name, passwordHash: u.password_hash, tags: u.tags };
    if (u.hashing_algorithm !== undefined) cmd.hashingAlgorithm = u.hashing_algorithm;
    add(cmd, `users[${i}]`);
    if (u.limits && Object.keys(u.limits).length > 0) warnings.push({ path: `users[${i}].limits`, message: 'user limits are not modelled; ignored' });
  });
  if (single) add({ type: 'vhost.add', name: target }, 'original_vhost_name');
  cluster(d.vhosts).forEach((v, i) => {
    const path = `vhosts[${i}]`;
    const cmd: Command = { type: 'vhost.add', name: v.name };
    const dqt = defaultQueueType(v, path, warnings);
    if (dqt !== undefined) cmd.defaultQueueType = dqt;
    const description = v.metadata?.description ?? v.description;
    if (description !== undefined) cmd.description = description;
    const vtags = v.metadata?.tags ?? v.tags;
    if (vtags !== undefined) cmd.tags = vtags;
    add(cmd, path);
    if (v.limits && Object.keys(v.limits).length > 0) warnings.push({ path: `${path}.limits`, message: 'vhost limits are not modelled; ignored' });
  });
  cluster(d.permissions).forEach((p, i) => {
    add({ type: 'permission.set', user: p.user, vhost: p.vhost, configure: p.configure, write: p.write, read: p.read }, `permissions[${i}]`);
  });
  cluster(d.topic_permissions).forEach((p, i) => {
    const path = `topic_permissions[${i}]`;
    const vhost = vhostOf(p, path);
    if (vhost === undefined) return;
    add({ type: 'topic-permission.set', user: p.user, vhost, exchange: p.exchange, write: p.write, read: p.read }, path);
  });
  d.policies.forEach((p, i) => {
    const path = `policies[${i}]`;
    const vhost = vhostOf(p, path);
    if (vhost === undefined) return;
    const command = policyCommand(p, vhost, path, warnings);
    if (command) add(command, path);
  });
  for (const section of ['parameters', 'global_parameters'] as const) {
    if (d[section].length > 0 && !(single && section === 'global_parameters')) warnings.push({ path: section, message: `${d[section].length} not applied: Brokerlab does not model ${section.replace('_', ' ')} yet` });
  }
  const skippedExchanges = new Set<string>();
  const skippedQueues = new Set<string>();
  d.exchanges.forEach((x, i) => {
    const path = `exchanges[${i}]`;
    const vhost = vhostOf(x, path);
    if (vhost === undefined) return;
    if (x.name === '' || x.name.startsWith('amq.')) return void warnings.push({ path, message: `'${x.name}' is a predeclared name; skipped` });
    if (!EXCHANGE_TYPES.has(x.type)) {
      skippedExchanges.add(`${vhost}\u0000${x.name}`);
      return void warnings.push({ path: `${path}.type`, message: `exchange type '${x.type}' needs a plugin Brokerlab does not have; skipped with its bindings` });
    }
    const args = x.arguments as FieldTable;
    add({ type: 'exchange.declare', vhost, name: x.name, exchangeType: x.type, durable: x.durable, autoDelete: x.auto_delete, internal: x.internal, arguments: args }, path);
  });
  d.queues.forEach((q, i) => {
    const path = `queues[${i}]`;
    const vhost = vhostOf(q, path);
    if (vhost === undefined) return;
    if (q.name.startsWith('amq.')) return void warnings.push({ path, message: `'${q.name}' is a reserved name; skipped` });
    const argType = q.arguments['x-queue-type'];
    if (argType === 'stream' || (argType === undefined && q.type === 'stream')) {
      skippedQueues.add(`${vhost}\u0000${q.name}`);
      return void warnings.push({ path, message: 'stream queues are not supported by Brokerlab yet; skipped with their bindings' });
    }
    // RabbitMQ reads the type from x-queue-type (else the vhost default), never from `type`.
    if (q.type !== undefined && argType === undefined && q.type !== 'classic') {
      warnings.push({ path: `${path}.type`, message: `'${q.type}' is ignored without arguments.x-queue-type, as RabbitMQ does; the vhost default applies` });
    }
    add({ type: 'queue.declare', vhost, name: q.name, durable: q.durable, exclusive: false, autoDelete: q.auto_delete, arguments: q.arguments as FieldTable }, path);
  });
  d.bindings.forEach((b, i) => {
    const path = `bindings[${i}]`;
    const vhost = vhostOf(b, path);
    if (vhost === undefined) return;
    if (b.source === '') return void warnings.push({ path, message: 'bindings of the default exchange are implicit; skipped' });
    const gone = (name: string, set: Set<string>): boolean => set.has(`${vhost}\u0000${name}`);
    const destSkipped = b.destination_type === 'queue' ? gone(b.destination, skippedQueues) : gone(b.destination, skippedExchanges);
    if (gone(b.source, skippedExchanges) || destSkipped) return void warnings.push({ path, message: 'its source or destination was skipped; skipped' });
    add(
      { type: 'binding.add', vhost, source: b.source, destination: b.destination, destinationType: b.destination_type, routingKey: b.routing_key, arguments: b.arguments as FieldTable },
      path,
    );
  });
  return { ok: true, format: single ? 'single_virtual_host' : 'cluster', version: d.rabbitmq_version ?? d.rabbit_version, commands, warnings };
}

/**
 * A 3.x single-vhost export (`GET /api/definitions/{vhost}` before 4.0) has no
 * format key: it is recognised by having no users or vhosts and no queue,
 * exchange or binding naming its vhost (3.10 leaves `vhost` on its policies).
 */
function looksSingleVhost(input: unknown): boolean {
  if (typeof input !== 'object' || input === null || 'users' in input || 'vhosts' in input) return false;
  const doc = input as Record<string, unknown>;
  const items = ['queues', 'exchanges', 'bindings'].flatMap((k) => (Array.isArray(doc[k]) ? (doc[k] as unknown[]) : []));
  return items.length > 0 && items.every((i) => typeof i === 'object' && i !== null && !('vhost' in i));
}
