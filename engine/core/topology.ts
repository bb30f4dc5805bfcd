import { makeBinding } from './binding.ts';
import type { Broker } from './broker.ts';
import type { Command, CommandContext, CommandResult } from './commands.ts';
import { assertExclusiveAccess, declareExchange, declareQueue } from './declare.ts';
import { AmqpError, accessRefused, notAllowed, notFound, preconditionFailed, vh } from './errors.ts';
import type { BoundBinding, Exchange } from './exchange.ts';
import { executePolicyCommand } from './policy-apply.ts';
import type { Queue } from './queue.ts';
import { checkTopicAccess, executeTopicPermissionCommand } from './topic-authorisation.ts';
import type { VirtualHost } from './vhost.ts';

const OK: CommandResult = { type: 'ok' };

/** Apply one topology command to the broker (the single entry point behind `Broker.execute`). */
export function executeCommand(b: Broker, cmd: Command, ctx: CommandContext): CommandResult {
  switch (cmd.type) {
    case 'vhost.add': {
      if (cmd.name === '') throw preconditionFailed('vhost name must not be empty');
      const existing = b.vhosts.get(cmd.name);
      const v = existing ?? b.createVhost(cmd.name, cmd.defaultQueueType ?? 'classic');
      if (cmd.defaultQueueType) v.defaultQueueType = cmd.defaultQueueType;
      if (cmd.description !== undefined) v.description = cmd.description;
      if (cmd.tags) v.tags = [...cmd.tags];
      b.topologyChanged(cmd, 'command', ctx);
      return OK;
    }
    case 'vhost.delete': {
      const v = b.vhosts.get(cmd.name);
      if (!v) return OK;
      for (const c of [...b.connections.values()]) if (c.vhost === v) c.close();
      for (const q of [...v.queues.values()]) removeQueue(b, v, q);
      b.vhosts.delete(cmd.name);
      b.permissions.clearVhost(cmd.name);
      b.topicPermissions.clearVhost(cmd.name);
      b.topologyChanged(cmd, 'command', ctx);
      return OK;
    }
    case 'user.add':
      b.users.set(cmd.name, { name: cmd.name, passwordHash: cmd.passwordHash, hashingAlgorithm: cmd.hashingAlgorithm ?? 'rabbit_password_hashing_sha256', tags: [...cmd.tags] });
      b.topologyChanged(cmd, 'command', ctx);
      return OK;
    case 'user.delete':
      if (b.users.delete(cmd.name)) {
        b.permissions.clearUser(cmd.name);
        b.topicPermissions.clearUser(cmd.name);
        b.topologyChanged(cmd, 'command', ctx);
      }
      return OK;
    case 'permission.set': {
      if (!b.users.has(cmd.user)) throw notFound2(`no user '${cmd.user}'`);
      if (!b.vhosts.has(cmd.vhost)) throw notFound2(`no vhost '${cmd.vhost}'`);
      try {
        b.permissions.set(cmd.user, cmd.vhost, { configure: cmd.configure, write: cmd.write, read: cmd.read });
      } catch (e) {
        throw preconditionFailed((e as Error).message);
      }
      b.topologyChanged(cmd, 'command', ctx);
      return OK;
    }
    case 'permission.clear':
      b.permissions.clear(cmd.user, cmd.vhost);
      b.topologyChanged(cmd, 'command', ctx);
      return OK;
    case 'topic-permission.set':
    case 'topic-permission.clear':
      return executeTopicPermissionCommand(b, cmd, ctx);
    default:
      return executeInVhost(b, vhostOf(b, cmd.vhost), cmd, ctx);
  }
}

function notFound2(text: string): AmqpError {
  return new AmqpError(404, text);
}

function vhostOf(b: Broker, name: string): VirtualHost {
  const v = b.vhosts.get(name);
  if (!v) throw notAllowed(`vhost ${name} not found`);
  return v;
}

type VhostCommand = Extract<Command, { vhost: string }>;

function executeInVhost(b: Broker, v: VirtualHost, cmd: Exclude<VhostCommand, { type: 'permission.set' | 'permission.clear' | 'topic-permission.set' | 'topic-permission.clear' }>, ctx: CommandContext): CommandResult {
  const user = ctx.user ?? '';
  switch (cmd.type) {
    case 'exchange.declare':
      return declareExchange(b, v, cmd, ctx);
    case 'queue.declare':
      return declareQueue(b, v, cmd, ctx);
    case 'exchange.delete': {
      if (cmd.name === '') throw accessRefused('operation not permitted on the default exchange');
      // System exchanges are refused before the lookup (rabbit_channel check_exchange_deletion).
      if (cmd.name.startsWith('amq.')) throw accessRefused(`deletion of system exchange '${cmd.name}' in ${vh(v.name)} not allowed`);
      b.checkPermission(user, v.name, 'configure', 'exchange', cmd.name);
      const x = v.exchanges.get(cmd.name);
      if (!x) return OK; // deleting a missing exchange succeeds in RabbitMQ
      if (cmd.ifUnused && x.bindings.size > 0) throw preconditionFailed(`exchange '${cmd.name}' in ${vh(v.name)} in use`);
      removeExchange(b, v, x);
      b.topologyChanged({ type: 'exchange.delete', vhost: v.name, name: cmd.name }, 'command', ctx);
      return OK;
    }
    case 'queue.delete': {
      b.checkPermission(user, v.name, 'configure', 'queue', cmd.name);
      const q = v.queues.get(cmd.name);
      if (!q) return { type: 'queue.delete', messageCount: 0 };
      assertExclusiveAccess(q, ctx);
      if (cmd.ifUnused && q.consumerCount > 0) throw preconditionFailed(`queue '${q.name}' in ${vh(v.name)} in use`);
      if (cmd.ifEmpty && q.messageCount > 0) throw preconditionFailed(`queue '${q.name}' in ${vh(v.name)} not empty`);
      const n = q.messageCount;
      removeQueue(b, v, q);
      b.topologyChanged({ type: 'queue.delete', vhost: v.name, name: q.name }, 'command', ctx);
      return { type: 'queue.delete', messageCount: n };
    }
    case 'queue.purge': {
      b.checkPermission(user, v.name, 'read', 'queue', cmd.name);
      const q = v.queues.get(cmd.name);
      if (!q) throw notFound('queue', cmd.name, v.name);
      assertExclusiveAccess(q, ctx);
      return { type: 'queue.purge', messageCount: q.purge() };
    }
    case 'binding.add':
    case 'binding.remove':
      return changeBinding(b, v, cmd, ctx);
    case 'policy.set':
    case 'policy.clear':
      return executePolicyCommand(b, v, cmd, ctx);
  }
}

type BindingCommand = Extract<Command, { type: 'binding.add' | 'binding.remove' }>;

/** queue.bind / exchange.bind and their unbinds (rabbit_channel binding_action). */
function changeBinding(b: Broker, v: VirtualHost, cmd: BindingCommand, ctx: CommandContext): CommandResult {
  const user = ctx.user ?? '';
  // rabbit_channel binding_action: write on the destination, then the default-exchange
  // refusal (docs/exchanges.md §Default Exchange), then read on the source.
  b.checkPermission(user, v.name, 'write', cmd.destinationType, cmd.destination);
  if (cmd.source === '' || (cmd.destinationType === 'exchange' && cmd.destination === '')) {
    throw accessRefused('operation not permitted on the default exchange');
  }
  b.checkPermission(user, v.name, 'read', 'exchange', cmd.source);
  const source = v.exchanges.get(cmd.source);
  if (source) checkTopicAccess(b, user, v.name, source, 'read', cmd.routingKey);
  const target: Queue | Exchange | undefined = cmd.destinationType === 'queue' ? v.queues.get(cmd.destination) : v.exchanges.get(cmd.destination);
  const key = makeBinding(v.name, cmd.source, cmd.destinationType, cmd.destination, cmd.routingKey, cmd.arguments);
  if (cmd.type === 'binding.remove') {
    const existing = v.bindings.get(key.key);
    if (!existing) return OK; // unbinding a missing binding succeeds in RabbitMQ, even on a locked queue
    if (target && cmd.destinationType === 'queue') assertExclusiveAccess(target as Queue, ctx);
    v.detachBinding(existing);
    b.topologyChanged(cmd, 'command', ctx);
    if (source) maybeAutoDeleteExchange(b, v, source);
    return OK;
  }
  if (!source) throw notFound('exchange', cmd.source, v.name);
  if (!target) throw notFound(cmd.destinationType, cmd.destination, v.name);
  if (cmd.destinationType === 'queue') assertExclusiveAccess(target as Queue, ctx);
  const invalid = source.router.validateBinding(cmd.arguments);
  if (invalid !== undefined) throw preconditionFailed(invalid);
  if (v.bindings.has(key.key)) return OK;
  const bound: BoundBinding = {
    vhost: key.vhost,
    source: key.source,
    destination: key.destination,
    destinationType: key.destinationType,
    routingKey: key.routingKey,
    arguments: { ...cmd.arguments },
    key: key.key,
    target,
    routeMark: 0,
    routed: 0,
  };
  v.attachBinding(bound, source);
  b.topologyChanged(cmd, 'command', ctx);
  return OK;
}

/** Auto-delete exchanges go once their last binding (as source) is removed. */
function maybeAutoDeleteExchange(b: Broker, v: VirtualHost, x: Exchange): void {
  if (!x.autoDelete || !x.hadBinding || x.bindings.size > 0 || x.deleted) return;
  removeExchange(b, v, x);
  b.topologyChanged({ type: 'exchange.delete', vhost: v.name, name: x.name }, 'auto-delete');
}

/** Remove an exchange with every binding from or to it. */
function removeExchange(b: Broker, v: VirtualHost, x: Exchange): void {
  x.deleted = true;
  v.exchanges.delete(x.name);
  for (const bd of [...x.bindings.values()]) v.detachBinding(bd);
  for (const bd of v.bindingsTo('exchange', x.name)) dropBinding(b, v, bd);
}

function dropBinding(b: Broker, v: VirtualHost, bd: BoundBinding): void {
  v.detachBinding(bd);
  const source = v.exchanges.get(bd.source);
  if (source) maybeAutoDeleteExchange(b, v, source);
}

/**
 * Remove a queue: its bindings go (auto-deleting exchanges left without any),
 * its consumers are cancelled with a notification, its messages are dropped
 * (not dead-lettered).
 */
export function removeQueue(b: Broker, v: VirtualHost, q: Queue): void {
  if (q.deleted) return;
  q.markDeleted();
  v.queues.delete(q.name);
  for (const bd of v.bindingsTo('queue', q.name)) dropBinding(b, v, bd);
  for (const c of [...q.consumers]) c.channel.consumerGone(c);
  q.consumers = [];
  q.purge();
}
