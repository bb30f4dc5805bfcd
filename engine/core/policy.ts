import type { Command } from './commands.ts';
import { preconditionFailed } from './errors.ts';
import type { FieldTable, FieldValue } from './field-value.ts';

/** What a policy applies to (docs/policies.md; streams are not modelled). */
export const POLICY_APPLY_TO = ['queues', 'exchanges', 'all', 'classic_queues', 'quorum_queues'] as const;
export type PolicyApplyTo = (typeof POLICY_APPLY_TO)[number];

/** A vhost-scoped user policy: the highest-priority match applies to a queue or exchange. */
export interface Policy {
  readonly vhost: string;
  readonly name: string;
  readonly pattern: string;
  readonly regex: RegExp;
  readonly applyTo: PolicyApplyTo;
  readonly priority: number;
  readonly definition: FieldTable;
}

type PolicySet = Extract<Command, { type: 'policy.set' }>;

type Check = (v: FieldValue) => boolean;

/** The kind of value a modelled policy key takes: an integer, a name, or one of the overflow behaviours. */
export type PolicyValueKind = 'number' | 'string' | 'overflow';
const nonNegInt: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const posInt: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v > 0;
const str: Check = (v) => typeof v === 'string';

/**
 * The policy keys the engine models, with rabbit_policies:validate_policy0's
 * value check and error text, and the queue argument each one drives.
 */
const KNOWN_KEYS: Record<string, { check: Check; text: string; arg: string; target: 'queue' | 'exchange'; value: PolicyValueKind }> = {
  'message-ttl': { check: nonNegInt, text: 'is not a valid message TTL', arg: 'x-message-ttl', target: 'queue', value: 'number' },
  expires: { check: posInt, text: 'is not a valid queue expiry', arg: 'x-expires', target: 'queue', value: 'number' },
  'max-length': { check: nonNegInt, text: 'is not a valid maximum length', arg: 'x-max-length', target: 'queue', value: 'number' },
  'max-length-bytes': { check: nonNegInt, text: 'is not a valid maximum length in bytes', arg: 'x-max-length-bytes', target: 'queue', value: 'number' },
  overflow: {
    check: (v) => v === 'drop-head' || v === 'reject-publish' || v === 'reject-publish-dlx',
    text: 'is not a valid overflow value',
    arg: 'x-overflow',
    target: 'queue',
    value: 'overflow',
  },
  'dead-letter-exchange': { check: str, text: 'is not a valid dead letter exchange name', arg: 'x-dead-letter-exchange', target: 'queue', value: 'string' },
  'dead-letter-routing-key': { check: str, text: 'is not a valid dead letter routing key', arg: 'x-dead-letter-routing-key', target: 'queue', value: 'string' },
  'delivery-limit': { check: (v) => typeof v === 'number' && Number.isInteger(v), text: 'is not a valid delivery limit', arg: 'x-delivery-limit', target: 'queue', value: 'number' },
  'consumer-timeout': { check: posInt, text: 'is not a valid consumer timeout', arg: 'x-consumer-timeout', target: 'queue', value: 'number' },
  'alternate-exchange': { check: str, text: 'is not a valid alternate exchange name', arg: 'alternate-exchange', target: 'exchange', value: 'string' },
};

/** Queue-only arguments RabbitMQ refuses in a policy definition (declare-time only). */
const ARGUMENT_ONLY = new Set(['max-priority', 'single-active-consumer', 'queue-type', 'x-max-priority']);

/**
 * Numeric limits where, with both an argument and a policy, the lower wins
 * (rabbit_amqqueue_process's res_min; quorum queues do the same since 3.13).
 * For every other key the queue's argument wins over the policy.
 */
const MIN_WINS = new Set(['x-message-ttl', 'x-expires', 'x-max-length', 'x-max-length-bytes', 'x-delivery-limit']);

/** A policy key the engine models: what it drives and whether the lower of argument and policy wins. */
export interface PolicyKeyInfo {
  readonly key: string;
  /** The queue argument it stands for (`x-max-length`), or `alternate-exchange` for exchanges. */
  readonly arg: string;
  readonly target: 'queue' | 'exchange';
  readonly value: PolicyValueKind;
  readonly minWins: boolean;
}

/** Every policy key the engine acts on, in RabbitMQ's documentation order (for forms and inspectors). */
export const POLICY_KEYS: readonly PolicyKeyInfo[] = Object.entries(KNOWN_KEYS).map(([key, k]) => ({ key, arg: k.arg, target: k.target, value: k.value, minWins: MIN_WINS.has(k.arg) }));

/** Definition keys the engine accepts and keeps but does not act on. */
export function unmodelledKeys(definition: FieldTable): string[] {
  return Object.keys(definition).filter((k) => KNOWN_KEYS[k] === undefined);
}

function show(v: FieldValue | undefined): string {
  return typeof v === 'string' ? `<<"${v}">>` : JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x));
}

/**
 * Validate a `policy.set` command into a policy, or throw 406 with the texts
 * `rabbitmqctl set_policy` prints (checked against RabbitMQ 3.10.8). Unlike
 * RabbitMQ, keys it does not know (plugin settings such as `ha-mode` or
 * `federation-upstream-set`) are kept rather than refused: see `unmodelledKeys`.
 */
export function validatePolicy(cmd: PolicySet): Policy {
  if (cmd.name === '') throw preconditionFailed('policy name must not be empty');
  let regex: RegExp;
  try {
    regex = new RegExp(cmd.pattern);
  } catch (e) {
    throw preconditionFailed(`pattern should be regular expression but is invalid: ${(e as Error).message}`);
  }
  const applyTo = cmd.applyTo ?? 'all';
  if (!(POLICY_APPLY_TO as readonly string[]).includes(applyTo)) {
    throw preconditionFailed(`apply-to '${applyTo}' unrecognised; should be 'queues', 'exchanges', 'all', 'classic_queues' or 'quorum_queues'`);
  }
  const priority = cmd.priority ?? 0;
  if (!Number.isInteger(priority)) throw preconditionFailed(`priority ${show(priority)} must be an integer`);
  const keys = Object.keys(cmd.definition);
  if (keys.length === 0) throw preconditionFailed('no policy provided');
  const refused = keys.filter((k) => ARGUMENT_ONLY.has(k));
  if (refused.length > 0) throw preconditionFailed(`[${refused.map((k) => `{${show(k)},${show(cmd.definition[k])}}`).join(',')}] are not recognised policy settings`);
  for (const k of keys) {
    const known = KNOWN_KEYS[k];
    const v = cmd.definition[k];
    if (known && v !== undefined && !known.check(v)) throw preconditionFailed(`${show(v)} ${known.text}`);
  }
  return { vhost: cmd.vhost, name: cmd.name, pattern: cmd.pattern, regex, applyTo, priority, definition: { ...cmd.definition } };
}

/** Does `p` apply to a queue (of `queueType`) or an exchange called `name`? */
export function policyApplies(p: Policy, kind: 'queue' | 'exchange', name: string, queueType?: string): boolean {
  if (kind === 'exchange' ? p.applyTo !== 'exchanges' && p.applyTo !== 'all' : p.applyTo === 'exchanges') return false;
  if (p.applyTo === 'classic_queues' && queueType !== 'classic') return false;
  if (p.applyTo === 'quorum_queues' && queueType !== 'quorum') return false;
  return p.regex.test(name);
}

/**
 * The one policy in effect for a resource: the highest priority among those
 * that match (rabbit_policy:match). Ties go to the lowest name, so the choice
 * is deterministic (RabbitMQ leaves it unspecified).
 */
export function matchPolicy(policies: Iterable<Policy>, kind: 'queue' | 'exchange', name: string, queueType?: string): Policy | undefined {
  let best: Policy | undefined;
  for (const p of policies) {
    if (!policyApplies(p, kind, name, queueType)) continue;
    if (!best || p.priority > best.priority || (p.priority === best.priority && p.name < best.name)) best = p;
  }
  return best;
}

/**
 * A queue's effective arguments: its declared `x-` arguments with the
 * policy's keys merged in (argument wins, except the numeric limits where
 * the lower value wins). Keys that do not fit the queue type are ignored.
 */
export function effectiveQueueArguments(args: FieldTable, policy: Policy | undefined, queueType: string): FieldTable {
  const out: FieldTable = { ...args, 'x-queue-type': queueType };
  if (!policy) return out;
  for (const [k, v] of Object.entries(policy.definition)) {
    const known = KNOWN_KEYS[k];
    if (!known || known.target !== 'queue' || v === undefined) continue;
    if (known.arg === 'x-delivery-limit' && queueType !== 'quorum') continue;
    const cur = args[known.arg];
    if (cur === undefined) out[known.arg] = v;
    else if (MIN_WINS.has(known.arg) && typeof cur === 'number' && typeof v === 'number') out[known.arg] = lower(known.arg, cur, v);
  }
  // A routing key alone (from a policy, with no exchange anywhere) has nothing to act on.
  if (out['x-dead-letter-exchange'] === undefined) delete out['x-dead-letter-routing-key'];
  return out;
}

/** The lower of two limits; a delivery limit below zero means unlimited, so it never wins. */
function lower(arg: string, a: number, b: number): number {
  if (arg === 'x-delivery-limit') {
    if (a < 0) return b;
    if (b < 0) return a;
  }
  return Math.min(a, b);
}

/** The alternate exchange a policy gives an exchange, when it has none as an argument. */
export function policyAlternateExchange(policy: Policy | undefined): string | undefined {
  const ae = policy?.definition['alternate-exchange'];
  return typeof ae === 'string' ? ae : undefined;
}
