import type { Broker } from './broker.ts';
import { INTERNAL_USER } from './broker.ts';
import type { Command, CommandContext, CommandResult } from './commands.ts';
import { AmqpError, accessRefused, preconditionFailed, vh } from './errors.ts';
import type { Exchange } from './exchange.ts';
import type { TopicPermissionKind } from './topic-permissions.ts';

/**
 * rabbit_channel check_topic_authorisation: only topic exchanges are checked;
 * basic.publish checks the routing key against `write`, queue.bind/unbind and
 * exchange.bind/unbind (the source) check the binding key against `read`.
 * Refusal text observed on RabbitMQ 3.10.8:
 * "access to topic 'x.y' in exchange 'tx1' in vhost '/' refused for user 'guest'".
 */
export function checkTopicAccess(b: Broker, user: string, vhost: string, x: Exchange, kind: TopicPermissionKind, routingKey: string): void {
  if (user === INTERNAL_USER || x.type !== 'topic' || b.topicPermissions.size === 0) return;
  if (!b.topicPermissions.allows(user, vhost, x.name, kind, routingKey)) {
    throw accessRefused(`access to topic '${routingKey}' in exchange '${x.name}' in ${vh(vhost)} refused for user '${user}'`);
  }
}

type TopicPermissionCommand = Extract<Command, { type: 'topic-permission.set' | 'topic-permission.clear' }>;

/**
 * set_topic_permissions / clear_topic_permissions. Texts observed on 3.10.8:
 * "User nouser does not exist", "Virtual host novh does not exist", and for a
 * bad expression "regular expression '(' is invalid".
 */
export function executeTopicPermissionCommand(b: Broker, cmd: TopicPermissionCommand, ctx: CommandContext): CommandResult {
  if (cmd.type === 'topic-permission.clear') {
    if (b.topicPermissions.clear(cmd.user, cmd.vhost, cmd.exchange)) b.topologyChanged(cmd, 'command', ctx);
    return { type: 'ok' };
  }
  if (!b.users.has(cmd.user)) throw new AmqpError(404, `User ${cmd.user} does not exist`);
  if (!b.vhosts.has(cmd.vhost)) throw new AmqpError(404, `Virtual host ${cmd.vhost} does not exist`);
  try {
    b.topicPermissions.set({ user: cmd.user, vhost: cmd.vhost, exchange: cmd.exchange, write: cmd.write, read: cmd.read });
  } catch (e) {
    throw preconditionFailed((e as Error).message);
  }
  b.topologyChanged(cmd, 'command', ctx);
  return { type: 'ok' };
}
