import type { Broker } from '../core/broker.ts';
import { INTERNAL_USER } from '../core/broker.ts';
import type { Channel, GetResult } from '../core/channel.ts';
import type { Connection } from '../core/connection.ts';
import type { ChannelSink } from '../core/delivery.ts';
import { AmqpError } from '../core/errors.ts';
import type { FieldTable } from '../core/field-value.ts';
import type { BasicProperties } from '../core/message.ts';
import type { OwnQueueDeclare, SimChannel, SimClientOptions, SimTransport } from './transport.ts';

/**
 * A simulated client on the embedded broker: a `simulated` connection with
 * channel 1. Protocol errors close the channel (or the connection, for
 * connection-scoped ones) and reach the sink, as they would on the wire.
 */
class EmbeddedChannel implements SimChannel {
  private accepted: boolean | undefined = true;

  constructor(
    private readonly conn: Connection,
    private readonly ch: Channel,
    private readonly sink: ChannelSink,
  ) {}

  get connectionId(): number {
    return this.conn.id;
  }

  private fail(e: unknown): void {
    if (!(e instanceof AmqpError)) throw e;
    if (e.scope === 'connection') this.conn.close();
    else this.ch.close();
    this.sink.closedByBroker(e);
  }

  publish(exchange: string, routingKey: string, mandatory: boolean, props: BasicProperties, body: Uint8Array): number {
    try {
      const r = this.ch.publish(exchange, routingKey, mandatory, props, body);
      this.accepted = r.accepted;
      return r.seq;
    } catch (e) {
      this.fail(e);
      return -1;
    }
  }

  lastAccepted(): boolean | undefined {
    return this.accepted;
  }

  ack(tag: number, multiple: boolean): void {
    try {
      this.ch.ack(tag, multiple);
    } catch (e) {
      this.fail(e);
    }
  }

  nack(tag: number, multiple: boolean, requeue: boolean): void {
    try {
      this.ch.nack(tag, multiple, requeue);
    } catch (e) {
      this.fail(e);
    }
  }

  reject(tag: number, requeue: boolean): void {
    try {
      this.ch.reject(tag, requeue);
    } catch (e) {
      this.fail(e);
    }
  }

  qos(count: number, global: boolean): void {
    this.ch.qos(0, count, global);
  }

  confirmSelect(): void {
    this.ch.confirmSelect();
  }

  consume(queue: string, noAck: boolean, exclusive: boolean, args: FieldTable, done: (err: Error | undefined, tag: string) => void): void {
    let tag: string;
    try {
      tag = this.ch.consume(queue, '', noAck, exclusive, args);
    } catch (e) {
      this.fail(e);
      return done(e as Error, '');
    }
    done(undefined, tag);
  }

  cancel(tag: string): void {
    if (this.ch.open) this.ch.cancel(tag);
  }

  get(queue: string, noAck: boolean, done: (err: Error | undefined, r: GetResult | undefined) => void): void {
    let r: GetResult | undefined;
    try {
      r = this.ch.get(queue, noAck);
    } catch (e) {
      this.fail(e);
      return done(e as Error, undefined);
    }
    done(undefined, r);
  }

  declareQueue(q: OwnQueueDeclare, done: (err: Error | undefined, name: string) => void): void {
    const b = this.conn.broker;
    const r = b.apply({ type: 'queue.declare', vhost: this.conn.vhost.name, ...q }, { user: this.conn.user, connectionId: this.conn.id });
    if (!r.ok) {
      this.fail(r.error);
      return done(r.error, '');
    }
    done(undefined, r.result.type === 'queue.declare' ? r.result.name : q.name);
  }

  bindQueue(queue: string, exchange: string, routingKey: string, args: FieldTable, done: (err: Error | undefined) => void): void {
    const b = this.conn.broker;
    const cmd = { type: 'binding.add' as const, vhost: this.conn.vhost.name, source: exchange, destination: queue, destinationType: 'queue' as const, routingKey, arguments: args };
    const r = b.apply(cmd, { user: this.conn.user, connectionId: this.conn.id });
    if (!r.ok) this.fail(r.error);
    done(r.ok ? undefined : r.error);
  }

  close(): void {
    this.conn.close();
  }

  crash(): void {
    this.conn.close();
  }
}

/** Simulated clients connected straight to an embedded `Broker`. */
export class EmbeddedTransport implements SimTransport {
  readonly remote = false;
  constructor(readonly broker: Broker) {}

  connect(opts: SimClientOptions, sink: ChannelSink, done: (err: Error | undefined, ch: SimChannel | undefined) => void): void {
    let conn: Connection;
    try {
      conn = this.broker.connect({ user: opts.user ?? INTERNAL_USER, vhost: opts.vhost, kind: 'simulated', name: opts.name });
    } catch (e) {
      if (!(e instanceof AmqpError)) throw e;
      return done(e, undefined);
    }
    // The broker stopping closes the connection (320): the client hears it and recovers.
    conn.onForcedClose = (err) => sink.closedByBroker(err);
    done(undefined, new EmbeddedChannel(conn, conn.openChannel(1, sink), sink));
  }
}
