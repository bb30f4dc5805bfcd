import type { Broker } from '../core/broker.ts';
import type { TopologyCause } from '../core/broker-events.ts';
import type { ConnectionKind } from '../core/connection.ts';
import type { JsonCommand } from './command-schema.ts';
import { toJsonTable } from './field-json.ts';
import type { ConnectionOrigin } from './snapshot-types.ts';
import { connectionOrigin } from './topology-snapshot.ts';

/**
 * An engine event as it crosses to a renderer: JSON-safe, stamped with the
 * broker's time. Per-message events are not forwarded; message flow shows in
 * the snapshot's counters instead.
 */
export type HostEvent = { at: number } & (
  | { type: 'topology'; command: JsonCommand; cause: TopologyCause; user: string | null }
  | { type: 'connection.opened'; connectionId: number; vhost: string; user: string; kind: ConnectionOrigin; name: string }
  | { type: 'connection.closed'; connectionId: number; reason: string | null }
  | { type: 'channel.opened' | 'channel.closed'; connectionId: number; channel: number }
  | { type: 'consumer.created' | 'consumer.cancelled'; connectionId: number; channel: number; vhost: string; queue: string; tag: string }
  | { type: 'error'; connectionId: number; channel: number; replyCode: number; text: string; scope: 'channel' | 'connection' }
);

export type HostEventType = HostEvent['type'];

function jsonCommand(c: import('../core/commands.ts').Command): JsonCommand {
  if ('arguments' in c) return { ...c, arguments: toJsonTable(c.arguments) } as JsonCommand;
  if (c.type === 'policy.set') return { ...c, definition: toJsonTable(c.definition) } as JsonCommand;
  return c as JsonCommand;
}

/**
 * Gathers engine events between pushes, at most `cap` per batch (the rest are
 * counted as dropped), and ignores the host's own internal connections.
 */
export class EventCollector {
  private buffer: HostEvent[] = [];
  private dropped = 0;
  private readonly unsubscribe: (() => void)[] = [];
  /** Connection ids of internal connections, whose churn is noise to a user. */
  private readonly hidden = new Set<number>();

  constructor(
    private readonly broker: Broker,
    private readonly cap = 500,
  ) {
    const e = broker.events;
    const now = (): number => broker.scheduler.now();
    const hiddenConn = (id: number): boolean => this.hidden.has(id);
    this.unsubscribe.push(
      e.on('topology', (ev) => this.push({ at: now(), type: 'topology', command: jsonCommand(ev.command), cause: ev.cause, user: ev.ctx.user ?? null })),
      e.on('connection.opened', (ev) => {
        if (ev.kind === 'internal') return void this.hidden.add(ev.connectionId);
        this.push({ at: now(), type: 'connection.opened', connectionId: ev.connectionId, vhost: ev.vhost, user: ev.user, kind: connectionOrigin(ev.kind as ConnectionKind), name: ev.name });
      }),
      e.on('connection.closed', (ev) => {
        if (this.hidden.delete(ev.connectionId)) return;
        this.push({ at: now(), type: 'connection.closed', connectionId: ev.connectionId, reason: ev.reason ?? null });
      }),
      e.on('channel.opened', (ev) => hiddenConn(ev.connectionId) || this.push({ at: now(), type: 'channel.opened', ...ev })),
      e.on('channel.closed', (ev) => hiddenConn(ev.connectionId) || this.push({ at: now(), type: 'channel.closed', ...ev })),
      e.on('consumer.created', (ev) => hiddenConn(ev.connectionId) || this.push({ at: now(), type: 'consumer.created', ...ev })),
      e.on('consumer.cancelled', (ev) => hiddenConn(ev.connectionId) || this.push({ at: now(), type: 'consumer.cancelled', ...ev })),
      e.on('error', (ev) =>
        this.push({ at: now(), type: 'error', connectionId: ev.connectionId, channel: ev.channel, replyCode: ev.error.code, text: ev.error.replyText, scope: ev.error.scope }),
      ),
    );
  }

  private push(ev: HostEvent): true {
    if (this.buffer.length < this.cap) this.buffer.push(ev);
    else this.dropped++;
    return true;
  }

  /** Events waiting to be sent. */
  get pending(): number {
    return this.buffer.length + this.dropped;
  }

  /** Take the gathered events and reset. */
  drain(): { events: HostEvent[]; dropped: number } {
    const out = { events: this.buffer, dropped: this.dropped };
    this.buffer = [];
    this.dropped = 0;
    return out;
  }

  /** Stop listening to the broker. */
  close(): void {
    for (const u of this.unsubscribe) u();
    this.unsubscribe.length = 0;
  }
}
