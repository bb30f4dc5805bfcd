import type { BrokerEvents, TopologyCause } from './broker-events.ts';
import type { Scheduler } from './clock.ts';
import type { Command, CommandContext, CommandResult, QueueType } from './commands.ts';
import type { ConnectionOptions } from './connection.ts';
import { Connection } from './connection.ts';
import { MessageCounters } from './counters.ts';
import { DirectReplyTo } from './direct-reply-to.ts';
import { AmqpError, accessRefused, notAllowed, vh } from './errors.ts';
import { Emitter } from './events.ts';
import type { BasicProperties, Message } from './message.ts';
import type { PermissionKind } from './permissions.ts';
import { PermissionTable } from './permissions.ts';
import { TopicPermissionTable } from './topic-permissions.ts';
import type { QueueEntry } from './queue-entry.ts';
import type { Queue } from './queue.ts';
import type { Random } from './random.ts';
import { SeededRandom } from './random.ts';
import { executeCommand, removeQueue } from './topology.ts';
import type { User } from './users.ts';
import { SHA256_ALGORITHM, checkPassword, hashPassword } from './users.ts';
import { VirtualHost } from './vhost.ts';

/** The user name the broker itself acts as (UI, import, simulator by default): never checked. */
export const INTERNAL_USER = '';

/** A durable message store, plugged in by the durability layer. */
export interface DurableStore {
  persisted(queue: Queue, entry: QueueEntry): void;
  unpersisted(queue: Queue, entry: QueueEntry): void;
  /** It was handed to a consumer or basic.get (so it comes back redelivered after a crash). */
  delivered?(queue: Queue, entry: QueueEntry): void;
  /** Run `fn` once everything recorded so far is on disk (group commit). */
  afterSync(fn: () => void): void;
}

export interface BrokerOptions {
  scheduler: Scheduler;
  /** Seeded randomness for names and password salts; defaults to seed 1. */
  random?: Random;
  /** Consumer (delivery acknowledgement) timeout; RabbitMQ's default is 30 minutes. 0 disables it. */
  consumerTimeoutMs?: number;
  /** Prefetch for consumers on channels that never sent basic.qos; 0 = unlimited. */
  defaultConsumerPrefetch?: number;
  /** Create `guest`/`guest` with full access to `/`, as a blank RabbitMQ node does. Default true. */
  defaultUser?: boolean;
  /** Users that may only connect from loopback (RabbitMQ's `loopback_users`). */
  loopbackUsers?: string[];
  /** Server-generated queue and consumer names draw from this prefix (RabbitMQ: amq.gen / amq.ctag). */
}

/** Resolved options. */
export interface ResolvedBrokerOptions {
  consumerTimeoutMs: number;
  defaultConsumerPrefetch: number;
  loopbackUsers: string[];
}

/** The outcome of `Broker.apply`: a value, or the protocol error RabbitMQ would give. */
export type ApplyResult = { ok: true; result: CommandResult } | { ok: false; error: AmqpError };

/**
 * The broker: virtual hosts, users and permissions, connections, and the one
 * entry point for topology commands. Pure: time and randomness are injected.
 */
export class Broker {
  readonly scheduler: Scheduler;
  readonly random: Random;
  readonly options: ResolvedBrokerOptions;
  readonly events = new Emitter<BrokerEvents>();
  /** Totals across the broker. */
  readonly counters = new MessageCounters();
  readonly vhosts = new Map<string, VirtualHost>();
  readonly users = new Map<string, User>();
  readonly permissions = new PermissionTable();
  readonly topicPermissions = new TopicPermissionTable();
  readonly connections = new Map<number, Connection>();
  readonly replyTo: DirectReplyTo;
  store: DurableStore | undefined;
  /**
   * False while the broker is stopped (engine/core/shutdown.ts), until the
   * durable store has replayed what survives: connections are refused.
   */
  running = true;
  private nextMessageId = 1;
  private nextConnectionId = 1;

  constructor(opts: BrokerOptions) {
    this.scheduler = opts.scheduler;
    this.random = opts.random ?? new SeededRandom(1);
    this.options = {
      consumerTimeoutMs: opts.consumerTimeoutMs ?? 1_800_000,
      defaultConsumerPrefetch: opts.defaultConsumerPrefetch ?? 0,
      loopbackUsers: opts.loopbackUsers ?? ['guest'],
    };
    this.replyTo = new DirectReplyTo(this.random);
    this.execute({ type: 'vhost.add', name: '/' });
    if (opts.defaultUser !== false) {
      this.execute({ type: 'user.add', name: 'guest', passwordHash: hashPassword('guest', this.random), hashingAlgorithm: SHA256_ALGORITHM, tags: ['administrator'] });
      this.execute({ type: 'permission.set', user: 'guest', vhost: '/', configure: '.*', write: '.*', read: '.*' });
    }
  }

  /** Apply a topology command; errors come back as values. */
  apply(cmd: Command, ctx: CommandContext = {}): ApplyResult {
    try {
      return { ok: true, result: this.execute(cmd, ctx) };
    } catch (e) {
      if (e instanceof AmqpError) return { ok: false, error: e };
      throw e;
    }
  }

  /** Apply a topology command; throws `AmqpError`. */
  execute(cmd: Command, ctx: CommandContext = {}): CommandResult {
    return executeCommand(this, cmd, ctx);
  }

  /** Tell listeners about a topology change (persistence logs these; the UI redraws from them). */
  topologyChanged(command: Command, cause: TopologyCause, ctx: CommandContext = {}): void {
    this.events.emit('topology', { command, cause, ctx });
  }

  vhost(name: string): VirtualHost | undefined {
    return this.vhosts.get(name);
  }

  /** Internal use by the vhost.add command. */
  createVhost(name: string, defaultQueueType: QueueType): VirtualHost {
    const v = new VirtualHost(this, name, defaultQueueType);
    this.vhosts.set(name, v);
    return v;
  }

  /** Check a user's password (PLAIN/AMQPLAIN). */
  authenticate(user: string, password: string): User | undefined {
    const u = this.users.get(user);
    return u && checkPassword(u, password) ? u : undefined;
  }

  /**
   * Open a connection to a vhost. 530 NOT_ALLOWED when the vhost is missing
   * or the user has no access to it (connection.open).
   */
  connect(opts: ConnectionOptions): Connection {
    if (!this.running) throw new AmqpError(320, 'broker is not running (restarting)', { scope: 'connection' });
    const v = this.vhosts.get(opts.vhost);
    if (!v) throw notAllowed(`vhost ${opts.vhost} not found`);
    if (opts.user !== INTERNAL_USER && !this.permissions.hasVhostAccess(opts.user, opts.vhost)) {
      throw notAllowed(`access to ${vh(opts.vhost)} refused for user '${opts.user}'`);
    }
    const c = new Connection(this, this.nextConnectionId++, v, opts);
    this.connections.set(c.id, c);
    this.events.emit('connection.opened', { connectionId: c.id, vhost: v.name, user: opts.user, kind: opts.kind, name: c.name });
    return c;
  }

  /** Called by a connection once closed. */
  connectionClosed(c: Connection, reason?: string): void {
    if (this.connections.delete(c.id)) this.events.emit('connection.closed', reason === undefined ? { connectionId: c.id } : { connectionId: c.id, reason });
  }

  /** Throw 403 ACCESS_REFUSED unless the user may do `kind` on the resource (docs/access-control.md). */
  checkPermission(user: string, vhost: string, kind: PermissionKind, type: 'exchange' | 'queue', name: string): void {
    if (user === INTERNAL_USER) return;
    const resource = type === 'exchange' && name === '' ? 'amq.default' : name;
    if (!this.permissions.allows(user, vhost, kind, resource)) {
      throw accessRefused(`access to ${type} '${resource}' in ${vh(vhost)} refused for user '${user}'`);
    }
  }

  /** A new message with a broker-wide id. */
  newMessage(exchange: string, routingKey: string, properties: BasicProperties, body: Uint8Array, publishedAt: number): Message {
    return { id: this.nextMessageId++, exchange, routingKey, properties, body, publishedAt };
  }

  /** A server-generated name: `amq.gen-…` for queues, `amq.ctag-…` for consumers. */
  generateName(prefix: 'amq.gen' | 'amq.ctag'): string {
    const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let s = `${prefix}-`;
    for (let i = 0; i < 22; i++) s += a[Math.floor(this.random.next() * 64)];
    return s;
  }

  consumerTag(): string {
    return this.generateName('amq.ctag');
  }

  /** Emit a per-message event only when someone listens (building it costs). */
  emitMessageEvent<K extends 'message.routed' | 'message.deadLettered'>(name: K, build: () => BrokerEvents[K]): void {
    if (this.events.has(name)) this.events.emit(name, build());
  }

  /** Delete a queue for a reason other than a client's command. */
  deleteQueueInternal(v: VirtualHost, q: Queue, cause: TopologyCause): void {
    if (q.deleted) return;
    removeQueue(this, v, q);
    this.topologyChanged({ type: 'queue.delete', vhost: v.name, name: q.name }, cause);
  }

  /** Close every connection (broker shutdown). */
  closeAll(): void {
    for (const c of [...this.connections.values()]) c.close();
  }
}
