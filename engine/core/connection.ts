import type { Broker } from './broker.ts';
import { Channel } from './channel.ts';
import type { ChannelSink } from './delivery.ts';
import type { AmqpError } from './errors.ts';
import { channelError, notFound, resourceLocked, vh } from './errors.ts';
import type { FieldTable } from './field-value.ts';
import { MessageCounters } from './counters.ts';
import type { PermissionKind } from './permissions.ts';
import type { Queue } from './queue.ts';
import type { VirtualHost } from './vhost.ts';

/** Where a connection comes from: a real AMQP client, or a simulated one. */
export type ConnectionKind = 'amqp' | 'simulated' | 'internal';

/** How a connection is opened. */
/**
 * What the wire knows of a network connection, kept up to date by the AMQP
 * layer: the negotiated limits, the server's own address, and the socket's
 * byte and write counts (RabbitMQ's inet statistics, as the management API
 * shows them).
 */
export interface WireStats {
  localHost: string;
  localPort: number;
  channelMax: number;
  frameMax: number;
  /** Negotiated heartbeat, seconds (0: none). */
  heartbeat: number;
  recvOct: number;
  recvCnt: number;
  sendOct: number;
  sendCnt: number;
}

export interface ConnectionOptions {
  user: string;
  vhost: string;
  kind: ConnectionKind;
  /** A display name (RabbitMQ shows `peer -> local`; clients may set `connection_name`). */
  name?: string;
  peerHost?: string;
  peerPort?: number;
  clientProperties?: FieldTable;
  /** A network connection's wire statistics (the AMQP listener's connections). */
  wire?: WireStats;
}

/** One client connection to a vhost: its channels, exclusive queues and permission checks. */
export class Connection {
  readonly channels = new Map<number, Channel>();
  readonly counters = new MessageCounters();
  readonly createdAt: number;
  /** False while the transport cannot take more output: deliveries pause. */
  writable = true;
  /** Publishing paused by the memory alarm (connection.blocked). */
  blocked = false;
  open = true;
  /**
   * Set by whoever holds the client end (the AMQP listener, a simulated
   * client): told when the broker itself closes the connection, so the
   * client hears connection.close with the reason.
   */
  onForcedClose: ((error: AmqpError) => void) | undefined;

  constructor(
    readonly broker: Broker,
    readonly id: number,
    readonly vhost: VirtualHost,
    readonly options: ConnectionOptions,
  ) {
    this.createdAt = broker.scheduler.now();
  }

  get user(): string {
    return this.options.user;
  }

  get kind(): ConnectionKind {
    return this.options.kind;
  }

  get name(): string {
    return this.options.name ?? `${this.options.kind}-${this.id}`;
  }

  /** channel.open. A channel number in use is a 504 CHANNEL_ERROR (connection error). */
  openChannel(id: number, sink: ChannelSink): Channel {
    if (!this.open) throw channelError('connection is closed');
    if (this.channels.has(id)) throw channelError(`second 'channel.open' seen`);
    const ch = new Channel(this, id, sink);
    this.channels.set(id, ch);
    this.broker.events.emit('channel.opened', { connectionId: this.id, channel: id });
    return ch;
  }

  channel(id: number): Channel | undefined {
    return this.channels.get(id);
  }

  /** Called by a channel once it has closed. */
  channelClosed(ch: Channel): void {
    if (this.channels.get(ch.id) === ch) {
      this.channels.delete(ch.id);
      this.broker.events.emit('channel.closed', { connectionId: this.id, channel: ch.id });
    }
  }

  /** The transport can take output again (or not): deliveries resume or pause. */
  setWritable(writable: boolean): void {
    if (this.writable === writable) return;
    this.writable = writable;
    if (writable) for (const ch of this.channels.values()) ch.dispatchAll();
  }

  /**
   * Close: every channel closes (requeueing its unacked messages), then the
   * exclusive queues this connection owns are deleted (docs/queues.md §exclusive).
   */
  close(reason?: string): void {
    if (!this.open) return;
    this.open = false;
    for (const ch of [...this.channels.values()]) ch.close();
    for (const q of [...this.vhost.queues.values()]) {
      if (q.exclusiveOwner === this.id) this.broker.deleteQueueInternal(this.vhost, q, 'owner-closed');
    }
    this.broker.connectionClosed(this, reason);
  }

  /**
   * The broker closes this connection itself (a node stopping: 320
   * CONNECTION_FORCED): close as `close` does, then tell the client end.
   */
  forceClose(error: AmqpError): void {
    if (!this.open) return;
    this.close(error.replyText);
    this.onForcedClose?.(error);
  }

  /** Throw 403 unless this connection's user has `kind` permission on the resource. */
  checkPermission(kind: PermissionKind, type: 'exchange' | 'queue', name: string): void {
    this.broker.checkPermission(this.user, this.vhost.name, kind, type, name);
  }

  /** Look up a queue for an operation: 404 if missing, 405 if another connection's exclusive queue, 403 without permission. */
  useQueue(name: string, kind: PermissionKind): Queue {
    // Permission first: a user without it learns nothing about the queue (rabbit_channel).
    this.checkPermission(kind, 'queue', name);
    const q = this.vhost.queues.get(name);
    if (!q) throw notFound('queue', name, this.vhost.name);
    this.assertQueueAccess(q);
    return q;
  }

  /** Exclusive queues belong to their declaring connection (405 RESOURCE_LOCKED for others). */
  assertQueueAccess(q: Queue): void {
    if (q.exclusiveOwner !== undefined && q.exclusiveOwner !== this.id) {
      throw resourceLocked(
        `cannot obtain exclusive access to locked queue '${q.name}' in ${vh(q.vhost)}. It could be originally declared on another connection or the exclusive property value does not match that of the original declaration.`,
      );
    }
  }
}

