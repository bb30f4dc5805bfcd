import type { Broker } from '../../core/broker.ts';
import type { Command } from '../../core/commands.ts';
import { AmqpError } from '../../core/errors.ts';
import type { FieldTable } from '../../core/field-value.ts';
import type { Random } from '../../core/random.ts';
import { SHA256_ALGORITHM, hashPassword } from '../../core/users.ts';
import type { ScenarioIssue } from './issues.ts';
import type { TopologySpec } from './schema-topology.ts';

/** A command with the scenario path it came from, so a refusal names its source. */
export interface PathedCommand {
  command: Command;
  path: string;
}

/**
 * Turn a scenario topology into broker commands, in an order the broker
 * accepts: vhosts, users and permissions, exchanges, queues, bindings, then
 * policies (set last, so one pass applies each to what was declared).
 */
export function topologyCommands(t: TopologySpec, random: Random, base = 'topology'): PathedCommand[] {
  const out: PathedCommand[] = [];
  t.vhosts.forEach((v, i) => {
    const cmd: Command = { type: 'vhost.add', name: v.name };
    if (v.description !== undefined) cmd.description = v.description;
    if (v.defaultQueueType !== undefined) cmd.defaultQueueType = v.defaultQueueType;
    if (v.tags !== undefined) cmd.tags = v.tags;
    out.push({ command: cmd, path: `${base}.vhosts[${i}]` });
  });
  t.users.forEach((u, i) => {
    const path = `${base}.users[${i}]`;
    const passwordHash = u.passwordHash ?? (u.password !== undefined ? hashPassword(u.password, random) : '');
    const hashingAlgorithm = u.hashingAlgorithm ?? SHA256_ALGORITHM;
    out.push({ command: { type: 'user.add', name: u.name, passwordHash, hashingAlgorithm, tags: u.tags }, path });
    u.permissions.forEach((p, j) => {
      out.push({
        command: { type: 'permission.set', user: u.name, vhost: p.vhost, configure: p.configure, write: p.write, read: p.read },
        path: `${path}.permissions[${j}]`,
      });
    });
    u.topicPermissions.forEach((p, j) => {
      out.push({
        command: { type: 'topic-permission.set', user: u.name, vhost: p.vhost, exchange: p.exchange, write: p.write, read: p.read },
        path: `${path}.topicPermissions[${j}]`,
      });
    });
  });
  t.exchanges.forEach((x, i) => {
    out.push({
      command: {
        type: 'exchange.declare',
        vhost: x.vhost,
        name: x.name,
        exchangeType: x.type,
        durable: x.durable,
        autoDelete: x.autoDelete,
        internal: x.internal,
        arguments: x.arguments as FieldTable,
      },
      path: `${base}.exchanges[${i}]`,
    });
  });
  t.queues.forEach((q, i) => {
    out.push({
      command: { type: 'queue.declare', vhost: q.vhost, name: q.name, durable: q.durable, exclusive: false, autoDelete: q.autoDelete, arguments: q.arguments as FieldTable },
      path: `${base}.queues[${i}]`,
    });
  });
  t.bindings.forEach((b, i) => {
    out.push({
      command: {
        type: 'binding.add',
        vhost: b.vhost,
        source: b.source,
        destination: b.destination,
        destinationType: b.destinationType,
        routingKey: b.routingKey,
        arguments: b.arguments as FieldTable,
      },
      path: `${base}.bindings[${i}]`,
    });
  });
  t.policies.forEach((p, i) => {
    out.push({
      command: { type: 'policy.set', vhost: p.vhost, name: p.name, pattern: p.pattern, applyTo: p.applyTo, priority: p.priority, definition: p.definition as FieldTable },
      path: `${base}.policies[${i}]`,
    });
  });
  return out;
}

/** Apply commands as the broker itself; each refusal becomes an issue at the command's path. */
export function applyCommands(broker: Broker, commands: readonly PathedCommand[]): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  for (const { command, path } of commands) {
    try {
      broker.execute(command);
    } catch (e) {
      if (!(e instanceof AmqpError)) throw e;
      // Point at the argument a refusal names (`invalid arg 'x-max-length' for queue ...`).
      const arg = /(?:invalid|inequivalent) arg '([^']+)'/.exec(e.replyText)?.[1];
      issues.push({ path: arg !== undefined && 'arguments' in command ? `${path}.arguments.${arg}` : path, message: e.replyText });
    }
  }
  return issues;
}
