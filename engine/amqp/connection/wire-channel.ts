/**
 * One open channel on the wire: the engine's `Channel`, its content
 * assembler, its closing state, and the `ChannelSink` that turns what the
 * engine hands out (deliveries, returns, confirms, cancels) into frames.
 */
import type { Channel } from '../../core/channel.ts';
import type { ChannelSink } from '../../core/delivery.ts';
import type { AmqpError } from '../../core/errors.ts';
import type { BasicProperties, Message } from '../../core/message.ts';
import { encodeDelivery, encodeMethodFrame, writeDeliverInto } from '../codec/index.ts';
import type { FrameSlab } from '../codec/index.ts';
import { ContentAssembler } from './content-assembler.ts';

/** What a wire channel needs from its connection. */
export interface ChannelHost {
  /** Negotiated frame-max, for splitting bodies. */
  readonly frameMax: number;
  /** The client announced consumer_cancel_notify. */
  readonly cancelNotify: boolean;
  /** Queue bytes for the client. */
  push(buf: Buffer): void;
  /** The output slab deliveries are encoded into. */
  readonly out: FrameSlab;
  /** This channel holds coalesced confirms: call `flushConfirms` before the next write. */
  confirmsPending(ch: WireChannel): void;
  /** The engine closed the channel on its own (consumer timeout): send channel.close. */
  closedByBroker(ch: WireChannel, err: AmqpError): void;
}

export class WireChannel implements ChannelSink {
  readonly assembler: ContentAssembler;
  /** The engine channel; set right after channel.open. */
  engine!: Channel;
  /** channel.close was sent: every frame but close and close-ok is dropped until close-ok (spec, channel.close). */
  closing = false;
  /** The queue named by the last queue.declare: `''` in later methods means this one. */
  lastQueue = '';
  private runStart = 0;
  private runEnd = 0;
  /** Every publish sequence number up to this one has been confirmed on the wire. */
  private confirmedUpTo = 0;

  constructor(
    readonly id: number,
    private readonly host: ChannelHost,
    maxMessageSize: number,
  ) {
    this.assembler = new ContentAssembler(maxMessageSize);
  }

  deliver(consumerTag: string, deliveryTag: number, redelivered: boolean, message: Message, properties: BasicProperties): void {
    const m = { name: 'basic.deliver', consumerTag, deliveryTag, redelivered, exchange: message.exchange, routingKey: message.routingKey } as const;
    // Straight into the connection's output slab; the checked encoder reports what the fast path cannot write.
    if (!writeDeliverInto(this.host.out, this.id, m, properties, message.body, this.host.frameMax)) {
      this.host.push(encodeDelivery(this.id, m, properties, message.body, this.host.frameMax));
    }
  }

  returned(replyCode: number, replyText: string, message: Message): void {
    // A return precedes the publish's confirm (docs/confirms.md): pending acks are for earlier publishes.
    this.host.push(
      encodeDelivery(
        this.id,
        { name: 'basic.return', replyCode, replyText, exchange: message.exchange, routingKey: message.routingKey },
        message.properties,
        message.body,
        this.host.frameMax,
      ),
    );
  }

  /**
   * Publisher confirms, coalesced: a run of consecutive acks goes out as one
   * basic.ack with multiple=true when the connection next writes. A run only
   * starts right after the last sequence number confirmed, so `multiple`
   * never covers a publish still waiting for its confirm.
   */
  confirm(seq: number, multiple: boolean, ack: boolean): void {
    if (ack && !multiple) {
      if (this.runEnd !== 0 && seq === this.runEnd + 1) {
        this.runEnd = seq;
        return;
      }
      if (this.runEnd === 0 && seq === this.confirmedUpTo + 1) {
        this.runStart = this.runEnd = seq;
        this.host.confirmsPending(this);
        return;
      }
    }
    this.flushConfirms();
    this.host.push(
      encodeMethodFrame(this.id, ack ? { name: 'basic.ack', deliveryTag: seq, multiple } : { name: 'basic.nack', deliveryTag: seq, multiple, requeue: false }),
    );
    if (multiple ? seq > this.confirmedUpTo : seq === this.confirmedUpTo + 1) this.confirmedUpTo = seq;
  }

  /** Write the pending run of acks, if any. */
  flushConfirms(): void {
    if (this.runEnd === 0) return;
    const end = this.runEnd;
    this.host.push(encodeMethodFrame(this.id, { name: 'basic.ack', deliveryTag: end, multiple: end > this.runStart }));
    this.confirmedUpTo = end;
    this.runStart = this.runEnd = 0;
  }

  cancelled(consumerTag: string): void {
    // Only clients that announced consumer_cancel_notify get basic.cancel (docs/consumer-cancel.md).
    if (this.host.cancelNotify) this.host.push(encodeMethodFrame(this.id, { name: 'basic.cancel', consumerTag, nowait: true }));
  }

  closedByBroker(error: AmqpError): void {
    this.host.closedByBroker(this, error);
  }

  /** The channel is closing: send the confirms already due, drop a partial message. */
  discard(): void {
    this.flushConfirms();
    this.assembler.reset();
  }
}
