/**
 * A scripted AMQP client over an in-memory transport, for driving the
 * connection state machine byte by byte with virtual time: send any frame,
 * read back every frame the server wrote.
 */
import { Broker } from '../../../engine/core/broker.ts';
import type { BrokerOptions } from '../../../engine/core/broker.ts';
import { VirtualScheduler } from '../../../engine/core/clock.ts';
import type { FieldTable } from '../../../engine/core/field-value.ts';
import type { BasicProperties } from '../../../engine/core/message.ts';
import {
  decodeContentHeader, decodeMethod, encodeBodyFrames, encodeFrame, encodeHeaderFrame, encodeMethodFrame, FrameDecoder, FrameType, PROTOCOL_HEADER,
} from '../../../engine/amqp/codec/index.ts';
import type { AmqpMethod, AmqpMethodInput, ContentHeader, MethodOf } from '../../../engine/amqp/codec/index.ts';
import { AmqpServer } from '../../../engine/amqp/connection/amqp-server.ts';
import type { AmqpConnection } from '../../../engine/amqp/connection/amqp-connection.ts';
import type { AmqpServerOptions } from '../../../engine/amqp/connection/options.ts';
import type { Transport } from '../../../engine/amqp/connection/transport.ts';

/** A transport that records what the server writes. */
export class MemoryTransport implements Transport {
  readonly out: Buffer[] = [];
  ended = false;
  destroyed = false;
  paused = false;
  /** What `write` returns: false simulates a full socket. */
  accept = true;
  localAddress = '127.0.0.1';
  localPort = 5672;
  remotePort = 40000;
  constructor(public remoteAddress = '127.0.0.1') {}
  write(buf: Buffer): boolean {
    this.out.push(Buffer.from(buf));
    return this.accept;
  }
  pause(): void { this.paused = true; }
  resume(): void { this.paused = false; }
  end(): void { this.ended = true; }
  destroy(): void { this.destroyed = true; }
  get closed(): boolean { return this.ended || this.destroyed; }
}

/** A frame the server sent, decoded. */
export type Received =
  | { channel: number; kind: 'method'; method: AmqpMethod }
  | { channel: number; kind: 'header'; header: ContentHeader }
  | { channel: number; kind: 'body'; body: Buffer }
  | { channel: number; kind: 'heartbeat' };

export class WireClient {
  readonly transport: MemoryTransport;
  readonly conn: AmqpConnection;
  private readonly decoder = new FrameDecoder({ frameMax: 0 });
  private read = 0;
  /** Raw bytes before frames (the protocol header reply). */
  raw = Buffer.alloc(0);

  constructor(readonly server: AmqpServer, remoteAddress?: string) {
    this.transport = new MemoryTransport(remoteAddress);
    this.conn = server.handle(this.transport);
  }

  bytes(b: Uint8Array): this {
    this.conn.receive(Buffer.from(b));
    return this;
  }

  header(): this {
    return this.bytes(PROTOCOL_HEADER);
  }

  method(channel: number, m: AmqpMethodInput): this {
    return this.bytes(encodeMethodFrame(channel, m));
  }

  frame(type: number, channel: number, payload: Uint8Array): this {
    return this.bytes(encodeFrame(type, channel, payload));
  }

  publish(channel: number, exchange: string, routingKey: string, body: string | Buffer, props: BasicProperties = {}, opts: { mandatory?: boolean } = {}): this {
    const b = typeof body === 'string' ? Buffer.from(body) : body;
    this.method(channel, { name: 'basic.publish', exchange, routingKey, mandatory: opts.mandatory ?? false });
    this.bytes(encodeHeaderFrame(channel, 60, b.length, props));
    for (const f of encodeBodyFrames(channel, b, 4096)) this.bytes(f);
    return this;
  }

  /** Every frame written since the last call. */
  frames(): Received[] {
    runDeferred(this.server);
    const out: Received[] = [];
    for (; this.read < this.transport.out.length; this.read++) this.decoder.write(this.transport.out[this.read]!);
    for (let f = this.decoder.next(); f; f = this.decoder.next()) {
      if (f.type === FrameType.METHOD) out.push({ channel: f.channel, kind: 'method', method: decodeMethod(f.payload) });
      else if (f.type === FrameType.HEADER) out.push({ channel: f.channel, kind: 'header', header: decodeContentHeader(f.payload) });
      else if (f.type === FrameType.BODY) out.push({ channel: f.channel, kind: 'body', body: Buffer.from(f.payload) });
      else out.push({ channel: f.channel, kind: 'heartbeat' });
    }
    return out;
  }

  /** Names of the methods written since the last call, as `channel:name`. */
  names(): string[] {
    return this.frames().flatMap((f) => (f.kind === 'method' ? [`${f.channel}:${f.method.name}`] : f.kind === 'heartbeat' ? ['heartbeat'] : []));
  }

  /** The last method named `name` written since the last call. */
  last<N extends AmqpMethod['name']>(name: N): MethodOf<N> | undefined {
    const ms = this.frames().flatMap((f) => (f.kind === 'method' && f.method.name === name ? [f.method] : []));
    return ms.at(-1) as MethodOf<N> | undefined;
  }

  startOk(opts: { user?: string; password?: string; mechanism?: string; response?: Uint8Array; capabilities?: FieldTable } = {}): this {
    const response = opts.response ?? Buffer.from(`\0${opts.user ?? 'guest'}\0${opts.password ?? 'guest'}`);
    const capabilities = opts.capabilities ?? { authentication_failure_close: true, consumer_cancel_notify: true, 'connection.blocked': true };
    return this.method(0, { name: 'connection.start-ok', clientProperties: { product: 'wire-client', capabilities }, mechanism: opts.mechanism ?? 'PLAIN', response });
  }

  /** Header, start-ok, tune-ok and open; then channel 1 open unless `channel` is false. */
  handshake(opts: { heartbeat?: number; vhost?: string; channel?: boolean } = {}): this {
    this.header().startOk().method(0, { name: 'connection.tune-ok', channelMax: 0, frameMax: 131072, heartbeat: opts.heartbeat ?? 0 });
    this.method(0, { name: 'connection.open', virtualHost: opts.vhost ?? '/' });
    if (opts.channel !== false) this.method(1, { name: 'channel.open' });
    this.frames();
    return this;
  }
}

/** Flushes each test server has scheduled: they run when a client reads its frames, as at the end of an I/O turn. */
const deferred = new WeakMap<AmqpServer, (() => void)[]>();

function runDeferred(server: AmqpServer): void {
  const q = deferred.get(server);
  while (q && q.length > 0) q.shift()!();
}

/** A broker on virtual time with a wire server whose scheduled flushes run when a client reads. */
export function wireServer(opts: { broker?: Partial<BrokerOptions>; server?: AmqpServerOptions } = {}): { broker: Broker; server: AmqpServer; clock: VirtualScheduler } {
  const clock = new VirtualScheduler();
  const broker = new Broker({ scheduler: clock, ...opts.broker });
  const queue: (() => void)[] = [];
  const server = new AmqpServer(broker, { scheduleFlush: (fn) => void queue.push(fn), ...opts.server });
  deferred.set(server, queue);
  return { broker, server, clock };
}
