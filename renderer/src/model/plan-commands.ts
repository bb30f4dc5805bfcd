import type { JsonCommand } from '../../../engine/host/command-schema.ts';
import type { BindingModel, ExchangeModel, QueueModel, TopologyModel } from './topology-model.ts';
import { bindingKey, sameExchange, sameQueue } from './topology-model.ts';
import { policySetCommand, samePolicy, withEffectivePolicies } from './policy-model.ts';
import { applyUserCommand, isUserCommand, planUserCommands } from './user-plan.ts';

/**
 * The engine commands that turn topology `from` into `to`: the one place the
 * graph is compiled into the engine's terms. AMQP cannot change a declared
 * queue or exchange, so a changed one is deleted and declared again, and the
 * bindings it lost with it are added back. Built-in exchanges are never
 * touched; exclusive queues belong to their connection and are left alone.
 * Policies come last, as RabbitMQ's definitions import orders them: new and
 * changed ones are set (a redefinition replaces the policy in place, so its
 * queues keep their messages), then the ones gone are cleared. Users and
 * their permissions come first, as in that import (`planUserCommands`).
 */
export function planCommands(from: TopologyModel, to: TopologyModel): JsonCommand[] {
  const vhost = to.vhost;
  const fromX = new Map(from.exchanges.map((x) => [x.name, x]));
  const toX = new Map(to.exchanges.map((x) => [x.name, x]));
  const fromQ = new Map(from.queues.map((q) => [q.name, q]));
  const toQ = new Map(to.queues.map((q) => [q.name, q]));

  const recreatedX = new Set<string>();
  const deletedX: string[] = [];
  const declaredX: ExchangeModel[] = [];
  for (const [name, x] of fromX) {
    if (x.builtIn) continue;
    const next = toX.get(name);
    if (!next) deletedX.push(name);
    else if (!sameExchange(x, next)) recreatedX.add(name);
  }
  for (const [name, x] of toX) if (!x.builtIn && (!fromX.has(name) || recreatedX.has(name))) declaredX.push(x);

  const recreatedQ = new Set<string>();
  const deletedQ: string[] = [];
  const declaredQ: QueueModel[] = [];
  for (const [name, q] of fromQ) {
    if (q.exclusive) continue;
    const next = toQ.get(name);
    if (!next) deletedQ.push(name);
    else if (!sameQueue(q, next)) recreatedQ.add(name);
  }
  for (const [name, q] of toQ) if (!q.exclusive && (!fromQ.has(name) || recreatedQ.has(name))) declaredQ.push(q);

  // A binding disappears with either end; one whose end is recreated must be added back.
  const gone = (b: BindingModel): boolean =>
    deletedX.includes(b.source) ||
    recreatedX.has(b.source) ||
    (b.destinationType === 'queue' ? deletedQ.includes(b.destination) || recreatedQ.has(b.destination) : deletedX.includes(b.destination) || recreatedX.has(b.destination));
  const fromB = new Map(from.bindings.map((b) => [bindingKey(b), b]));
  const toB = new Map(to.bindings.map((b) => [bindingKey(b), b]));

  const out: JsonCommand[] = planUserCommands(from.users, to.users);
  for (const [key, b] of fromB) if (!toB.has(key) && !gone(b)) out.push(bindingCommand('binding.remove', vhost, b));
  for (const name of [...deletedQ, ...recreatedQ]) out.push({ type: 'queue.delete', vhost, name });
  for (const name of [...deletedX, ...recreatedX]) out.push({ type: 'exchange.delete', vhost, name });
  for (const x of declaredX) {
    out.push({ type: 'exchange.declare', vhost, name: x.name, exchangeType: x.type, durable: x.durable, autoDelete: x.autoDelete, internal: x.internal, arguments: x.arguments });
  }
  for (const q of declaredQ) {
    out.push({ type: 'queue.declare', vhost, name: q.name, durable: q.durable, exclusive: false, autoDelete: q.autoDelete, arguments: q.arguments });
  }
  for (const [key, b] of toB) if (!fromB.has(key) || gone(b)) out.push(bindingCommand('binding.add', vhost, b));
  const fromP = new Map(from.policies.map((p) => [p.name, p]));
  const toNames = new Set(to.policies.map((p) => p.name));
  for (const p of to.policies) {
    const old = fromP.get(p.name);
    if (!old || !samePolicy(old, p)) out.push(policySetCommand(vhost, p));
  }
  for (const name of fromP.keys()) if (!toNames.has(name)) out.push({ type: 'policy.clear', vhost, name });
  return out;
}

function bindingCommand(type: 'binding.add' | 'binding.remove', vhost: string, b: BindingModel): JsonCommand {
  return { type, vhost, source: b.source, destination: b.destination, destinationType: b.destinationType, routingKey: b.routingKey, arguments: b.arguments };
}

/**
 * The model after a command succeeded, so the graph shows an edit at once
 * instead of waiting for the next snapshot. Mirrors the broker's effects that
 * matter to the drawing (a deleted queue or exchange takes its bindings along,
 * a policy takes effect on the queues and exchanges it matches).
 */
export function applyToModel(m: TopologyModel, c: JsonCommand): TopologyModel {
  if (isUserCommand(c)) return { ...m, users: applyUserCommand(m.users, c) };
  switch (c.type) {
    case 'exchange.declare':
    case 'queue.declare':
    case 'policy.set':
    case 'policy.clear':
      return withEffectivePolicies(applyDeclareOrPolicy(m, c));
    default:
      return applyRemoval(m, c);
  }
}

function applyDeclareOrPolicy(m: TopologyModel, c: Extract<JsonCommand, { type: 'exchange.declare' | 'queue.declare' | 'policy.set' | 'policy.clear' }>): TopologyModel {
  switch (c.type) {
    case 'exchange.declare': {
      if (c.passive || m.exchanges.some((x) => x.name === c.name)) return m;
      const x: ExchangeModel = { name: c.name, type: c.exchangeType, durable: c.durable, autoDelete: c.autoDelete, internal: c.internal, arguments: c.arguments, builtIn: false };
      return { ...m, exchanges: [...m.exchanges, x] };
    }
    case 'queue.declare': {
      if (c.passive || m.queues.some((q) => q.name === c.name)) return m;
      return { ...m, queues: [...m.queues, { name: c.name, durable: c.durable, autoDelete: c.autoDelete, exclusive: c.exclusive, arguments: c.arguments }] };
    }
    case 'policy.set': {
      const p = { name: c.name, pattern: c.pattern, applyTo: c.applyTo ?? 'all', priority: c.priority ?? 0, definition: c.definition };
      const others = m.policies.filter((x) => x.name !== c.name);
      return { ...m, policies: [...others, p].sort((a, b) => b.priority - a.priority || (a.name < b.name ? -1 : 1)) };
    }
    case 'policy.clear':
      return { ...m, policies: m.policies.filter((x) => x.name !== c.name) };
  }
}

function applyRemoval(m: TopologyModel, c: JsonCommand): TopologyModel {
  switch (c.type) {
    case 'exchange.delete':
      return {
        ...m,
        exchanges: m.exchanges.filter((x) => x.name !== c.name),
        bindings: m.bindings.filter((b) => b.source !== c.name && !(b.destinationType === 'exchange' && b.destination === c.name)),
      };
    case 'queue.delete':
      return {
        ...m,
        queues: m.queues.filter((q) => q.name !== c.name),
        bindings: m.bindings.filter((b) => !(b.destinationType === 'queue' && b.destination === c.name)),
      };
    case 'binding.add': {
      const b: BindingModel = { source: c.source, destination: c.destination, destinationType: c.destinationType, routingKey: c.routingKey, arguments: c.arguments };
      const key = bindingKey(b);
      return m.bindings.some((x) => bindingKey(x) === key) ? m : { ...m, bindings: [...m.bindings, b] };
    }
    case 'binding.remove': {
      const key = bindingKey(c);
      return { ...m, bindings: m.bindings.filter((x) => bindingKey(x) !== key) };
    }
    default:
      return m;
  }
}
