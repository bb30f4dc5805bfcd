/**
 * The channels of one running connection: channel.open and close, frames
 * routed to their channel, content assembly, publishing, and channel
 * exceptions. After a channel exception the channel sends channel.close and
 * drops every frame but close and close-ok until the client confirms (spec,
 * channel.close). Connection-scoped errors are thrown to `AmqpConnection`.
 */
import type { Broker } from '../../core/broker.ts';
import type { Connection } from '../../core/connection.ts';
import { AmqpError } from '../../core/errors.ts';
import type { AmqpMethod, Frame } from '../codec/index.ts';
import { decodeMethod, FrameType } from '../codec/index.ts';
import type { AmqpConnection } from './amqp-connection.ts';
import { ids, peekMethod } from './method-ids.ts';
import type { DispatchContext } from './channel-dispatch.ts';
import { dispatchChannelMethod } from './channel-dispatch.ts';
import type { AssembledPublish } from './content-assembler.ts';
import type { ChannelHost } from './wire-channel.ts';
import { WireChannel } from './wire-channel.ts';
import type { FrameWriter } from './writer.ts';

const CHANNEL_OPEN = (20 << 16) | 10;
const CHANNEL_CLOSE = (20 << 16) | 40;
const CHANNEL_CLOSE_OK = (20 << 16) | 41;

export class ChannelFrames implements ChannelHost, DispatchContext {
  private readonly channels = new Map<number, WireChannel>();
  /** Channels holding coalesced confirms. */
  private dirty: WireChannel[] = [];
  /** Body bytes published since the last look at the memory alarm. */
  private publishedBytes = 0;
  /** This connection has published: the memory alarm blocks it. */
  private publisher = false;

  constructor(private readonly c: AmqpConnection) {}

  get broker(): Broker {
    return this.c.broker;
  }

  get conn(): Connection {
    return this.c.engine!;
  }

  get writer(): FrameWriter {
    return this.c.writer;
  }

  get out(): FrameWriter {
    return this.c.writer;
  }

  get frameMax(): number {
    return this.c.tuning.frameMax;
  }

  get cancelNotify(): boolean {
    return this.c.client?.cancelNotify === true;
  }

  push(buf: Buffer): void {
    this.c.writer.push(buf);
  }

  confirmsPending(ch: WireChannel): void {
    this.dirty.push(ch);
    // A confirm may come later than the publish (after the store's fsync): make sure a write follows.
    this.c.writer.schedule();
  }

  closedByBroker(ch: WireChannel, err: AmqpError): void {
    this.channelException(ch, err);
  }

  /** Write every channel's pending run of confirms. */
  flushConfirms(): void {
    if (this.dirty.length === 0) return;
    const chs = this.dirty;
    this.dirty = [];
    for (const ch of chs) ch.flushConfirms();
  }

  /** One frame on a channel other than 0. */
  frame(f: Frame): void {
    const ch = this.channels.get(f.channel);
    if (ch === undefined) return this.unopened(f);
    if (ch.closing) return this.closingFrame(ch, f);
    let m: AmqpMethod | undefined;
    try {
      if (f.type === FrameType.METHOD) {
        ch.assembler.checkMethodAllowed();
        m = decodeMethod(f.payload);
        this.method(ch, m);
      } else {
        const p = f.type === FrameType.HEADER ? ch.assembler.header(f.payload) : ch.assembler.bodyFrame(f.payload);
        if (p !== undefined) this.publish(ch, p);
      }
    } catch (e) {
      if (!(e instanceof AmqpError)) throw e;
      // Content frames belong to basic.publish.
      const err = e.classId !== 0 ? e : m === undefined ? e.withMethod(60, 40) : e.withMethod(...ids(m));
      if (err.scope === 'channel') this.channelException(ch, err);
      else throw err;
    }
  }

  private method(ch: WireChannel, m: AmqpMethod): void {
    switch (m.name) {
      case 'basic.publish':
        // RabbitMQ never implemented immediate delivery.
        if (m.immediate) throw new AmqpError(540, 'immediate=true', { scope: 'connection' });
        this.publisher = true;
        return ch.assembler.start(m);
      case 'channel.close':
        ch.discard();
        ch.engine.close();
        this.channels.delete(ch.id);
        return this.c.send(ch.id, { name: 'channel.close-ok' });
      case 'channel.close-ok':
        return;
      case 'channel.open':
        throw new AmqpError(504, "second 'channel.open' seen", { scope: 'connection' });
      default:
        return dispatchChannelMethod(this, ch, m);
    }
  }

  private publish(ch: WireChannel, p: AssembledPublish): void {
    const m = p.method;
    ch.engine.publish(m.exchange, m.routingKey, m.mandatory, p.properties, p.body);
    this.publishedBytes += p.body.length;
  }

  /** A frame on a channel that is not open: only channel.open makes sense. */
  private unopened(f: Frame): void {
    const id = f.type === FrameType.METHOD ? peekMethod(f) : -1;
    if (id === CHANNEL_OPEN) {
      decodeMethod(f.payload);
      return this.openChannel(f.channel);
    }
    // A close crossing ours, or a close of an unknown channel: confirm it (rabbit_reader).
    if (id === CHANNEL_CLOSE) return this.c.send(f.channel, { name: 'channel.close-ok' });
    if (id === CHANNEL_CLOSE_OK) return;
    throw new AmqpError(504, `expected 'channel.open' on channel ${f.channel}`, {
      scope: 'connection',
      ...(id >= 0 && { classId: id >>> 16, methodId: id & 0xffff }),
    });
  }

  private openChannel(id: number): void {
    const max = this.c.tuning.channelMax;
    if (id > max) {
      throw new AmqpError(530, `channel ${id} is above the negotiated channel_max (${max})`, { scope: 'connection', classId: 20, methodId: 10 });
    }
    const ch = new WireChannel(id, this, this.c.server.options.maxMessageSize);
    ch.engine = this.conn.openChannel(id, ch);
    this.channels.set(id, ch);
    this.c.send(id, { name: 'channel.open-ok' });
  }

  private closingFrame(ch: WireChannel, f: Frame): void {
    if (f.type !== FrameType.METHOD) return;
    const id = peekMethod(f);
    if (id === CHANNEL_CLOSE) this.c.send(ch.id, { name: 'channel.close-ok' });
    if (id === CHANNEL_CLOSE || id === CHANNEL_CLOSE_OK) this.channels.delete(ch.id);
  }

  /** A soft error: close the channel with its code and the failing method. */
  private channelException(ch: WireChannel, err: AmqpError): void {
    if (ch.closing || this.c.state !== 'running') return;
    ch.discard();
    ch.closing = true;
    ch.engine.close();
    this.c.send(ch.id, { name: 'channel.close', replyCode: err.code, replyText: err.replyText, classId: err.classId, methodId: err.methodId });
    this.broker.events.emit('error', { connectionId: this.conn.id, channel: ch.id, error: err });
  }

  /** After a chunk of input: feed the memory alarm, and block this publisher if it is on. */
  afterInput(): void {
    const alarm = this.c.server.alarm;
    if (alarm === undefined) return;
    if (this.publishedBytes > 0) {
      const n = this.publishedBytes;
      this.publishedBytes = 0;
      alarm.notePublished(n);
    }
    if (alarm.alarmed && this.publisher && !this.c.isBlocked) this.c.setBlocked(true);
  }

  /** The memory alarm went on: connections that publish are blocked (consumers keep draining). */
  alarmRaised(): void {
    if (this.publisher) this.c.setBlocked(true);
  }
}
