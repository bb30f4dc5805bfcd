import type { Broker } from '../core/broker.ts';
import type { Command } from '../core/commands.ts';
import type { Exchange } from '../core/exchange.ts';
import type { Queue } from '../core/queue.ts';
import type { VirtualHost } from '../core/vhost.ts';

/** Exchanges every vhost is born with: never persisted, never replayed. */
function isPredeclared(name: string): boolean {
  return name === '' || name.startsWith('amq.');
}

/** Durable queues survive a restart; exclusive ones never do (they die with their connection). */
export function isDurableQueue(q: Queue): boolean {
  return q.durable && q.exclusiveOwner === undefined;
}

function isDurableExchange(x: Exchange): boolean {
  return x.durable && !isPredeclared(x.name);
}

/**
 * The commands that rebuild the broker's durable state from a blank broker:
 * vhosts, users, permissions and topic permissions, durable exchanges and queues, policies, and the bindings
 * whose source and destination are both durable (docs/exchanges.md: a
 * binding's durability follows its ends). The snapshot the store compacts to.
 */
export function topologyCommands(b: Broker): Command[] {
  const out: Command[] = [];
  for (const v of b.vhosts.values()) {
    out.push({ type: 'vhost.add', name: v.name, description: v.description, defaultQueueType: v.defaultQueueType, tags: [...v.tags] });
  }
  for (const u of b.users.values()) {
    out.push({ type: 'user.add', name: u.name, passwordHash: u.passwordHash, hashingAlgorithm: u.hashingAlgorithm, tags: [...u.tags] });
  }
  for (const p of b.permissions.entries()) out.push({ type: 'permission.set', user: p.user, vhost: p.vhost, ...p.spec });
  for (const p of b.topicPermissions.entries()) out.push({ type: 'topic-permission.set', ...p });
  for (const v of b.vhosts.values()) out.push(...vhostCommands(v));
  return out;
}

function vhostCommands(v: VirtualHost): Command[] {
  const out: Command[] = [];
  for (const x of v.exchanges.values()) {
    if (!isDurableExchange(x)) continue;
    out.push({ type: 'exchange.declare', vhost: v.name, name: x.name, exchangeType: x.type, durable: true, autoDelete: x.autoDelete, internal: x.internal, arguments: { ...x.args } });
  }
  for (const q of v.queues.values()) {
    if (!isDurableQueue(q)) continue;
    out.push({ type: 'queue.declare', vhost: v.name, name: q.name, durable: true, exclusive: false, autoDelete: q.autoDelete, arguments: { ...q.args } });
  }
  for (const bd of v.bindings.values()) {
    const src = v.exchanges.get(bd.source);
    if (!src?.durable || !isDurableTarget(v, bd.destinationType, bd.destination)) continue;
    out.push({ type: 'binding.add', vhost: v.name, source: bd.source, destination: bd.destination, destinationType: bd.destinationType, routingKey: bd.routingKey, arguments: { ...bd.arguments } });
  }
  // Policies are always durable; set last so one pass applies them to what was declared.
  for (const p of v.policies.values()) {
    out.push({ type: 'policy.set', vhost: v.name, name: p.name, pattern: p.pattern, applyTo: p.applyTo, priority: p.priority, definition: { ...p.definition } });
  }
  return out;
}

function isDurableTarget(v: VirtualHost, type: 'queue' | 'exchange', name: string): boolean {
  if (type === 'queue') {
    const q = v.queues.get(name);
    return q !== undefined && isDurableQueue(q);
  }
  const x = v.exchanges.get(name);
  return x !== undefined && x.durable;
}

/**
 * Decides which topology events go to the command log: every change to
 * vhosts, users and permissions; durable exchanges, queues and bindings.
 * Deletes are logged only for names known to be durable, so an RPC client's
 * exclusive reply queues never touch the disk.
 */
export class DurableTopologyFilter {
  private readonly exchanges = new Set<string>();
  private readonly queues = new Set<string>();

  constructor(private readonly broker: Broker) {
    for (const v of broker.vhosts.values()) {
      for (const x of v.exchanges.values()) if (isDurableExchange(x)) this.exchanges.add(key(v.name, x.name));
      for (const q of v.queues.values()) if (isDurableQueue(q)) this.queues.add(key(v.name, q.name));
    }
  }

  /** True when `cmd` (just applied to the broker) changes durable state. Updates the known names. */
  accept(cmd: Command): boolean {
    switch (cmd.type) {
      case 'vhost.add':
      case 'user.add':
      case 'user.delete':
      case 'permission.set':
      case 'permission.clear':
      case 'topic-permission.set':
      case 'topic-permission.clear':
      case 'policy.set':
      case 'policy.clear':
        return true;
      case 'vhost.delete':
        for (const set of [this.exchanges, this.queues]) for (const k of [...set]) if (k.startsWith(`${cmd.name}\u0000`)) set.delete(k);
        return true;
      case 'exchange.declare':
        if (!cmd.durable) return false;
        this.exchanges.add(key(cmd.vhost, cmd.name));
        return true;
      case 'queue.declare':
        if (!cmd.durable || cmd.exclusive) return false;
        this.queues.add(key(cmd.vhost, cmd.name));
        return true;
      case 'exchange.delete':
        return this.exchanges.delete(key(cmd.vhost, cmd.name));
      case 'queue.delete':
        return this.queues.delete(key(cmd.vhost, cmd.name));
      case 'queue.purge':
        return false;
      case 'binding.add':
      case 'binding.remove':
        return this.isDurableEnd(cmd.vhost, 'exchange', cmd.source) && this.isDurableEnd(cmd.vhost, cmd.destinationType, cmd.destination);
    }
  }

  private isDurableEnd(vhost: string, type: 'queue' | 'exchange', name: string): boolean {
    if (type === 'queue') return this.queues.has(key(vhost, name));
    return isPredeclared(name) || this.exchanges.has(key(vhost, name));
  }
}

function key(vhost: string, name: string): string {
  return `${vhost}\u0000${name}`;
}
