import type { GetResult } from '../core/channel.ts';
import type { ChannelSink } from '../core/delivery.ts';
import type { FieldTable } from '../core/field-value.ts';
import type { BasicProperties, Message } from '../core/message.ts';

/** How a simulated client connects. */
export interface SimClientOptions {
  /** Connection name (shown on the topology graph). */
  name: string;
  vhost: string;
  /** undefined: the embedded broker's internal user; for a remote broker, the URL's user. */
  user: string | undefined;
  /** The client will ask for publisher confirms (a client library may need to know up front). */
  confirm?: boolean;
}

/** A queue a client declares for itself. */
export interface OwnQueueDeclare {
  name: string;
  durable: boolean;
  exclusive: boolean;
  autoDelete: boolean;
  arguments: FieldTable;
}

type Done<T> = (err: Error | undefined, value: T) => void;

/**
 * One simulated client's connection with its single channel. Publishing and
 * acknowledging are synchronous fire-and-forget calls (as on the wire);
 * operations that wait for the broker's answer take a callback, which the
 * embedded transport calls at once and a network transport calls later.
 * A protocol error closes the channel and arrives as `sink.closedByBroker`.
 */
export interface SimChannel {
  /** The embedded broker's connection id (undefined for a remote broker). */
  readonly connectionId: number | undefined;
  /** Publish; returns the confirm sequence number (0 outside confirm mode, -1 if the channel failed). */
  publish(exchange: string, routingKey: string, mandatory: boolean, props: BasicProperties, body: Uint8Array): number;
  /**
   * Whether the last publish reached at least one queue that kept it: true,
   * false (unroutable, or every queue refused it), or undefined when the
   * transport cannot tell (a remote broker; use confirms and mandatory).
   */
  lastAccepted(): boolean | undefined;
  ack(tag: number, multiple: boolean): void;
  nack(tag: number, multiple: boolean, requeue: boolean): void;
  reject(tag: number, requeue: boolean): void;
  qos(count: number, global: boolean): void;
  confirmSelect(): void;
  consume(queue: string, noAck: boolean, exclusive: boolean, args: FieldTable, done: Done<string>): void;
  cancel(tag: string): void;
  get(queue: string, noAck: boolean, done: Done<GetResult | undefined>): void;
  declareQueue(q: OwnQueueDeclare, done: Done<string>): void;
  bindQueue(queue: string, exchange: string, routingKey: string, args: FieldTable, done: Done<void>): void;
  /** Close cleanly: unacked deliveries are requeued. */
  close(): void;
  /** Drop the connection without closing it (a crashed process): the broker requeues the same way. */
  crash(): void;
}

/** What a simulated client hears from its channel: the core's sink, plus what only a network transport tells. */
export interface SimSink extends ChannelSink {
  /**
   * A remote broker dropped this message as unroutable. Against a remote
   * broker every publish goes out `mandatory` so its return can tell this
   * (the embedded broker says at once: `lastAccepted`); a return the
   * scenario did not ask for arrives here, not at `returned`.
   */
  unroutable?(message: Message): void;
}

/** Where simulated clients connect: the embedded engine, or a real broker through a client library. */
export interface SimTransport {
  /** True for a broker elsewhere: its queues cannot be inspected, so loss and drain are judged from the clients. */
  readonly remote: boolean;
  /**
   * A network transport: resolves once no connect, declare or consume is
   * waiting for the broker's answer. The runner holds simulated time at the
   * start until then, so connecting to a real broker does not eat into the
   * producers' schedule (simulated time would run on while clients connect).
   */
  settled?(): Promise<void>;
  connect(opts: SimClientOptions, sink: SimSink, done: Done<SimChannel | undefined>): void;
}
