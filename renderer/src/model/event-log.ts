import type { JsonCommand } from '../../../engine/host/command-schema.ts';
import type { HostEvent } from '../../../engine/host/host-events.ts';
import { connectionNodeId } from './live-stats.ts';
import { exchangeId, queueId } from './topology-model.ts';

/** What an event log line is about, for filtering. */
export type LogCategory = 'topology' | 'connection' | 'channel' | 'consumer' | 'error' | 'dead-letter' | 'trace' | 'operation';
export const LOG_CATEGORIES: readonly LogCategory[] = ['topology', 'connection', 'channel', 'consumer', 'error', 'dead-letter', 'trace', 'operation'];

/** One line of the event log. */
export interface LogEntry {
  id: number;
  /** Broker clock time (ms), when the engine reported it. */
  at: number | null;
  /** Wall-clock time the renderer logged it. */
  wall: number;
  category: LogCategory;
  severity: 'info' | 'warn' | 'error';
  text: string;
  /** The graph node it concerns, to select it from the log. */
  nodeId?: string;
}

let nextId = 1;

/** A new log entry with a fresh id. */
export function logEntry(e: Omit<LogEntry, 'id' | 'wall'>): LogEntry {
  return { ...e, id: nextId++, wall: Date.now() };
}

/** A topology command in a line, the way the management UI's event names read. */
export function describeCommand(c: JsonCommand): { text: string; nodeId?: string } {
  switch (c.type) {
    case 'exchange.declare':
      return { text: `declared ${c.exchangeType} exchange '${c.name}'`, nodeId: exchangeId(c.vhost, c.name) };
    case 'exchange.delete':
      return { text: `deleted exchange '${c.name}'` };
    case 'queue.declare':
      return { text: `declared queue '${c.name}'${c.exclusive ? ' (exclusive)' : ''}`, nodeId: queueId(c.vhost, c.name) };
    case 'queue.delete':
      return { text: `deleted queue '${c.name}'` };
    case 'queue.purge':
      return { text: `purged queue '${c.name}'`, nodeId: queueId(c.vhost, c.name) };
    case 'binding.add':
    case 'binding.remove':
      return {
        text: `${c.type === 'binding.add' ? 'bound' : 'unbound'} ${c.destinationType} '${c.destination}' ${c.type === 'binding.add' ? 'to' : 'from'} '${c.source}'${c.routingKey ? ` with key '${c.routingKey}'` : ''}`,
        nodeId: c.destinationType === 'queue' ? queueId(c.vhost, c.destination) : exchangeId(c.vhost, c.destination),
      };
    case 'vhost.add':
      return { text: `added vhost '${c.name}'` };
    case 'vhost.delete':
      return { text: `deleted vhost '${c.name}'` };
    case 'user.add':
      return { text: `added user '${c.name}'` };
    case 'user.delete':
      return { text: `deleted user '${c.name}'` };
    case 'permission.set':
    case 'permission.clear':
      return { text: `${c.type === 'permission.set' ? 'set' : 'cleared'} permissions of '${c.user}' on vhost '${c.vhost}'` };
    case 'topic-permission.set':
      return { text: `set topic permissions of '${c.user}' on exchange '${c.exchange}' in vhost '${c.vhost}'` };
    case 'topic-permission.clear':
      return { text: `cleared topic permissions of '${c.user}'${c.exchange === undefined ? '' : ` on exchange '${c.exchange}'`} in vhost '${c.vhost}'` };
    case 'policy.set':
      return { text: `set policy '${c.name}' (pattern '${c.pattern}', apply-to ${c.applyTo ?? 'all'}, priority ${c.priority ?? 0}) on vhost '${c.vhost}'` };
    case 'policy.clear':
      return { text: `cleared policy '${c.name}' on vhost '${c.vhost}'` };
  }
}

const CAUSES: Record<string, string> = { 'auto-delete': ' (auto-delete)', expired: ' (expired, x-expires)', 'owner-closed': ' (owner connection closed)', cascade: ' (cascade)', shutdown: ' (broker stopped)', command: '' };

/** Engine events as log lines. */
export function entriesOf(events: readonly HostEvent[]): LogEntry[] {
  return events.map((e) => {
    switch (e.type) {
      case 'topology': {
        const d = describeCommand(e.command);
        const who = e.user ? ` by ${e.user}` : '';
        return logEntry({ at: e.at, category: 'topology', severity: 'info', text: `${d.text}${CAUSES[e.cause] ?? ''}${who}`, ...(d.nodeId !== undefined && { nodeId: d.nodeId }) });
      }
      case 'connection.opened':
        return logEntry({ at: e.at, category: 'connection', severity: 'info', text: `${e.kind} connection ${e.connectionId} '${e.name}' opened by ${e.user} on vhost '${e.vhost}'`, nodeId: connectionNodeId(e.connectionId) });
      case 'connection.closed':
        return logEntry({ at: e.at, category: 'connection', severity: e.reason ? 'warn' : 'info', text: `connection ${e.connectionId} closed${e.reason ? `: ${e.reason}` : ''}` });
      case 'channel.opened':
      case 'channel.closed':
        return logEntry({ at: e.at, category: 'channel', severity: 'info', text: `channel ${e.channel} of connection ${e.connectionId} ${e.type === 'channel.opened' ? 'opened' : 'closed'}` });
      case 'consumer.created':
      case 'consumer.cancelled':
        return logEntry({
          at: e.at,
          category: 'consumer',
          severity: 'info',
          text: `consumer '${e.tag}' ${e.type === 'consumer.created' ? 'subscribed to' : 'cancelled on'} queue '${e.queue}'`,
          nodeId: queueId(e.vhost, e.queue),
        });
      case 'error':
        return logEntry({ at: e.at, category: 'error', severity: 'error', text: `${e.replyCode} ${e.text} (closes the ${e.scope}; connection ${e.connectionId}, channel ${e.channel})` });
    }
  });
}
