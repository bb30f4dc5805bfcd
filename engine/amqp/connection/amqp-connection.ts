/**
 * One client connection as a state machine: bytes in through `receive`,
 * frames out through a `Transport`. It checks the protocol header, runs the
 * handshake, keeps heartbeats, routes channel frames, and closes what a
 * protocol error scopes (spec §1.2 / §4.2: soft errors close the channel,
 * hard ones the connection) without ever throwing at its caller.
 */
import type { Broker } from '../../core/broker.ts';
import type { TimerHandle } from '../../core/clock.ts';
import type { Connection, WireStats } from '../../core/connection.ts';
import { AmqpError } from '../../core/errors.ts';
import { connectionForced } from '../../core/shutdown.ts';
import type { AmqpMethod, AmqpMethodInput, Frame } from '../codec/index.ts';
import { decodeMethod, encodeMethodFrame, FRAME_MIN_SIZE, FrameDecoder, FrameType, HEARTBEAT_FRAME, parseProtocolHeader, PROTOCOL_HEADER } from '../codec/index.ts';
import { ChannelFrames } from './channel-frames.ts';
import { toConnectionError } from './connection-errors.ts';
import type { ClientInfo, Tuning } from './handshake.ts';
import { authenticate, clientInfo, connectionName, LoginRefused, negotiate, startMethod, tuneMethod } from './handshake.ts';
import { Heartbeat } from './heartbeat.ts';
import type { MemoryAlarm } from './memory-alarm.ts';
import { ids, peekMethod } from './method-ids.ts';
import type { ResolvedServerOptions } from './options.ts';
import type { Transport } from './transport.ts';
import { FrameWriter } from './writer.ts';

/** RabbitMQ's connection states (rabbit_reader), plus `header` before the protocol header. */
export type ConnectionState = 'header' | 'starting' | 'tuning' | 'opening' | 'running' | 'closing' | 'closed';

/** What a connection needs from the server that accepted it. */
export interface ServerContext {
  readonly broker: Broker;
  readonly options: ResolvedServerOptions;
  readonly alarm: MemoryAlarm | undefined;
  /** The connection is gone. */
  removed(c: AmqpConnection): void;
}

const CLOSE = (10 << 16) | 50;
const CLOSE_OK = (10 << 16) | 51;

export class AmqpConnection {
  state: ConnectionState = 'header';
  /** The engine's connection, from connection.open on. */
  engine: Connection | undefined;
  client: ClientInfo | undefined;
  tuning: Tuning;
  readonly writer: FrameWriter;
  private readonly channels: ChannelFrames;
  private readonly decoder = new FrameDecoder();
  private headerBytes: Buffer | undefined;
  private user = '';
  private heartbeat: Heartbeat | undefined;
  private timer: TimerHandle | undefined;
  /** The frame stream is broken (a framing error): ignore further input. */
  private deaf = false;
  private blocked = false;
  private unsubscribe: (() => void) | undefined;
  /** Socket statistics and negotiated limits, shared with the engine's connection (management API). */
  private readonly wire: WireStats;

  constructor(
    readonly server: ServerContext,
    readonly transport: Transport,
  ) {
    const o = server.options;
    this.tuning = { channelMax: o.channelMax, frameMax: FRAME_MIN_SIZE, heartbeat: 0 };
    this.writer = new FrameWriter(transport, o.scheduleFlush, (accepting) => this.engine?.setWritable(accepting));
    this.channels = new ChannelFrames(this);
    this.wire = {
      localHost: transport.localAddress, localPort: transport.localPort,
      channelMax: this.tuning.channelMax, frameMax: this.tuning.frameMax, heartbeat: 0,
      recvOct: 0, recvCnt: 0, sendOct: 0, sendCnt: 0,
    };
    this.writer.onWrite = (bytes) => {
      this.wire.sendCnt++;
      this.wire.sendOct += bytes;
    };
    this.writer.beforeFlush = () => {
      this.channels.flushConfirms();
      if (this.heartbeat && this.writer.bufferedBytes > 0) this.heartbeat.sent = true;
    };
    // A client must finish the handshake in time (RabbitMQ's handshake_timeout); then the socket is dropped.
    this.timer = o.scheduler.setTimeout(() => {
      if (this.state !== 'running' && this.state !== 'closed') this.terminate();
    }, o.handshakeTimeoutMs);
  }

  get broker(): Broker {
    return this.server.broker;
  }

  /** Bytes from the client. Never throws. */
  receive(chunk: Buffer): void {
    if (this.state === 'closed' || this.deaf) return;
    this.wire.recvCnt++;
    this.wire.recvOct += chunk.length;
    if (this.heartbeat) this.heartbeat.received = true;
    let data: Buffer | undefined = chunk;
    if (this.state === 'header') data = this.readHeader(chunk);
    if (data !== undefined && data.length > 0) this.readFrames(data);
    if (this.state === 'running') this.channels.afterInput();
    this.writer.flush();
  }

  /** The transport drained its output buffer. */
  drained(): void {
    this.writer.drained();
  }

  /** The transport closed (peer gone, socket error). Never throws. */
  transportClosed(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.cleanup();
  }

  /** Close from the server side (shutdown): 320 CONNECTION_FORCED, as RabbitMQ sends on stop. */
  forceClose(reason = 'shutdown'): void {
    if (this.state === 'running') this.closeWith(connectionForced(reason));
    else if (this.state !== 'closing') this.terminate();
    this.writer.flush();
  }

  /** Queue a method frame on `channel`. */
  send(channel: number, method: AmqpMethodInput): void {
    this.writer.push(encodeMethodFrame(channel, method));
  }

  private readHeader(chunk: Buffer): Buffer | undefined {
    const bytes = this.headerBytes === undefined ? chunk : Buffer.concat([this.headerBytes, chunk]);
    const r = parseProtocolHeader(bytes);
    if (r.status === 'incomplete') {
      this.headerBytes = bytes;
      return undefined;
    }
    this.headerBytes = undefined;
    if (r.status === 'mismatch') {
      // Spec §4.2.2: answer with the protocol header we support, then close the socket.
      this.writer.push(Buffer.from(PROTOCOL_HEADER));
      this.writer.flush();
      this.state = 'closed';
      this.transport.end();
      this.cleanup();
      return undefined;
    }
    this.state = 'starting';
    this.send(0, startMethod(this.server.options));
    return bytes.subarray(8);
  }

  private readFrames(data: Buffer): void {
    this.decoder.write(data);
    for (;;) {
      let f: Frame | undefined;
      try {
        f = this.decoder.next();
      } catch (e) {
        this.deaf = true;
        this.fail(e);
        return;
      }
      if (f === undefined) return;
      try {
        this.frame(f);
      } catch (e) {
        this.fail(e);
      }
      if (this.state === 'closed' || this.deaf) return;
    }
  }

  private frame(f: Frame): void {
    if (this.state === 'closing') return this.closingFrame(f);
    if (f.type === FrameType.HEARTBEAT) return;
    if (f.channel !== 0) {
      if (this.state !== 'running') throw new AmqpError(504, `frame on channel ${f.channel} before the connection was opened`, { scope: 'connection' });
      return this.channels.frame(f);
    }
    if (f.type !== FrameType.METHOD) throw new AmqpError(505, `unexpected content frame on channel 0`, { scope: 'connection' });
    const m = decodeMethod(f.payload);
    try {
      this.connectionMethod(m);
    } catch (e) {
      throw e instanceof AmqpError && e.classId === 0 ? e.withMethod(...ids(m)) : e;
    }
  }

  private connectionMethod(m: AmqpMethod): void {
    switch (this.state) {
      case 'starting':
        if (m.name !== 'connection.start-ok') break;
        this.client = clientInfo(m);
        try {
          this.user = authenticate(this.broker, m, this.transport);
        } catch (e) {
          if (!(e instanceof LoginRefused)) throw e;
          // Without authentication_failure_close the client expects the socket to just close.
          if (this.client.authFailureClose) this.closeWith(e.error);
          else this.terminate();
          return;
        }
        this.state = 'tuning';
        return this.send(0, tuneMethod(this.server.options));
      case 'tuning':
        if (m.name !== 'connection.tune-ok') break;
        this.tuning = negotiate(this.server.options, m);
        Object.assign(this.wire, { channelMax: this.tuning.channelMax, frameMax: this.tuning.frameMax, heartbeat: this.tuning.heartbeat });
        // Frames after tune-ok may use the negotiated size; the decoder reads them one by one.
        this.decoder.frameMax = this.tuning.frameMax;
        if (this.tuning.heartbeat > 0) {
          this.heartbeat = new Heartbeat(this.server.options.scheduler, this.tuning.heartbeat, {
            send: () => this.transport.write(HEARTBEAT_FRAME),
            // RabbitMQ drops the socket without connection.close: the peer is not listening.
            timeout: () => this.terminate(),
          });
        }
        this.state = 'opening';
        return;
      case 'opening':
        if (m.name !== 'connection.open') break;
        return this.open(m.virtualHost);
      case 'running':
        if (m.name === 'connection.close') {
          this.send(0, { name: 'connection.close-ok' });
          return this.finish();
        }
        if (m.name === 'connection.update-secret') return this.send(0, { name: 'connection.update-secret-ok' });
        break;
      default:
        break;
    }
    const [classId, methodId] = ids(m);
    throw new AmqpError(504, `unexpected method in connection state ${this.state}`, { scope: 'connection', classId, methodId });
  }

  private open(vhost: string): void {
    const info = this.client!;
    this.engine = this.broker.connect({
      user: this.user, vhost, kind: 'amqp', name: connectionName(info, this.transport),
      peerHost: this.transport.remoteAddress, peerPort: this.transport.remotePort, clientProperties: info.properties, wire: this.wire,
    });
    // The broker stopping closes the engine's connection: the client hears why.
    this.engine.onForcedClose = (err) => {
      this.closeWith(err);
      this.writer.flush();
    };
    this.state = 'running';
    this.timer?.cancel();
    this.timer = undefined;
    this.send(0, { name: 'connection.open-ok' });
    const alarm = this.server.alarm;
    if (alarm) this.unsubscribe = alarm.subscribe((on) => (on ? this.channels.alarmRaised() : this.setBlocked(false)));
  }

  /** After connection.close was sent: only close and close-ok count (spec, connection.close). */
  private closingFrame(f: Frame): void {
    if (f.channel !== 0 || f.type !== FrameType.METHOD) return;
    const id = peekMethod(f);
    if (id === CLOSE) this.send(0, { name: 'connection.close-ok' });
    if (id === CLOSE || id === CLOSE_OK) this.finish();
  }

  /** Block or unblock a publisher: connection.blocked/unblocked and paused input (docs/connection-blocked.md). */
  setBlocked(blocked: boolean): void {
    if (this.blocked === blocked || this.state !== 'running') return;
    this.blocked = blocked;
    if (this.engine) this.engine.blocked = blocked;
    if (this.client?.blockedNotify) this.send(0, blocked ? { name: 'connection.blocked', reason: 'low on memory' } : { name: 'connection.unblocked' });
    this.heartbeat?.pauseMonitor(blocked);
    if (blocked) this.transport.pause();
    else this.transport.resume();
    this.writer.flush();
  }

  get isBlocked(): boolean {
    return this.blocked;
  }

  /** A connection error: send connection.close and wait for close-ok (or the close timeout). */
  closeWith(err: AmqpError): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    this.channels.flushConfirms();
    this.send(0, { name: 'connection.close', replyCode: err.code, replyText: err.replyText, classId: err.classId, methodId: err.methodId });
    this.state = 'closing';
    this.heartbeat?.stop();
    this.timer?.cancel();
    this.timer = this.server.options.scheduler.setTimeout(() => this.terminate(), this.server.options.closeTimeoutMs);
    if (this.engine) {
      this.broker.events.emit('error', { connectionId: this.engine.id, channel: 0, error: err });
      this.engine.close();
    }
    if (this.blocked) this.transport.resume();
  }

  /** Turn anything thrown while handling input into connection.close. */
  private fail(e: unknown): void {
    this.closeWith(toConnectionError(e));
  }

  /** The close handshake is done: flush and close the socket. */
  private finish(): void {
    this.writer.flush();
    this.state = 'closed';
    this.transport.end();
    this.cleanup();
  }

  /** Drop the socket without a close handshake. */
  private terminate(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.writer.flush();
    this.transport.destroy();
    this.cleanup();
  }

  private cleanup(): void {
    this.heartbeat?.stop();
    this.timer?.cancel();
    this.timer = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.writer.close();
    this.engine?.close();
    this.server.removed(this);
  }
}
