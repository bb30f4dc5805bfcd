import { Broker } from '../../../engine/core/broker.ts';
import { VirtualScheduler } from '../../../engine/core/clock.ts';
import type { Command } from '../../../engine/core/commands.ts';
import { AmqpError } from '../../../engine/core/errors.ts';
import type { JsonCommand } from '../../../engine/host/command-schema.ts';
import { planCommands } from './plan-commands.ts';
import type { TopologyModel } from './topology-model.ts';
import { bindingKey, emptyModel, exchangeId, queueId } from './topology-model.ts';
import { policyId } from './policy-model.ts';
import { userId } from './user-model.ts';

/** The graph element a command is about: where its error is shown. */
export function commandElement(c: JsonCommand): string | undefined {
  switch (c.type) {
    case 'exchange.declare':
    case 'exchange.delete':
      return exchangeId(c.vhost, c.name);
    case 'queue.declare':
    case 'queue.delete':
    case 'queue.purge':
      return queueId(c.vhost, c.name);
    case 'binding.add':
    case 'binding.remove':
      return bindingKey(c);
    case 'policy.set':
    case 'policy.clear':
      return policyId(c.vhost, c.name);
    case 'user.add':
    case 'user.delete':
      return userId(c.name);
    case 'permission.set':
    case 'permission.clear':
    case 'topic-permission.set':
    case 'topic-permission.clear':
      return userId(c.user);
    default:
      return undefined;
  }
}

/** A scratch broker holding `model` (and the vhosts `vhosts` name): the engine's own rules, with nothing real touched. */
function scratch(model: TopologyModel, vhosts: Iterable<string>): Broker {
  const b = new Broker({ scheduler: new VirtualScheduler(0), defaultUser: false });
  for (const v of [model.vhost, ...vhosts]) if (v !== '' && !b.vhosts.has(v)) b.execute({ type: 'vhost.add', name: v });
  for (const c of planCommands(emptyModel(model.vhost), model)) {
    try {
      b.execute(c as Command);
    } catch {
      // The model came from the engine; anything it refuses here is not this edit's problem.
    }
  }
  return b;
}

/**
 * Check an edit before it is sent: apply the commands that turn `from` into
 * `to` on a scratch broker and collect RabbitMQ's refusals by element id
 * (`PRECONDITION_FAILED - invalid arg 'x-max-length' for queue 'q' in vhost
 * '/': {value_negative,-1}`). Empty when the engine would accept it all.
 * `vhosts` are the broker's other vhosts, which users' permissions may name.
 */
export function dryRun(from: TopologyModel, to: TopologyModel, vhosts: Iterable<string> = []): Map<string, string> {
  const b = scratch(from, vhosts);
  const errors = new Map<string, string>();
  for (const c of planCommands(from, to)) {
    try {
      b.execute(c as Command);
    } catch (e) {
      const id = commandElement(c);
      const text = e instanceof AmqpError ? e.replyText : e instanceof Error ? e.message : String(e);
      if (id !== undefined && !errors.has(id)) errors.set(id, text);
    }
  }
  return errors;
}
