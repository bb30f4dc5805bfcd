import type { Command } from '../../../engine/core/commands.ts';
import type { FieldTable } from '../../../engine/core/field-value.ts';
import type { Policy, PolicyApplyTo } from '../../../engine/core/policy.ts';
import { POLICY_KEYS, effectiveQueueArguments, matchPolicy, validatePolicy } from '../../../engine/core/policy.ts';
import type { JsonCommand } from '../../../engine/host/command-schema.ts';
import type { JsonFieldTable, JsonFieldValue } from '../../../engine/host/field-json.ts';
import type { QueueModel, TopologyModel } from './topology-model.ts';
import { stableJson } from './topology-model.ts';

/** A vhost's user policy as the studio edits it (RabbitMQ's Admin → Policies). */
export interface PolicyModel {
  name: string;
  pattern: string;
  applyTo: PolicyApplyTo;
  priority: number;
  /** RabbitMQ's keys without the `x-` prefix: `{"max-length": 2}`. */
  definition: JsonFieldTable;
}

/** The element id a policy's errors are kept under (no graph node has it). */
export const policyId = (vhost: string, name: string): string => `policy:${encodeURIComponent(vhost)}/${encodeURIComponent(name)}`;

export const samePolicy = (a: PolicyModel, b: PolicyModel): boolean =>
  a.pattern === b.pattern && a.applyTo === b.applyTo && a.priority === b.priority && stableJson(a.definition) === stableJson(b.definition);

export function newPolicy(name: string): PolicyModel {
  return { name, pattern: '', applyTo: 'queues', priority: 0, definition: {} };
}

/** `policy.set` for a policy, every field given (a redefinition replaces the whole policy, as in RabbitMQ). */
export function policySetCommand(vhost: string, p: PolicyModel): JsonCommand {
  return { type: 'policy.set', vhost, name: p.name, pattern: p.pattern, applyTo: p.applyTo, priority: p.priority, definition: p.definition };
}

/** The engine's own policy object for a model (undefined when the engine would refuse it). */
export function enginePolicy(vhost: string, p: PolicyModel): Policy | undefined {
  try {
    return validatePolicy(policySetCommand(vhost, p) as Extract<Command, { type: 'policy.set' }>);
  } catch {
    return undefined;
  }
}

const queueType = (q: QueueModel): 'classic' | 'quorum' => (q.arguments['x-queue-type'] === 'quorum' ? 'quorum' : 'classic');

/**
 * The model with each queue's and exchange's `policy` set to the one the
 * engine's rule picks (engine/core/policy.ts `matchPolicy`): used after a
 * command, so the graph shows the effect before the next snapshot confirms it.
 */
export function withEffectivePolicies(m: TopologyModel): TopologyModel {
  const policies = m.policies.map((p) => enginePolicy(m.vhost, p)).filter((p) => p !== undefined);
  const set = <T extends { policy?: string }>(x: T, name: string | undefined): T => {
    if (x.policy === name) return x;
    const { policy: _old, ...rest } = x;
    return (name === undefined ? rest : { ...rest, policy: name }) as T;
  };
  return {
    ...m,
    queues: m.queues.map((q) => set(q, matchPolicy(policies, 'queue', q.name, queueType(q))?.name)),
    exchanges: m.exchanges.map((x) => set(x, x.name === '' ? undefined : matchPolicy(policies, 'exchange', x.name)?.name)),
  };
}

/** The queues and exchanges a policy is in effect on (the engine's choice, as the model carries it). */
export function policyTargets(m: TopologyModel, name: string): { queues: string[]; exchanges: string[] } {
  return { queues: m.queues.filter((q) => q.policy === name).map((q) => q.name), exchanges: m.exchanges.filter((x) => x.policy === name).map((x) => x.name) };
}

/** Where a queue's effective setting comes from. */
export type SettingSource = 'argument' | 'policy' | 'argument (lower)' | 'policy (lower)';

export interface SettingRow {
  /** The policy key (`max-length`) and the argument it stands for (`x-max-length`). */
  key: string;
  arg: string;
  argument: JsonFieldValue | undefined;
  policy: JsonFieldValue | undefined;
  effective: JsonFieldValue | undefined;
  source: SettingSource | 'unused';
}

/**
 * Each policy-controllable setting of a queue that its arguments or its
 * policy set, with the value in effect by the engine's rule
 * (`effectiveQueueArguments`: an argument beats the policy, except the
 * numeric limits where the lower wins) and where it comes from.
 */
export function queueSettingSources(vhost: string, q: QueueModel, p: PolicyModel | undefined): SettingRow[] {
  const policy = p ? enginePolicy(vhost, p) : undefined;
  const type = queueType(q);
  const effective = effectiveQueueArguments(q.arguments as FieldTable, policy, type) as JsonFieldTable;
  const rows: SettingRow[] = [];
  for (const k of POLICY_KEYS) {
    if (k.target !== 'queue') continue;
    const argument = q.arguments[k.arg];
    const fromPolicy = p?.definition[k.key];
    if (argument === undefined && fromPolicy === undefined) continue;
    const eff = effective[k.arg];
    let source: SettingRow['source'];
    if (eff === undefined) source = 'unused';
    else if (argument === undefined) source = 'policy';
    else if (fromPolicy === undefined || !k.minWins) source = 'argument';
    else source = stableJson(eff) === stableJson(argument) ? 'argument (lower)' : 'policy (lower)';
    rows.push({ key: k.key, arg: k.arg, argument, policy: fromPolicy, effective: eff, source });
  }
  return rows;
}

/** A dead-letter or alternate-exchange link as the broker follows it, and whether a policy supplied it. */
export interface EffectiveLink {
  exchange: string;
  routingKey: string;
  viaPolicy: boolean;
}

/**
 * Where each queue dead-letters and where each exchange sends what no
 * binding matched, from its own arguments and its policy together by the
 * engine's rules (an argument wins): what the graph draws as links.
 */
export function effectiveLinks(m: TopologyModel): { deadLetter: Map<string, EffectiveLink>; alternate: Map<string, EffectiveLink>; queueArgs: Map<string, JsonFieldTable> } {
  const policies = new Map(m.policies.map((p) => [p.name, p]));
  const engine = new Map<string, Policy | undefined>();
  const policyOf = (name: string | undefined): Policy | undefined => {
    if (name === undefined || !policies.has(name)) return undefined;
    if (!engine.has(name)) engine.set(name, enginePolicy(m.vhost, policies.get(name)!));
    return engine.get(name);
  };
  const deadLetter = new Map<string, EffectiveLink>();
  /** Each queue's arguments in effect, its policy's included. */
  const queueArgs = new Map<string, JsonFieldTable>();
  for (const q of m.queues) {
    const own = q.arguments['x-dead-letter-exchange'];
    const p = policyOf(q.policy);
    const eff = p ? (effectiveQueueArguments(q.arguments as FieldTable, p, queueType(q)) as JsonFieldTable) : q.arguments;
    queueArgs.set(q.name, eff);
    const dlx = eff['x-dead-letter-exchange'];
    const rk = eff['x-dead-letter-routing-key'];
    if (typeof dlx === 'string') deadLetter.set(q.name, { exchange: dlx, routingKey: typeof rk === 'string' ? rk : '', viaPolicy: typeof own !== 'string' });
  }
  const alternate = new Map<string, EffectiveLink>();
  for (const x of m.exchanges) {
    const own = x.arguments['alternate-exchange'];
    const fromPolicy = typeof own === 'string' ? undefined : policyOf(x.policy)?.definition['alternate-exchange'];
    if (typeof own === 'string') alternate.set(x.name, { exchange: own, routingKey: '', viaPolicy: false });
    else if (typeof fromPolicy === 'string') alternate.set(x.name, { exchange: fromPolicy, routingKey: '', viaPolicy: true });
  }
  return { deadLetter, alternate, queueArgs };
}
