import amqp from 'amqplib';
import type { Channel as AmqpChannel, ChannelModel, ConfirmChannel, Message as AmqpMessage, Options } from 'amqplib';
import type { GetResult } from '../core/channel.ts';
import { AmqpError } from '../core/errors.ts';
import type { FieldTable } from '../core/field-value.ts';
import type { BasicProperties, Message } from '../core/message.ts';
import type { ScenarioIssue } from '../sim/scenario/issues.ts';
import type { PathedCommand } from '../sim/scenario/topology-commands.ts';
import type { OwnQueueDeclare, SimChannel, SimClientOptions, SimSink, SimTransport } from '../sim/transport.ts';
import type { CreatedEntity } from './target-topology.ts';
import { declareOnTarget, removeCreated, toAmqpError } from './target-topology.ts';

type Done<T> = (err: Error | undefined, value: T) => void;

/** An amqplib message as the engine's `Message` (ids and publish time are unknown on the client side). */
function toMessage(m: AmqpMessage): Message {
  const p = m.properties;
  const props: BasicProperties = {};
  for (const k of ['contentType', 'contentEncoding', 'headers', 'deliveryMode', 'priority', 'correlationId', 'replyTo', 'expiration', 'messageId', 'timestamp', 'type', 'userId', 'appId', 'clusterId'] as const) {
    const v = (p as unknown as Record<string, unknown>)[k];
    if (v !== undefined && v !== null) (props as Record<string, unknown>)[k] = v;
  }
  return { id: 0, exchange: m.fields.exchange, routingKey: m.fields.routingKey, properties: props, body: m.content, publishedAt: NaN };
}

function publishOptions(mandatory: boolean, p: BasicProperties): Options.Publish {
  const o: Options.Publish = { mandatory };
  if (p.headers !== undefined) o.headers = p.headers;
  if (p.deliveryMode !== undefined) o.deliveryMode = p.deliveryMode;
  if (p.priority !== undefined) o.priority = p.priority;
  if (p.expiration !== undefined) o.expiration = p.expiration;
  if (p.contentType !== undefined) o.contentType = p.contentType;
  if (p.correlationId !== undefined) o.correlationId = p.correlationId;
  if (p.replyTo !== undefined) o.replyTo = p.replyTo;
  return o;
}

const tagOnly = (deliveryTag: number): AmqpMessage => ({ fields: { deliveryTag } }) as unknown as AmqpMessage;

/** One simulated client over amqplib: its connection and its one channel. */
class AmqplibChannel implements SimChannel {
  readonly connectionId = undefined;
  private seq = 0;
  private closing = false;
  /** Whether the scenario asked for mandatory (the channel's one client always asks the same). */
  private mandatory = false;

  constructor(
    private readonly model: ChannelModel,
    private readonly ch: AmqpChannel | ConfirmChannel,
    private readonly confirm: boolean,
    private readonly sink: SimSink,
    private readonly track: <T>(p: Promise<T>) => Promise<T>,
    /** The connection is gone without a close handshake: the transport stops waiting for it. */
    private readonly forget: (model: ChannelModel) => void,
  ) {
    ch.on('return', (m: AmqpMessage) => {
      if (this.mandatory) sink.returned(312, 'NO_ROUTE', toMessage(m));
      else sink.unroutable?.(toMessage(m));
    });
    const lost = (e: unknown): void => {
      if (this.closing) return;
      this.closing = true;
      sink.closedByBroker(e === undefined ? new AmqpError(320, 'connection closed') : toAmqpError(e));
      model.close().catch(() => undefined);
    };
    ch.on('error', lost);
    ch.on('close', () => lost(undefined));
    model.on('error', lost);
  }

  publish(exchange: string, routingKey: string, mandatory: boolean, props: BasicProperties, body: Uint8Array): number {
    if (this.closing) return -1;
    const content = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    // Always mandatory: a return is the only way to learn that a remote broker dropped it.
    this.mandatory = mandatory;
    const opts = publishOptions(true, props);
    if (!this.confirm) {
      this.ch.publish(exchange, routingKey, content, opts);
      return 0;
    }
    const seq = ++this.seq;
    (this.ch as ConfirmChannel).publish(exchange, routingKey, content, opts, (err) => {
      if (!this.closing) this.sink.confirm(seq, false, err === null || err === undefined);
    });
    return seq;
  }

  lastAccepted(): undefined {
    return undefined;
  }

  ack(tag: number, multiple: boolean): void {
    if (!this.closing) this.ch.ack(tagOnly(tag), multiple);
  }

  nack(tag: number, multiple: boolean, requeue: boolean): void {
    if (!this.closing) this.ch.nack(tagOnly(tag), multiple, requeue);
  }

  reject(tag: number, requeue: boolean): void {
    if (!this.closing) this.ch.reject(tagOnly(tag), requeue);
  }

  qos(count: number, global: boolean): void {
    this.ch.prefetch(count, global).catch(() => undefined);
  }

  /** Confirm mode is chosen when the channel is opened (amqplib's ConfirmChannel). */
  confirmSelect(): void {}

  consume(queue: string, noAck: boolean, exclusive: boolean, args: FieldTable, done: Done<string>): void {
    let tag = '';
    this.track(this.ch
      .consume(
        queue,
        (m) => {
          if (m === null) return this.sink.cancelled(tag);
          const msg = toMessage(m);
          this.sink.deliver(m.fields.consumerTag, m.fields.deliveryTag, m.fields.redelivered, msg, msg.properties);
        },
        { noAck, exclusive, arguments: args },
      )
      .then((r) => done(undefined, (tag = r.consumerTag)), (e: unknown) => done(toAmqpError(e), '')));
  }

  cancel(tag: string): void {
    this.ch.cancel(tag).catch(() => undefined);
  }

  get(queue: string, noAck: boolean, done: Done<GetResult | undefined>): void {
    void this.track(this.ch.get(queue, { noAck }).then(
      (m) => {
        if (m === false) return done(undefined, undefined);
        const message = toMessage(m);
        done(undefined, { deliveryTag: m.fields.deliveryTag, redelivered: m.fields.redelivered, messageCount: m.fields.messageCount, message, properties: message.properties });
      },
      (e: unknown) => done(toAmqpError(e), undefined),
    ));
  }

  declareQueue(q: OwnQueueDeclare, done: Done<string>): void {
    void this.track(this.ch.assertQueue(q.name, { durable: q.durable, exclusive: q.exclusive, autoDelete: q.autoDelete, arguments: q.arguments }).then(
      (r) => done(undefined, r.queue),
      (e: unknown) => done(toAmqpError(e), ''),
    ));
  }

  bindQueue(queue: string, exchange: string, routingKey: string, args: FieldTable, done: Done<void>): void {
    void this.track(this.ch.bindQueue(queue, exchange, routingKey, args).then(
      () => done(undefined, undefined),
      (e: unknown) => done(toAmqpError(e), undefined),
    ));
  }

  close(): void {
    if (this.closing) return;
    this.closing = true;
    // The channel first: amqplib sends connection.close ahead of what the channel has
    // still queued, so closing the connection at once loses the last publishes (and acks).
    // channel.close follows them in the channel's own order; its close-ok means they arrived.
    const model = this.model;
    this.ch
      .close()
      .catch(() => undefined)
      .then(() => model.close())
      .catch(() => undefined);
  }

  /** Drop the socket without closing the connection, as a crashed process would. */
  crash(): void {
    if (this.closing) return;
    this.closing = true;
    const stream = (this.model.connection as unknown as { stream?: { destroy(): void } }).stream;
    if (!stream) return void this.model.close().catch(() => undefined);
    stream.destroy();
    // A destroyed socket never completes amqplib's close: nothing to wait for at the end.
    this.forget(this.model);
  }
}

/**
 * Simulated clients against any AMQP 0-9-1 broker (RabbitMQ, or Brokerlab's
 * own listener) through amqplib. The target URL gives host, port and
 * credentials; each client's vhost replaces the URL's path.
 */
export class AmqplibTransport implements SimTransport {
  readonly remote = true;
  private readonly models = new Set<ChannelModel>();
  /** Operations waiting for the broker's answer (connects, declares, consumes, gets). */
  private pending = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(readonly url: string) {}

  /** Count `p` as pending until it and what its callbacks started have settled. */
  private readonly track = <T>(p: Promise<T>): Promise<T> => {
    this.pending++;
    const out = p.finally(() => {
      if (--this.pending === 0) for (const w of this.waiters.splice(0)) w();
    });
    out.catch(() => undefined);
    return out;
  };

  /** Resolves once nothing waits for the broker (at most `limitMs` later: a hung connect must not hold a run forever). */
  settled(limitMs = 10_000): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(resolve, limitMs);
      this.waiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  /** The target URL for one vhost. */
  urlFor(vhost: string): string {
    const u = new URL(this.url);
    u.pathname = `/${encodeURIComponent(vhost)}`;
    return u.toString();
  }

  connect(opts: SimClientOptions, sink: SimSink, done: Done<SimChannel | undefined>): void {
    const open = async (): Promise<SimChannel> => {
      const model = await amqp.connect(this.urlFor(opts.vhost), { noDelay: true, clientProperties: { connection_name: opts.name } });
      this.models.add(model);
      model.on('close', () => this.models.delete(model));
      const ch = opts.confirm === true ? await model.createConfirmChannel() : await model.createChannel();
      return new AmqplibChannel(model, ch, opts.confirm === true, sink, this.track, (m) => this.models.delete(m));
    };
    void this.track(open().then(
      (ch) => done(undefined, ch),
      (e: unknown) => done(e instanceof Error ? e : new Error(String(e)), undefined),
    ));
  }

  /** Queues and exchanges `declareTopology` created (they did not exist before): `removeCreated` deletes them. */
  readonly created: CreatedEntity[] = [];

  /**
   * Declare a scenario's exchanges, queues and bindings on the target
   * (`declareOnTarget`). Returns the refusals (at the command's scenario path)
   * and the skipped commands (vhosts, users, permissions, policies).
   */
  async declareTopology(commands: readonly PathedCommand[]): Promise<{ errors: ScenarioIssue[]; skipped: ScenarioIssue[] }> {
    const { errors, skipped, created } = await declareOnTarget((v) => this.urlFor(v), commands);
    this.created.push(...created);
    return { errors, skipped };
  }

  /** After the run: delete the queues and exchanges it created; returns what could not be deleted. */
  async removeCreated(): Promise<string[]> {
    const failed = await removeCreated((v) => this.urlFor(v), this.created);
    this.created.length = 0;
    return failed;
  }

  /** Close every connection still open (end of a run), waiting at most `limitMs`. */
  async closeAll(limitMs = 5000): Promise<void> {
    // A connection whose socket died does not finish closing: give up on it after `limitMs`.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, limitMs)));
    await Promise.race([Promise.all([...this.models].map((m) => m.close().catch(() => undefined))), limit]);
    clearTimeout(timer);
  }
}
