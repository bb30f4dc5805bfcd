import { parseQueueArguments } from './arguments.ts';
import type { QueueSettings } from './arguments.ts';
import type { Broker } from './broker.ts';
import type { Command, CommandContext, CommandResult } from './commands.ts';
import { AmqpError, vh } from './errors.ts';
import type { Exchange } from './exchange.ts';
import type { Queue } from './queue.ts';
import { effectiveQueueArguments, matchPolicy, policyAlternateExchange, validatePolicy } from './policy.ts';
import type { VirtualHost } from './vhost.ts';

type PolicyCommand = Extract<Command, { type: 'policy.set' | 'policy.clear' }>;

/** The settings a policy can drive (the rest come from declare-time arguments only). */
const POLICY_SETTINGS: readonly (keyof QueueSettings)[] = [
  'messageTtl',
  'expires',
  'maxLength',
  'maxLengthBytes',
  'overflow',
  'deadLetterExchange',
  'deadLetterRoutingKey',
  'deliveryLimit',
  'consumerTimeout',
];

/** policy.set / policy.clear: change the vhost's policies, then re-apply them to every queue and exchange. */
export function executePolicyCommand(b: Broker, v: VirtualHost, cmd: PolicyCommand, ctx: CommandContext): CommandResult {
  if (cmd.type === 'policy.set') {
    v.policies.set(cmd.name, validatePolicy(cmd));
  } else if (!v.policies.delete(cmd.name)) {
    throw new AmqpError(404, `Parameter does not exist: no policy '${cmd.name}' in ${vh(v.name)}`);
  }
  applyPoliciesToVhost(v);
  b.topologyChanged(cmd, 'command', ctx);
  return { type: 'ok' };
}

/** Re-apply the vhost's policies to all its queues and exchanges. */
export function applyPoliciesToVhost(v: VirtualHost): void {
  for (const q of v.queues.values()) applyPolicyToQueue(v, q);
  for (const x of v.exchanges.values()) applyPolicyToExchange(v, x);
}

/**
 * Set a queue's effective settings from its arguments and the policy that
 * matches it, in place. A lower length limit trims at once and a new expiry
 * restarts the idle timer, as RabbitMQ does when a policy changes.
 */
export function applyPolicyToQueue(v: VirtualHost, q: Queue): void {
  const p = matchPolicy(v.policies.values(), 'queue', q.name, q.type);
  if (p === undefined && q.policy === undefined) return;
  q.policy = p?.name;
  let parsed: QueueSettings;
  try {
    parsed = parseQueueArguments(q.name, v.name, effectiveQueueArguments(q.args, p, q.type), q.type);
  } catch (e) {
    // Policy values were validated on their own; a mix the parser refuses falls back to the arguments.
    if (!(e instanceof AmqpError)) throw e;
    parsed = parseQueueArguments(q.name, v.name, effectiveQueueArguments(q.args, undefined, q.type), q.type);
  }
  setLiveQueueSettings(q, parsed, POLICY_SETTINGS, 'changed');
}

/**
 * Copy `keys` of freshly parsed settings into a live queue's settings (absent
 * ones removed), restart its idle-expiry timer when `expires` is among them
 * (`'changed'`: only if its value changed), and run its dispatch and drop-head
 * pass with the new limits. Shared by policies and the simulator's live
 * argument change.
 */
export function setLiveQueueSettings(q: Queue, parsed: QueueSettings, keys: readonly (keyof QueueSettings)[], touch: 'changed' | 'always'): void {
  const settings = q.settings as unknown as Record<string, unknown>;
  const before = settings['expires'];
  for (const key of keys) {
    if (parsed[key] === undefined) delete settings[key];
    else settings[key] = parsed[key];
  }
  if (keys.includes('expires') && (touch === 'always' || settings['expires'] !== before)) q.touch();
  // An empty requeue runs the queue's dispatch and drop-head pass with the new limits.
  q.requeue([]);
}

/** Set an exchange's policy and the alternate exchange it gives. */
export function applyPolicyToExchange(v: VirtualHost, x: Exchange): void {
  const p = x.isDefault ? undefined : matchPolicy(v.policies.values(), 'exchange', x.name);
  x.policy = p?.name;
  x.policyAlternateExchange = policyAlternateExchange(p);
}
