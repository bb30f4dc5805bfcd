import type { AmqpError } from '../core/errors.ts';
import type { FieldTable } from '../core/field-value.ts';
import type { BasicProperties, Message } from '../core/message.ts';
import type { ClientMetricsSource } from '../metrics/sources.ts';
import type { ClientState } from '../metrics/snapshot-types.ts';
import { DeliveryBuffer } from './delivery-buffer.ts';
import { sample } from './random-streams.ts';
import type { ConsumerSpec } from './scenario/schema-clients.ts';
import { ReceiptCheck } from './receipt-check.ts';
import { H_TS, numberHeader } from './sim-headers.ts';
import { SimClient } from './sim-client.ts';
import type { SimContext } from './sim-context.ts';
import type { SimChannel } from './transport.ts';

const EMPTY_BODY = new Uint8Array(0);

/** What happens to a message once handled. */
const enum Outcome {
  Ack,
  NackRequeue,
  Reject,
  Crash,
  Hang,
}

/**
 * One simulated consumer instance: a connection and channel consuming (or
 * polling with basic.get) from a queue, handling one message at a time for
 * its processing time, then acking — or failing as its probabilities say.
 * Deliveries beyond the one in hand wait in a client-side buffer, bounded by
 * the prefetch, as in a real client library.
 */
export class SimConsumer extends SimClient implements ClientMetricsSource {
  private readonly receipts: ReceiptCheck;
  /** Messages whose handling finished. */
  processed = 0;
  /** The queue consumed now (server-named for `ownQueue`). */
  queueName = '';
  private readonly buffer = new DeliveryBuffer();
  private busy = false;
  private pumping = false;
  private blocked = false;
  private curTag = 0;
  private curMsg: Message | undefined;
  private curProps: BasicProperties | undefined;
  private nextStartAt = -Infinity;
  private pendingAcks = 0;
  private timeouts = 0;

  constructor(
    ctx: SimContext,
    readonly spec: ConsumerSpec,
    instance: number,
  ) {
    super(ctx, 'consumer', spec, instance);
    this.receipts = new ReceiptCheck(ctx);
  }

  get latency(): ReceiptCheck['latency'] {
    return this.receipts.latency;
  }

  get ordering(): ReceiptCheck['ordering'] {
    return this.receipts.ordering;
  }

  protected connect(): void {
    const { spec } = this;
    this.openConnection((ch) => {
      if (spec.prefetch > 0) ch.qos(spec.prefetch, false);
      if (spec.channelPrefetch > 0) ch.qos(spec.channelPrefetch, true);
      const own = spec.ownQueue;
      if (!own) return this.subscribe(ch, spec.queue!);
      const { bindings, ...declare } = own;
      ch.declareQueue({ ...declare, arguments: declare.arguments as FieldTable }, (e, name) => {
        if (e || this.ch !== ch) return;
        for (const b of bindings) ch.bindQueue(name, b.exchange, b.routingKey, b.arguments as FieldTable, () => undefined);
        if (this.ch === ch) this.subscribe(ch, name);
      });
    });
  }

  private subscribe(ch: SimChannel, queue: string): void {
    this.queueName = queue;
    this.receipts.useQueue(this.spec.vhost, queue);
    this.status = this.blocked ? 'blocked' : 'running';
    if (this.spec.mode === 'get') return this.later(this.poll, 0);
    const args: FieldTable = this.spec.priority === undefined ? {} : { 'x-priority': this.spec.priority };
    ch.consume(queue, this.spec.autoAck, this.spec.exclusive, args, () => undefined);
  }

  // ---- receiving ----------------------------------------------------------------------------

  override deliver(_ctag: string, tag: number, redelivered: boolean, msg: Message, props: BasicProperties): void {
    const c = this.counters;
    if (this.spec.autoAck) c.deliveredAutoAck++;
    else c.deliveredManualAck++;
    if (redelivered) c.redelivered++;
    c.bytesOut += msg.body.length;
    if (!this.busy && this.buffer.length === 0 && this.canStart()) this.handle(tag, redelivered, msg, props);
    else {
      this.buffer.push(tag, redelivered, msg, props);
      if (!this.busy) this.pump();
    }
  }

  private readonly poll = (): void => {
    const ch = this.ch;
    if (!ch || this.busy || !this.canStart()) return;
    ch.get(this.queueName, this.spec.autoAck, (err, r) => {
      if (err || this.ch !== ch) return;
      const c = this.counters;
      if (!r) {
        c.getEmpty++;
        return this.later(this.poll, this.spec.pollInterval);
      }
      if (this.spec.autoAck) c.getAutoAck++;
      else c.getManualAck++;
      if (r.redelivered) c.redelivered++;
      c.bytesOut += r.message.body.length;
      this.handle(r.deliveryTag, r.redelivered, r.message, r.properties);
    });
  };

  /** May a new message be started now? Arms a timer when only the rate limit says no. */
  private canStart(): boolean {
    if (this.status !== 'running') return false;
    const now = this.ctx.scheduler.now();
    if (now >= this.nextStartAt) return true;
    if (this.timer === undefined) this.later(this.spec.mode === 'get' ? this.poll : this.pump, this.nextStartAt - now);
    return false;
  }

  private readonly pump = (): void => {
    if (this.pumping) return;
    this.pumping = true;
    const b = this.buffer;
    while (b.length > 0 && !this.busy && this.canStart()) {
      const tag = b.tag;
      const again = b.redelivered;
      const msg = b.message;
      const props = b.properties;
      b.shift();
      this.handle(tag, again, msg, props);
    }
    this.pumping = false;
  };

  /** Start handling a message: measure latency and ordering, then work for the processing time. */
  private handle(tag: number, redelivered: boolean, msg: Message, props: BasicProperties): void {
    this.busy = true;
    const now = this.ctx.scheduler.now();
    const rate = this.spec.rateLimit;
    if (rate !== undefined) this.nextStartAt = now + 1000 / rate;
    this.receipts.observe(now, msg, props, redelivered);
    const d = sample(this.spec.processingTime, this.random);
    if (d <= 0) return this.finish(tag, props);
    this.curTag = tag;
    this.curMsg = msg;
    this.curProps = props;
    this.later(this.finishCurrent, d);
  }

  private readonly finishCurrent = (): void => {
    const msg = this.curMsg;
    if (msg === undefined) return;
    this.curMsg = undefined;
    this.finish(this.curTag, this.curProps!);
  };

  private outcome(): Outcome {
    const f = this.spec.failures;
    if (f === undefined) return Outcome.Ack;
    let r = this.random.next();
    if ((r -= f.nackRequeue) < 0) return Outcome.NackRequeue;
    if ((r -= f.rejectToDlx) < 0) return Outcome.Reject;
    if ((r -= f.crash) < 0) return Outcome.Crash;
    if ((r -= f.hang) < 0) return Outcome.Hang;
    return Outcome.Ack;
  }

  /** Done handling: settle the message as the outcome says, then take the next one. */
  private finish(tag: number, props: BasicProperties): void {
    const ch = this.ch!;
    const outcome = this.outcome();
    if (outcome === Outcome.Crash) return this.crash();
    if (outcome === Outcome.Hang) {
      this.status = 'hung';
      return;
    }
    this.busy = false;
    this.processed++;
    if (this.spec.reply && props.replyTo !== undefined) {
      const reply: BasicProperties = { headers: { [H_TS]: numberHeader(props.headers, H_TS) } };
      if (props.correlationId !== undefined) reply.correlationId = props.correlationId;
      ch.publish('', props.replyTo, false, reply, EMPTY_BODY);
    }
    if (!this.spec.autoAck) {
      const c = this.counters;
      if (outcome === Outcome.NackRequeue) {
        c.nacked++;
        ch.nack(tag, false, true);
      } else if (outcome === Outcome.Reject) {
        c.rejected++;
        ch.reject(tag, false);
      } else if (++this.pendingAcks >= this.spec.multiAckEvery) {
        c.acked += this.pendingAcks;
        this.pendingAcks = 0;
        ch.ack(tag, this.spec.multiAckEvery > 1);
      }
    }
    if (this.spec.messages !== undefined && this.processed >= this.spec.messages) return this.stop(false);
    if (this.ch !== ch) return;
    if (this.spec.mode === 'get') this.later(this.poll, 0);
    else if (!this.pumping) this.pump();
  }

  // ---- failures and control -----------------------------------------------------------------

  /** Drop the connection without acking (the process died); reconnect after a while. */
  crash(): void {
    if (this.status === 'stopped' || this.status === 'waiting') return;
    this.crashes++;
    this.dropChannel()?.crash();
    this.reconnectLater(this.reconnectDelay());
  }

  protected resetChannelState(): void {
    this.buffer.clear();
    this.busy = false;
    this.curMsg = undefined;
    this.pendingAcks = 0;
  }

  protected override reconnectDelay(): number {
    return this.spec.failures?.reconnectAfter ?? 1000;
  }

  /** Stop or resume handling messages (a timeline `blockConsumers`): deliveries still arrive up to the prefetch. */
  setBlocked(blocked: boolean): void {
    this.blocked = blocked;
    if (this.status !== 'running' && this.status !== 'blocked') return;
    this.status = blocked ? 'blocked' : 'running';
    if (blocked) return;
    if (this.spec.mode === 'get') this.later(this.poll, 0);
    else this.pump();
  }

  /** Messages held client-side and not yet handled (for end-of-run accounting). */
  forEachBuffered(fn: (msg: Message) => void): void {
    this.buffer.forEach(fn);
  }

  state(): ClientState {
    const unacked = this.spec.autoAck ? 0 : this.buffer.length + (this.busy ? 1 : 0) + this.pendingAcks;
    const s: ClientState = { status: this.status, inFlight: unacked, buffered: this.buffer.length, crashes: this.crashes, timeouts: this.timeouts };
    if (this.ch?.connectionId !== undefined) s.connectionId = this.ch.connectionId;
    return s;
  }

  /** The queue was deleted: try again later (it may come back). */
  override cancelled(): void {
    this.dropChannel()?.close();
    this.reconnectLater(this.reconnectDelay());
  }

  /** The consumer timeout closes the channel with 406 (docs/consumers.md); anything else counts as a crash. */
  protected override onBrokerClose(error: AmqpError): void {
    if (error.code === 406 && error.replyText.includes('timed out')) this.timeouts++;
    else super.onBrokerClose(error);
  }
}
