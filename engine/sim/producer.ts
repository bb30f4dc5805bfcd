import { DIRECT_REPLY_TO } from '../core/direct-reply-to.ts';
import type { FieldTable } from '../core/field-value.ts';
import type { BasicProperties, Message } from '../core/message.ts';
import { LatencyHistogram } from '../metrics/latency-histogram.ts';
import { LossLedger } from '../metrics/loss-ledger.ts';
import type { ClientMetricsSource } from '../metrics/sources.ts';
import type { ClientState } from '../metrics/snapshot-types.ts';
import { ConfirmWindow } from './confirm-window.ts';
import { sample } from './random-streams.ts';
import type { RateModel } from './rate-model.ts';
import { rateModel } from './rate-model.ts';
import { RoutingKeyTemplate } from './routing-key-template.ts';
import type { ProducerSpec } from './scenario/schema-clients.ts';
import type { RateSpec } from './scenario/schema-rate.ts';
import { H_SEQ, H_TS, numberHeader } from './sim-headers.ts';
import { SimClient } from './sim-client.ts';
import type { SimContext } from './sim-context.ts';
import type { SimChannel } from './transport.ts';

/** After a channel error, a producer reconnects this much later. */
const RECONNECT_MS = 1000;
/** A stopped producer waits this long for outstanding confirms before closing (PerfTest's `--confirm-timeout`). */
const CONFIRM_TIMEOUT_MS = 30_000;
/** A producer more than this far behind its schedule skips ahead instead of flooding. */
const MAX_LAG_MS = 1000;
const MAX_CACHED_BODIES = 4096;

/** An unconfirmed message, kept to publish again after a lost connection (`confirm.republish`). */
interface Unconfirmed {
  routingKey: string;
  props: BasicProperties;
  body: Uint8Array;
}

/**
 * One simulated publisher instance: its own connection and channel, publishing
 * on the schedule of its rate model. Every message carries the producer's id,
 * a sequence number and the publish time in its headers.
 */
export class SimProducer extends SimClient implements ClientMetricsSource {
  /** `consume`: publish-to-consume latency of this producer's messages, recorded by the consumers. */
  readonly latency: { consume: LatencyHistogram; confirm?: LatencyHistogram; rpc?: LatencyHistogram } = { consume: new LatencyHistogram() };
  readonly ledger = new LossLedger();
  /** The last sequence number used. */
  seq = 0;
  /** Publishes whose confirm never came because the connection was lost (in doubt: they may have arrived). */
  notConfirmed = 0;
  /** Of those, published again after reconnecting. */
  republished = 0;
  /** With `confirm.republish`: each unconfirmed message by sequence number. */
  private readonly unconfirmed: Map<number, Unconfirmed> | undefined;
  /** Sequence numbers to publish again once reconnected. */
  private redo: number[] = [];
  private model: RateModel;
  private modelStart = 0;
  private nextDue = Infinity;
  private confirmSeq = 0;
  private readonly confirms = new ConfirmWindow();
  private readonly key: RoutingKeyTemplate;
  private readonly keySeqs: Map<string, number> | undefined;
  private readonly fixedBody: Uint8Array | undefined;
  private readonly bodies = new Map<number, Uint8Array>();
  private readonly expiration: string | undefined;
  private readonly hasStaticHeaders: boolean;

  constructor(
    ctx: SimContext,
    readonly spec: ProducerSpec,
    instance: number,
    /** Numeric id in message headers. */
    readonly pid: number,
  ) {
    super(ctx, 'producer', spec, instance);
    this.model = rateModel(spec.rate, this.random);
    this.key = new RoutingKeyTemplate(spec.routingKey, instance);
    this.keySeqs = this.key.constant === undefined ? new Map() : undefined;
    this.fixedBody = spec.size.type === 'fixed' ? new Uint8Array(Math.round(spec.size.value)) : undefined;
    this.expiration = spec.expiration === undefined ? undefined : String(Math.round(spec.expiration));
    this.hasStaticHeaders = Object.keys(spec.headers).length > 0;
    if (spec.confirm) this.latency.confirm = new LatencyHistogram();
    this.unconfirmed = spec.confirm?.republish ? new Map() : undefined;
    if (spec.rpc) this.latency.rpc = new LatencyHistogram();
  }

  protected connect(): void {
    // The schedule starts when the client set out to connect: over a network the
    // connect takes a while, and the messages that fell due meanwhile are sent at once.
    const setOut = this.ctx.scheduler.now();
    this.openConnection((ch) => {
      if (this.spec.confirm) ch.confirmSelect();
      if (this.spec.rpc) ch.consume(DIRECT_REPLY_TO, true, false, {}, () => undefined);
      if (this.ch !== ch) return;
      this.status = 'running';
      if (this.redo.length > 0) this.publishAgain(ch);
      if (this.ch !== ch) return;
      if (this.seq === 0) this.restartModel(this.model, setOut);
      else this.resumeModel();
      this.tick();
    }, this.spec.confirm !== undefined);
  }

  /**
   * The channel is gone. Publishes still unconfirmed are in doubt, as a
   * confirming client sees them: counted, and with `republish` queued to be
   * sent again (at-least-once).
   */
  protected resetChannelState(): void {
    const n = this.confirms.outstanding;
    if (n > 0) {
      this.notConfirmed += n;
      if (this.unconfirmed) this.confirms.forEachOutstanding((pseq) => this.redo.push(pseq));
    }
    this.confirmSeq = 0;
    this.confirms.reset();
  }

  /** Publish the unconfirmed messages of the lost connection again, in their order, with their own sequence numbers. */
  private publishAgain(ch: SimChannel): void {
    const redo = this.redo.sort((a, b) => a - b);
    this.redo = [];
    const now = this.ctx.scheduler.now();
    for (const seq of redo) {
      const m = this.unconfirmed!.get(seq);
      if (m === undefined) continue;
      this.confirms.add(++this.confirmSeq, now, seq);
      if (ch.publish(this.spec.exchange, m.routingKey, this.spec.mandatory, m.props, m.body) < 0) return;
      this.republished++;
      this.counters.published++;
      this.counters.bytesIn += m.body.length;
      if (ch.lastAccepted() === false) this.settle(seq);
    }
  }

  /** `seq` needs nothing more: handled, or never accepted. */
  private settle(seq: number): void {
    this.ledger.settle(seq);
    this.unconfirmed?.delete(seq);
  }

  protected override reconnectDelay(): number {
    return RECONNECT_MS;
  }

  /** Stopping with confirms outstanding: publish no more, close once they arrive (or time out). */
  protected override closeChannel(): void {
    if (this.ch !== undefined && this.confirms.outstanding > 0) this.later(this.closeNow, CONFIRM_TIMEOUT_MS);
    else super.closeChannel();
  }

  private readonly closeNow = (): void => super.closeChannel();

  /** Change the rate from now on (a timeline `setRate`). */
  setRate(rate: RateSpec): void {
    this.restartModel(rateModel(rate, this.random));
    if (this.status === 'running') {
      this.timer?.cancel();
      this.timer = undefined;
      this.tick();
    }
  }

  /**
   * Back after a lost connection: carry on with the schedule from where it
   * stopped (what fell due while disconnected was never produced), so the
   * sequence numbers continue and there is no catch-up burst.
   */
  private resumeModel(): void {
    const lag = this.ctx.scheduler.now() - this.nextDue;
    if (lag <= 0 || this.nextDue === Infinity) return;
    this.modelStart += lag;
    this.nextDue += lag;
  }

  private restartModel(m: RateModel, from = this.ctx.scheduler.now()): void {
    this.model = m;
    this.modelStart = from;
    this.nextDue = this.modelStart + m.next();
  }

  private readonly tick = (): void => {
    const ch = this.ch;
    if (ch === undefined || this.status !== 'running') return;
    const now = this.ctx.scheduler.now();
    const lag = now - this.nextDue;
    if (lag > MAX_LAG_MS) {
      this.modelStart += lag;
      this.nextDue = now;
    }
    const max = this.spec.confirm?.maxUnconfirmed ?? 0;
    const limit = this.spec.messages;
    while (this.nextDue <= now) {
      if (limit !== undefined && this.seq >= limit) return this.stop(false);
      if (max > 0 && this.confirms.outstanding >= max) {
        this.status = 'blocked';
        return;
      }
      this.publishOne(ch, now);
      if (this.ch !== ch || this.status !== 'running') return;
      this.nextDue = this.modelStart + this.model.next();
    }
    if (this.nextDue !== Infinity) this.later(this.tick, Math.max(this.nextDue - now, this.ctx.tickMs));
  };

  private publishOne(ch: SimChannel, now: number): void {
    const seq = ++this.seq;
    const spec = this.spec;
    const rk = this.key.constant ?? this.key.render(this.random, seq);
    let headers: FieldTable;
    if (this.keySeqs !== undefined) {
      const kseq = (this.keySeqs.get(rk) ?? 0) + 1;
      this.keySeqs.set(rk, kseq);
      headers = { 'x-sim-producer': this.pid, 'x-sim-seq': seq, 'x-sim-key-seq': kseq, 'x-sim-ts': now };
    } else headers = { 'x-sim-producer': this.pid, 'x-sim-seq': seq, 'x-sim-ts': now }; // literal keys (= H_*): a fast object literal
    if (this.hasStaticHeaders) headers = { ...(spec.headers as FieldTable), ...headers };
    const props: BasicProperties = { headers };
    if (spec.persistent) props.deliveryMode = 2;
    if (spec.priority !== undefined) props.priority = Math.round(sample(spec.priority, this.random));
    if (this.expiration !== undefined) props.expiration = this.expiration;
    if (spec.contentType !== undefined) props.contentType = spec.contentType;
    if (spec.rpc) {
      props.replyTo = DIRECT_REPLY_TO;
      props.correlationId = String(seq);
    }
    const body = this.body();
    if (spec.confirm) this.confirms.add(++this.confirmSeq, now, seq);
    this.unconfirmed?.set(seq, { routingKey: rk, props, body });
    if (ch.publish(spec.exchange, rk, spec.mandatory, props, body) < 0) {
      this.settle(seq); // never published: the channel failed
      return;
    }
    this.counters.published++;
    this.counters.bytesIn += body.length;
    // Unroutable, or refused by every queue: never expected at a consumer.
    if (ch.lastAccepted() === false) this.settle(seq);
  }

  private body(): Uint8Array {
    if (this.fixedBody !== undefined) return this.fixedBody;
    const size = Math.round(sample(this.spec.size, this.random));
    let b = this.bodies.get(size);
    if (b === undefined) {
      b = new Uint8Array(size);
      if (this.bodies.size < MAX_CACHED_BODIES) this.bodies.set(size, b);
    }
    return b;
  }

  state(): ClientState {
    return { status: this.status, inFlight: this.confirms.outstanding, buffered: 0, crashes: this.crashes, timeouts: 0, ...(this.ch?.connectionId !== undefined ? { connectionId: this.ch.connectionId } : {}) };
  }

  // ---- ChannelSink --------------------------------------------------------------------------

  private readonly onConfirmed = (time: number, pseq: number): void => {
    this.latency.confirm?.record(this.ctx.scheduler.now() - time);
    this.unconfirmed?.delete(pseq);
    if (this.confirmAck) this.counters.confirmed++;
    else {
      this.counters.publisherNacked++;
      this.ledger.settle(pseq);
    }
  };
  private confirmAck = true;

  override confirm(seq: number, multiple: boolean, ack: boolean): void {
    this.confirmAck = ack;
    this.confirms.settle(seq, multiple, this.onConfirmed);
    if (this.status === 'stopped' && this.ch !== undefined && this.confirms.outstanding === 0) this.closeNow();
    else if (this.status === 'blocked' && this.ch !== undefined) {
      this.status = 'running';
      if (this.timer === undefined) this.later(this.tick, 0);
    }
  }

  override returned(_code: number, _text: string, message: Message): void {
    this.counters.returned++;
    const seq = numberHeader(message.properties.headers, H_SEQ);
    if (!Number.isNaN(seq)) this.ledger.settle(seq);
  }

  /** A remote broker dropped it as unroutable: never expected at a consumer. */
  unroutable(message: Message): void {
    const seq = numberHeader(message.properties.headers, H_SEQ);
    if (!Number.isNaN(seq)) this.ledger.settle(seq);
  }

  /** Direct reply-to answers (RPC). */
  override deliver(_tag: string, _dtag: number, _redelivered: boolean, _message: Message, properties: BasicProperties): void {
    const ts = numberHeader(properties.headers, H_TS);
    if (!Number.isNaN(ts)) this.latency.rpc?.record(this.ctx.scheduler.now() - ts);
  }
}
