import amqp from 'amqplib';
import type { Channel as AmqpChannel, ChannelModel, ConfirmChannel, Message as AmqpMessage, Options } from 'amqplib';
import type { GetResult } from '../core/channel.ts';
import type { ChannelSink } from '../core/delivery.ts';
import { AmqpError } from '../core/errors.ts';
import type { FieldTable } from '../core/field-value.ts';
import type { BasicProperties, Message } from '../core/message.ts';
import type { ScenarioIssue } from '../sim/scenario/issues.ts';
import type { PathedCommand } from '../sim/scenario/topology-commands.ts';
import type { OwnQueueDeclare, SimChannel, SimClientOptions, SimTransport } from '../sim/transport.ts';

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

/** A protocol error from amqplib (`code` is the reply code) as an `AmqpError`. */
function toAmqpError(e: unknown): AmqpError {
  const code = typeof (e as { code?: unknown }).code === 'number' ? (e as { code: number }).code : 541;
  const text = e instanceof Error ? e.message.replace(/^.*?with message "(.*)"$/s, '$1') : String(e);
  return new AmqpError(code, text.replace(/^[A-Z_]+ - /, ''));
}

const tagOnly = (deliveryTag: number): AmqpMessage => ({ fields: { deliveryTag } }) as unknown as AmqpMessage;

/** One simulated client over amqplib: its connection and its one channel. */
class AmqplibChannel implements SimChannel {
  readonly connectionId = undefined;
  private seq = 0;
  private closing = false;

  constructor(
    private readonly model: ChannelModel,
    private readonly ch: AmqpChannel | ConfirmChannel,
    private readonly confirm: boolean,
    private readonly sink: ChannelSink,
  ) {
    ch.on('return', (m: AmqpMessage) => sink.returned(312, 'NO_ROUTE', toMessage(m)));
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
    const opts = publishOptions(mandatory, props);
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
    this.ch
      .consume(
        queue,
        (m) => {
          if (m === null) return this.sink.cancelled(tag);
          const msg = toMessage(m);
          this.sink.deliver(m.fields.consumerTag, m.fields.deliveryTag, m.fields.redelivered, msg, msg.properties);
        },
        { noAck, exclusive, arguments: args },
      )
      .then((r) => done(undefined, (tag = r.consumerTag)), (e: unknown) => done(toAmqpError(e), ''));
  }

  cancel(tag: string): void {
    this.ch.cancel(tag).catch(() => undefined);
  }

  get(queue: string, noAck: boolean, done: Done<GetResult | undefined>): void {
    this.ch.get(queue, { noAck }).then(
      (m) => {
        if (m === false) return done(undefined, undefined);
        const message = toMessage(m);
        done(undefined, { deliveryTag: m.fields.deliveryTag, redelivered: m.fields.redelivered, messageCount: m.fields.messageCount, message, properties: message.properties });
      },
      (e: unknown) => done(toAmqpError(e), undefined),
    );
  }

  declareQueue(q: OwnQueueDeclare, done: Done<string>): void {
    this.ch.assertQueue(q.name, { durable: q.durable, exclusive: q.exclusive, autoDelete: q.autoDelete, arguments: q.arguments }).then(
      (r) => done(undefined, r.queue),
      (e: unknown) => done(toAmqpError(e), ''),
    );
  }

  bindQueue(queue: string, exchange: string, routingKey: string, args: FieldTable, done: Done<void>): void {
    this.ch.bindQueue(queue, exchange, routingKey, args).then(
      () => done(undefined, undefined),
      (e: unknown) => done(toAmqpError(e), undefined),
    );
  }

  close(): void {
    if (this.closing) return;
    this.closing = true;
    this.model.close().catch(() => undefined);
  }

  /** Drop the socket without closing the connection, as a crashed process would. */
  crash(): void {
    if (this.closing) return;
    this.closing = true;
    const stream = (this.model.connection as unknown as { stream?: { destroy(): void } }).stream;
    if (stream) stream.destroy();
    else this.model.close().catch(() => undefined);
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

  constructor(readonly url: string) {}

  /** The target URL for one vhost. */
  urlFor(vhost: string): string {
    const u = new URL(this.url);
    u.pathname = `/${encodeURIComponent(vhost)}`;
    return u.toString();
  }

  connect(opts: SimClientOptions, sink: ChannelSink, done: Done<SimChannel | undefined>): void {
    const open = async (): Promise<SimChannel> => {
      const model = await amqp.connect(this.urlFor(opts.vhost), { clientProperties: { connection_name: opts.name } });
      this.models.add(model);
      model.on('close', () => this.models.delete(model));
      const ch = opts.confirm === true ? await model.createConfirmChannel() : await model.createChannel();
      return new AmqplibChannel(model, ch, opts.confirm === true, sink);
    };
    open().then(
      (ch) => done(undefined, ch),
      (e: unknown) => done(e instanceof Error ? e : new Error(String(e)), undefined),
    );
  }

  /**
   * Declare a scenario's exchanges, queues and bindings on the target, one
   * connection per vhost. Vhosts, users, permissions and policies cannot be made over
   * AMQP: they are reported as skipped and must exist already. Returns the
   * refusals (at the command's scenario path) and the skipped commands.
   */
  async declareTopology(commands: readonly PathedCommand[]): Promise<{ errors: ScenarioIssue[]; skipped: ScenarioIssue[] }> {
    const errors: ScenarioIssue[] = [];
    const skipped: ScenarioIssue[] = [];
    const channels = new Map<string, Promise<{ model: ChannelModel; ch: AmqpChannel }>>();
    const channelFor = (vhost: string): Promise<{ model: ChannelModel; ch: AmqpChannel }> => {
      let c = channels.get(vhost);
      if (!c) {
        c = amqp.connect(this.urlFor(vhost)).then(async (model) => {
          const ch = await model.createChannel();
          // A refused declare closes the channel with an error event; the rejected promise reports it.
          ch.on('error', () => undefined);
          model.on('error', () => undefined);
          return { model, ch };
        });
        channels.set(vhost, c);
      }
      return c;
    };
    for (const { command: c, path } of commands) {
      if (c.type === 'vhost.add' || c.type === 'user.add' || c.type === 'permission.set' || c.type === 'topic-permission.set' || c.type === 'policy.set') {
        skipped.push({ path, message: `${c.type} cannot be done over AMQP; it must exist on the target already` });
        continue;
      }
      if (c.type !== 'exchange.declare' && c.type !== 'queue.declare' && c.type !== 'binding.add') continue;
      try {
        // A failed declare closes the channel: open a fresh one for the next command.
        const { ch } = await channelFor(c.vhost);
        if (c.type === 'exchange.declare') await ch.assertExchange(c.name, c.exchangeType, { durable: c.durable, autoDelete: c.autoDelete, internal: c.internal, arguments: c.arguments });
        else if (c.type === 'queue.declare') await ch.assertQueue(c.name, { durable: c.durable, exclusive: false, autoDelete: c.autoDelete, arguments: c.arguments });
        else if (c.destinationType === 'queue') await ch.bindQueue(c.destination, c.source, c.routingKey, c.arguments);
        else await ch.bindExchange(c.destination, c.source, c.routingKey, c.arguments);
      } catch (e) {
        errors.push({ path, message: toAmqpError(e).replyText });
        const stale = channels.get(c.vhost);
        channels.delete(c.vhost);
        stale?.then(({ model }) => model.close()).catch(() => undefined);
      }
    }
    for (const c of channels.values()) await c.then(({ model }) => model.close()).catch(() => undefined);
    return { errors, skipped };
  }

  /** Close every connection still open (end of a run). */
  async closeAll(): Promise<void> {
    await Promise.all([...this.models].map((m) => m.close().catch(() => undefined)));
  }
}
