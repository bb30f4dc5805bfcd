import type { TimerHandle } from '../core/clock.ts';
import { MessageCounters } from '../core/counters.ts';
import type { ChannelSink } from '../core/delivery.ts';
import type { AmqpError } from '../core/errors.ts';
import { ReplyCode } from '../core/errors.ts';
import type { BasicProperties, Message } from '../core/message.ts';
import type { SeededRandom } from '../core/random.ts';
import type { ClientState, EntityRef } from '../metrics/snapshot-types.ts';
import { randomStream } from './random-streams.ts';
import type { SimContext } from './sim-context.ts';
import type { SimChannel } from './transport.ts';

const CONNECTION_FORCED = ReplyCode.CONNECTION_FORCED;

/** What every simulated client's spec has. */
export interface ClientSpecBase {
  id: string;
  vhost: string;
  user?: string | undefined;
  startAt: number;
  stopAt?: number | undefined;
}

/**
 * What producers and consumers share: an entity ref, own counters and a
 * seeded random stream, one channel, one timer slot, a start and stop time,
 * and reconnecting after failures. Sink callbacks default to nothing.
 */
export abstract class SimClient implements ChannelSink {
  readonly ref: EntityRef;
  readonly counters = new MessageCounters();
  removedAt: number | undefined;
  protected status: ClientState['status'] = 'waiting';
  protected ch: SimChannel | undefined;
  protected timer: TimerHandle | undefined;
  protected crashes = 0;
  protected readonly random: SeededRandom;

  constructor(
    protected readonly ctx: SimContext,
    kind: 'producer' | 'consumer',
    private readonly base: ClientSpecBase,
    readonly instance: number,
  ) {
    const name = `${base.id}#${instance}`;
    this.ref = { kind, id: `${kind}:${name}`, name, vhost: base.vhost, group: base.id, instance };
    this.random = randomStream(ctx.seed, `${kind}:${name}`);
  }

  /** Schedule the connection (and the stop) relative to the run's start. */
  start(): void {
    const s = this.ctx.scheduler;
    this.later(this.reconnect, this.ctx.startedAt + this.base.startAt - s.now());
    if (this.base.stopAt !== undefined) s.setTimeout(() => this.stop(false), Math.max(0, this.ctx.startedAt + this.base.stopAt - s.now()));
  }

  private pending: (() => void) | undefined;
  private readonly fire = (): void => {
    this.timer = undefined;
    const fn = this.pending;
    this.pending = undefined;
    fn?.();
  };

  /**
   * Run `fn` after `ms` in the client's one timer slot (replacing what was
   * there). No closure is made per call: pass a method bound once.
   */
  protected later(fn: () => void, ms: number): void {
    this.timer?.cancel();
    this.pending = fn;
    this.timer = this.ctx.scheduler.setTimeout(this.fire, Math.max(0, ms));
  }

  private readonly reconnect = (): void => this.connect();

  protected openConnection(ready: (ch: SimChannel) => void, confirm = false): void {
    if (this.status === 'stopped') return;
    const b = this.base;
    this.ctx.transport.connect({ name: this.ref.name, vhost: b.vhost, user: b.user, confirm }, this, (err, ch) => {
      if (this.status === 'stopped') return void ch?.close();
      if (err || !ch) return this.reconnectLater(this.reconnectDelay());
      this.ch = ch;
      ready(ch);
    });
  }

  protected abstract connect(): void;

  /** Forget client-side state tied to the channel (buffers, in-flight work). */
  protected abstract resetChannelState(): void;

  protected reconnectDelay(): number {
    return 1000;
  }

  protected reconnectLater(ms: number): void {
    if (this.status === 'stopped') return;
    this.status = 'reconnecting';
    this.later(this.reconnect, ms);
  }

  /** Let go of the channel; returns it so the caller can close or crash it. */
  protected dropChannel(): SimChannel | undefined {
    const ch = this.ch;
    this.ch = undefined;
    this.timer?.cancel();
    this.timer = undefined;
    this.pending = undefined;
    this.resetChannelState();
    return ch;
  }

  /** Stop for good and close the connection (unacked deliveries are requeued); `removed` marks the entity gone. */
  stop(removed: boolean): void {
    if (removed && this.removedAt === undefined) this.removedAt = this.ctx.scheduler.now() - this.ctx.startedAt;
    if (this.status === 'stopped') return;
    this.status = 'stopped';
    this.closeChannel();
  }

  /** Close the channel at the end of the client's life. */
  protected closeChannel(): void {
    this.dropChannel()?.close();
  }

  /** The broker closed the channel (a protocol error, or the consumer timeout): reconnect later. */
  closedByBroker(error: AmqpError): void {
    this.onBrokerClose(error);
    this.dropChannel()?.close();
    this.reconnectLater(this.reconnectDelay());
  }

  protected onBrokerClose(error: AmqpError): void {
    // 320 CONNECTION_FORCED: the broker went down (a restart), not a failure of this client.
    if (error.code !== CONNECTION_FORCED) this.crashes++;
  }

  abstract state(): ClientState;

  deliver(_ctag: string, _tag: number, _redelivered: boolean, _message: Message, _properties: BasicProperties): void {}
  returned(_code: number, _text: string, _message: Message): void {}
  confirm(_seq: number, _multiple: boolean, _ack: boolean): void {}
  cancelled(_tag: string): void {}
}
