import { argSides, parseQueueArguments, queueEquivalenceArgs } from './arguments.ts';
import type { Broker } from './broker.ts';
import type { Command, CommandContext, CommandResult } from './commands.ts';
import { AmqpError, accessRefused, commandInvalid, notFound, preconditionFailed, resourceLocked, vh } from './errors.ts';
import { Exchange } from './exchange.ts';
import type { BoundBinding } from './exchange.ts';
import { createRouter } from './exchanges/registry.ts';
import type { FieldValue } from './field-value.ts';
import { fieldEquals } from './field-value.ts';
import { applyPolicyToExchange, applyPolicyToQueue } from './policy-apply.ts';
import { Queue } from './queue.ts';
import type { VirtualHost } from './vhost.ts';

type ExchangeDeclare = Extract<Command, { type: 'exchange.declare' }>;
type QueueDeclare = Extract<Command, { type: 'queue.declare' }>;

function inequivalent(arg: string, what: string, received: string, current: string): AmqpError {
  return preconditionFailed(`inequivalent arg '${arg}' for ${what}: received '${received}' but current is '${current}'`);
}

/** An x-argument differs on redeclare (rabbit_misc:assert_args_equivalence). */
function inequivalentArg(arg: string, what: string, received: FieldValue | undefined, current: FieldValue | undefined): AmqpError {
  const [r, c] = argSides(received, current);
  return preconditionFailed(`inequivalent arg '${arg}' for ${what}: received ${r} but current is ${c}`);
}

/** exchange.declare (rabbit_channel handle_method exchange.declare, rabbit_exchange:assert_equivalence). */
export function declareExchange(b: Broker, v: VirtualHost, cmd: ExchangeDeclare, ctx: CommandContext): CommandResult {
  const what = `exchange '${cmd.name}' in ${vh(v.name)}`;
  const user = ctx.user ?? '';
  if (cmd.passive) {
    if (cmd.name === '') throw accessRefused('operation not permitted on the default exchange');
    const x = v.exchanges.get(cmd.name);
    if (!x) throw notFound('exchange', cmd.name, v.name);
    return { type: 'exchange.declare', created: false };
  }
  if (createRouter(cmd.exchangeType) === undefined) throw commandInvalid(`unknown exchange type '${cmd.exchangeType}'`);
  if (cmd.name === '') throw accessRefused('operation not permitted on the default exchange');
  b.checkPermission(user, v.name, 'configure', 'exchange', cmd.name);
  const existing = v.exchanges.get(cmd.name);
  if (existing) {
    if (existing.type !== cmd.exchangeType) throw inequivalent('type', what, cmd.exchangeType, existing.type);
    if (existing.durable !== cmd.durable) throw inequivalent('durable', what, String(cmd.durable), String(existing.durable));
    if (existing.autoDelete !== cmd.autoDelete) throw inequivalent('auto_delete', what, String(cmd.autoDelete), String(existing.autoDelete));
    if (existing.internal !== cmd.internal) throw inequivalent('internal', what, String(cmd.internal), String(existing.internal));
    const ae = cmd.arguments['alternate-exchange'];
    if (!fieldEquals(ae, existing.args['alternate-exchange'])) {
      throw inequivalentArg('alternate-exchange', what, ae, existing.args['alternate-exchange']);
    }
    return { type: 'exchange.declare', created: false };
  }
  if (cmd.name.startsWith('amq.')) throw accessRefused(`exchange name '${cmd.name}' contains reserved prefix 'amq.*'`);
  const ae = cmd.arguments['alternate-exchange'];
  if (ae !== undefined) {
    if (typeof ae !== 'string') throw preconditionFailed(`invalid arg 'alternate-exchange' for ${what}: must be a string`);
    // Declaring with an AE needs read on the exchange and write on the AE (docs/access-control.md).
    b.checkPermission(user, v.name, 'read', 'exchange', cmd.name);
    b.checkPermission(user, v.name, 'write', 'exchange', ae);
  }
  const x = new Exchange(v.name, cmd.name, cmd.exchangeType, cmd.durable, cmd.autoDelete, cmd.internal, { ...cmd.arguments }, createRouter<BoundBinding>(cmd.exchangeType)!);
  v.exchanges.set(cmd.name, x);
  applyPolicyToExchange(v, x);
  b.topologyChanged({ ...cmd, passive: false }, 'command', ctx);
  return { type: 'exchange.declare', created: true };
}

/** queue.declare (rabbit_amqqueue:declare, assert_equivalence, the quorum feature matrix). */
export function declareQueue(b: Broker, v: VirtualHost, cmd: QueueDeclare, ctx: CommandContext): CommandResult {
  const user = ctx.user ?? '';
  if (cmd.passive) {
    const found = v.queues.get(cmd.name);
    if (!found) throw notFound('queue', cmd.name, v.name);
    assertExclusiveAccess(found, ctx);
    found.touch();
    return { type: 'queue.declare', name: found.name, messageCount: found.messageCount, consumerCount: found.consumerCount, created: false };
  }
  const serverNamed = cmd.name === '';
  // Exclusive queues are never durable; the vhost's default type applies only to
  // durable, non-exclusive, non-auto-delete queues (rabbit_channel queue.declare,
  // rabbit_amqqueue:augment_declare_args).
  const durable = cmd.durable && !cmd.exclusive;
  const defaultType = durable && !cmd.autoDelete ? v.defaultQueueType : 'classic';
  if (serverNamed && (cmd.arguments['x-queue-type'] ?? defaultType) === 'quorum') {
    throw preconditionFailed('Cannot declare a server-named queue for type rabbit_quorum_queue');
  }
  // The reserved prefix is refused before any lookup, even for a queue that exists.
  if (cmd.name.startsWith('amq.')) throw accessRefused(`queue name '${cmd.name}' contains reserved prefix 'amq.*'`);
  const name = serverNamed ? b.generateName('amq.gen') : cmd.name;
  const what = `queue '${name}' in ${vh(v.name)}`;
  b.checkPermission(user, v.name, 'configure', 'queue', name);
  const existing = serverNamed ? undefined : v.queues.get(name);
  if (existing) {
    assertExclusiveAccess(existing, ctx);
    // Strict: the exclusive flag must match the original declaration (check_exclusive_access/3).
    if (ctx.connectionId !== undefined && existing.exclusiveOwner !== (cmd.exclusive ? ctx.connectionId : undefined)) throw lockedError(existing);
    if (existing.durable !== durable) throw inequivalent('durable', what, String(durable), String(existing.durable));
    if (existing.autoDelete !== cmd.autoDelete) throw inequivalent('auto_delete', what, String(cmd.autoDelete), String(existing.autoDelete));
    for (const k of queueEquivalenceArgs) {
      const got = cmd.arguments[k];
      const cur = existing.args[k];
      // x-queue-type may be omitted on redeclare when it equals the vhost default.
      if (k === 'x-queue-type' && got === undefined) continue;
      if (!fieldEquals(got, cur)) throw inequivalentArg(k, what, got, cur);
    }
    existing.touch();
    return { type: 'queue.declare', name, messageCount: existing.messageCount, consumerCount: existing.consumerCount, created: false };
  }
  const settings = parseQueueArguments(name, v.name, cmd.arguments, defaultType);
  if (settings.queueType === 'quorum') {
    // rabbit_quorum_queue:declare checks in this order.
    if (cmd.autoDelete) throw preconditionFailed(`invalid property 'auto-delete' for ${what}`);
    if (cmd.exclusive) throw preconditionFailed(`invalid property 'exclusive-owner' for ${what}`);
    if (!durable) throw preconditionFailed(`invalid property 'non-durable' for ${what}`);
  }
  if (cmd.exclusive && ctx.connectionId === undefined) {
    throw preconditionFailed(`exclusive ${what} needs a connection to own it`);
  }
  if (settings.deadLetterExchange !== undefined) {
    // Declaring with a DLX needs read on the queue and write on the DLX (docs/access-control.md).
    b.checkPermission(user, v.name, 'read', 'queue', name);
    b.checkPermission(user, v.name, 'write', 'exchange', settings.deadLetterExchange);
  }
  const q = new Queue(v, v.name, name, durable, cmd.exclusive ? ctx.connectionId : undefined, cmd.autoDelete, { ...cmd.arguments }, settings);
  v.queues.set(name, q);
  applyPolicyToQueue(v, q);
  b.topologyChanged({ ...cmd, name, durable, passive: false }, 'command', ctx);
  return { type: 'queue.declare', name, messageCount: 0, consumerCount: 0, created: true };
}

function lockedError(q: Queue): AmqpError {
  return resourceLocked(
    `cannot obtain exclusive access to locked queue '${q.name}' in ${vh(q.vhost)}. It could be originally declared on another connection or the exclusive property value does not match that of the original declaration.`,
  );
}

/** 405 RESOURCE_LOCKED for another connection's exclusive queue. */
export function assertExclusiveAccess(q: Queue, ctx: CommandContext): void {
  if (q.exclusiveOwner !== undefined && ctx.connectionId !== undefined && q.exclusiveOwner !== ctx.connectionId) throw lockedError(q);
}
