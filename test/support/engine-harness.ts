import { Broker, INTERNAL_USER } from '../../engine/core/broker.ts';
import type { BrokerOptions } from '../../engine/core/broker.ts';
import type { Channel } from '../../engine/core/channel.ts';
import { VirtualScheduler } from '../../engine/core/clock.ts';
import type { Connection } from '../../engine/core/connection.ts';
import type { ChannelSink } from '../../engine/core/delivery.ts';
import type { AmqpError } from '../../engine/core/errors.ts';
import type { BasicProperties, Message } from '../../engine/core/message.ts';

/** One recorded delivery. */
export interface Delivered {
  consumerTag: string;
  deliveryTag: number;
  redelivered: boolean;
  message: Message;
  properties: BasicProperties;
  body: string;
}

/** A channel sink that records everything the broker sends, for assertions. */
export class RecordingSink implements ChannelSink {
  deliveries: Delivered[] = [];
  returns: { code: number; text: string; message: Message }[] = [];
  confirms: { seq: number; multiple: boolean; ack: boolean }[] = [];
  cancels: string[] = [];
  closes: AmqpError[] = [];
  /** Called on each delivery (e.g. to ack synchronously). */
  onDeliver: ((d: Delivered) => void) | undefined;

  deliver(consumerTag: string, deliveryTag: number, redelivered: boolean, message: Message, properties: BasicProperties): void {
    const d = { consumerTag, deliveryTag, redelivered, message, properties, body: new TextDecoder().decode(message.body) };
    this.deliveries.push(d);
    this.onDeliver?.(d);
  }
  returned(code: number, text: string, message: Message): void {
    this.returns.push({ code, text, message });
  }
  confirm(seq: number, multiple: boolean, ack: boolean): void {
    this.confirms.push({ seq, multiple, ack });
  }
  cancelled(tag: string): void {
    this.cancels.push(tag);
  }
  closedByBroker(error: AmqpError): void {
    this.closes.push(error);
  }
  bodies(): string[] {
    return this.deliveries.map((d) => d.body);
  }
}

/** A broker on virtual time plus helpers to open recorded channels. */
export class EngineHarness {
  readonly clock: VirtualScheduler;
  readonly broker: Broker;
  private nextChannel = 1;

  constructor(opts: Partial<BrokerOptions> = {}) {
    this.clock = new VirtualScheduler(1_700_000_000_000);
    this.broker = new Broker({ scheduler: this.clock, ...opts });
  }

  connect(user = INTERNAL_USER, vhost = '/'): Connection {
    return this.broker.connect({ user, vhost, kind: 'internal' });
  }

  /** A new connection with one channel. */
  channel(conn?: Connection): { ch: Channel; sink: RecordingSink; conn: Connection } {
    const c = conn ?? this.connect();
    const sink = new RecordingSink();
    const ch = c.openChannel(this.nextChannel++, sink);
    return { ch, sink, conn: c };
  }
}

export const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Declare a queue with defaults. */
export function declareQueue(ch: Channel, name: string, args: Record<string, unknown> = {}, opts: { durable?: boolean; exclusive?: boolean; autoDelete?: boolean } = {}): string {
  const r = ch.connection.broker.execute(
    { type: 'queue.declare', vhost: ch.connection.vhost.name, name, durable: opts.durable ?? false, exclusive: opts.exclusive ?? false, autoDelete: opts.autoDelete ?? false, arguments: args as never },
    { user: ch.connection.user, connectionId: ch.connection.id },
  );
  return r.type === 'queue.declare' ? r.name : name;
}
