import type { QueueSettings } from './arguments.ts';
import type { TimerHandle } from './clock.ts';
import type { Consumer } from './consumer.ts';
import { electActive, moveBehindPeers, pickRoundRobin, quorumActive } from './consumer-selection.ts';
import type { DeadLetterReason } from './counters.ts';
import { MessageCounters } from './counters.ts';
import type { FieldTable } from './field-value.ts';
import type { Message } from './message.ts';
import { messageTtl } from './message.ts';
import { NEVER, QueueEntry } from './queue-entry.ts';
import { ReadyList } from './ready-list.ts';
import type { RouteTarget } from './route-collector.ts';

/** What a queue needs from its surroundings (the virtual host implements it). */
export interface QueueHost {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Dead-letter (or drop, without a DLX) one message that left the queue for `reason`. */
  deadLetter(queue: Queue, entry: QueueEntry, reason: DeadLetterReason): void;
  /** The queue asks to be deleted (auto-delete after its last consumer, or x-expires). */
  requestDelete(queue: Queue, why: 'auto-delete' | 'expired'): void;
  /** Durable store hooks: a persistent message entered or left a durable queue. */
  persisted?(queue: Queue, entry: QueueEntry): void;
  unpersisted?(queue: Queue, entry: QueueEntry): void;
  /** A persistent message of a durable queue was handed out (it returns redelivered after a crash). */
  delivered?(queue: Queue, entry: QueueEntry): void;
}

/** The outcome of offering a message to a queue. */
export const enum Enqueue {
  Ok = 0,
  /** Refused by x-overflow reject-publish / reject-publish-dlx. */
  Rejected = 1,
}

/**
 * A queue: ready messages, consumers, and the rules that move messages out
 * (delivery, TTL, length limits, dead-lettering). Delivery is synchronous and
 * re-entrancy safe: a consumer that acks inside its delivery callback does not
 * recurse into dispatch.
 */
export class Queue implements RouteTarget {
  routeMark = 0;
  readonly ready: ReadyList;
  readonly counters = new MessageCounters();
  /** Consumers, highest priority first; round-robin rotates within a priority. */
  consumers: Consumer[] = [];
  /** Delivered, not yet settled. */
  unacked = 0;
  deleted = false;
  private seq = 0;
  private hadConsumer = false;
  private dispatching = false;
  private again = false;
  /** The policy in effect (engine/core/policy-apply.ts), by name; `settings` include its keys. */
  policy: string | undefined;
  private headTimer: TimerHandle | undefined;
  private headTimerAt = Infinity;
  private expiryTimer: TimerHandle | undefined;
  private consumerOrder = 0;
  /** A TTL-0 message being offered to the consumers before it counts as expired. */
  private fresh: QueueEntry | undefined;

  constructor(
    readonly host: QueueHost,
    readonly vhost: string,
    readonly name: string,
    readonly durable: boolean,
    /** Owning connection id for exclusive queues. */
    readonly exclusiveOwner: number | undefined,
    readonly autoDelete: boolean,
    readonly args: FieldTable,
    readonly settings: QueueSettings,
  ) {
    this.ready = new ReadyList(settings.maxPriority, settings.queueType === 'quorum' ? 'quorum' : 'strict');
    this.touch();
  }

  get type(): 'classic' | 'quorum' {
    return this.settings.queueType;
  }

  get messageCount(): number {
    return this.ready.length;
  }

  get consumerCount(): number {
    return this.consumers.length;
  }

  nextConsumerOrder(): number {
    return this.consumerOrder++;
  }

  /**
   * Offer a routed message. Applies reject-publish before enqueueing, then
   * delivers what it can, expires the head, and drops the head past the
   * length limits (docs/maxlength, rabbit_amqqueue_process:maybe_deliver_or_enqueue).
   */
  enqueue(msg: Message): Enqueue {
    const s = this.settings;
    const size = msg.body.length;
    const now = this.host.now();
    if (s.overflow !== 'drop-head' && this.wouldOverflow(size)) {
      this.counters.overflowRejected++;
      if (s.overflow === 'reject-publish-dlx') {
        this.host.deadLetter(this, new QueueEntry(msg, this.seq++, NEVER, 0), 'maxlen');
      }
      return Enqueue.Rejected;
    }
    const mttl = msg.properties.expiration === undefined ? undefined : messageTtl(msg.properties);
    const qttl = s.messageTtl;
    const ttl = mttl === undefined ? qttl : qttl === undefined ? mttl : Math.min(mttl, qttl);
    const prio = s.queueType === 'quorum' ? quorumPriority(msg.properties.priority) : s.maxPriority === undefined ? 0 : clampPriority(msg.properties.priority, s.maxPriority);
    const entry = new QueueEntry(msg, this.seq++, ttl === undefined ? NEVER : now + ttl, prio);
    this.counters.published++;
    this.counters.bytesIn += size;
    if (this.durable && msg.properties.deliveryMode === 2) this.host.persisted?.(this, entry);
    this.ready.push(entry);
    if (ttl === 0) {
      // TTL 0: delivered if a consumer can take it right now, else expired (docs/ttl.md).
      const prev = this.fresh;
      this.fresh = entry;
      this.dispatch();
      this.fresh = prev;
    } else this.dispatch();
    if (s.overflow === 'drop-head' && (s.maxLength !== undefined || s.maxLengthBytes !== undefined)) this.dropHeadOverLimit();
    return Enqueue.Ok;
  }

  /** Put delivered entries back: `byConsumer` for nack/reject/recover, else a closed channel's. */
  requeue(entries: readonly QueueEntry[], byConsumer = false): void {
    if (this.deleted) return;
    const limit = this.settings.deliveryLimit;
    // Quorum queues append what a consumer requeues (nack, reject, recover) at the tail and
    // return what a closed channel held to the front (rabbit_fifo #requeue vs return;
    // observed on RabbitMQ 3.10.8).
    const toTail = byConsumer && this.settings.queueType === 'quorum';
    for (const e of entries) {
      this.unacked--;
      e.redelivered = true;
      if (this.settings.queueType === 'quorum') {
        e.deliveryCount++;
        // Quorum poison-message handling: past x-delivery-limit the message is dead-lettered.
        if (limit !== undefined && e.deliveryCount > limit) {
          this.removeEntry(e);
          this.host.deadLetter(this, e, 'delivery_limit');
          continue;
        }
      }
      if (toTail) {
        e.seq = this.seq++;
        this.ready.push(e);
      } else this.ready.requeue(e);
    }
    // The head goes before anything is delivered again (rabbit_amqqueue_process:requeue_and_run).
    if (this.settings.overflow === 'drop-head') this.dropHeadOverLimit();
    this.dispatch();
  }

  /** A delivered entry was acked (or auto-acked): it leaves the queue for good. */
  settle(entry: QueueEntry, wasUnacked: boolean): void {
    if (wasUnacked) this.unacked--;
    this.removeEntry(entry);
  }

  /** A delivered entry was rejected without requeue: dead-letter or drop it. */
  discard(entry: QueueEntry): void {
    this.unacked--;
    this.removeEntry(entry);
    if (!this.deleted) this.host.deadLetter(this, entry, 'rejected');
  }

  /** basic.get: take the next ready message, or undefined (get-empty). */
  get(): QueueEntry | undefined {
    this.touch();
    this.expireHead(this.host.now());
    const e = this.ready.shift();
    if (e && this.durable && e.msg.properties.deliveryMode === 2) this.host.delivered?.(this, e);
    this.armHeadTimer();
    return e;
  }

  /** Remove all ready messages (unacked ones are untouched); returns how many. */
  purge(): number {
    const all = this.ready.drain();
    for (const e of all) this.removeEntry(e);
    this.armHeadTimer();
    return all.length;
  }

  addConsumer(c: Consumer): void {
    const list = this.consumers;
    let i = list.length;
    while (i > 0 && list[i - 1]!.priority < c.priority) i--;
    if (this.settings.singleActiveConsumer) c.active = !list.some((x) => x.active);
    list.splice(i, 0, c);
    if (!c.active && this.settings.queueType === 'quorum') quorumActive(this.consumers);
    this.hadConsumer = true;
    this.cancelExpiry();
    this.dispatch();
  }

  removeConsumer(c: Consumer): void {
    const i = this.consumers.indexOf(c);
    if (i < 0) return;
    this.consumers.splice(i, 1);
    if (this.settings.singleActiveConsumer && c.active) electActive(this.consumers);
    if (this.consumers.length === 0) {
      if (this.autoDelete && this.hadConsumer) {
        this.host.requestDelete(this, 'auto-delete');
        return;
      }
      this.touch();
    }
    this.dispatch();
  }

  /** The single active consumer, when the queue has x-single-active-consumer. */
  get activeConsumer(): Consumer | undefined {
    return this.settings.singleActiveConsumer ? this.consumers.find((c) => c.active) : undefined;
  }

  /**
   * Deliver ready messages to consumers that can take them: the highest
   * priority first, round-robin within a priority, skipping blocked ones.
   */
  dispatch(): void {
    if (this.dispatching) {
      this.again = true;
      return;
    }
    if (this.deleted) return;
    this.dispatching = true;
    try {
      do {
        this.again = false;
        const ready = this.ready;
        while (ready.length > 0 && this.consumers.length > 0) {
          const head = ready.peek()!;
          if (head.expiresAt !== NEVER && head.expiresAt <= this.host.now() && head !== this.fresh) {
            this.expireHead(this.host.now());
            continue;
          }
          const c = this.pickConsumer();
          if (!c) break;
          ready.shift();
          this.unacked++;
          if (this.durable && head.msg.properties.deliveryMode === 2) this.host.delivered?.(this, head);
          c.channel.deliver(c, this, head);
        }
      } while (this.again);
    } finally {
      this.dispatching = false;
    }
    const head = this.ready.peek();
    if (head !== undefined && head.expiresAt !== NEVER) {
      this.expireHead(this.host.now());
      this.armHeadTimer();
    } else if (this.headTimer !== undefined) this.armHeadTimer();
  }

  /** Drop expired messages at the head (TTL is enforced at the head, docs/ttl.md). */
  expireHead(now: number): void {
    for (let e = this.ready.peek(); e && e.expiresAt !== NEVER && e.expiresAt <= now; e = this.ready.peek()) {
      this.ready.shift();
      this.counters.expired++;
      this.removeEntry(e);
      this.host.deadLetter(this, e, 'expired');
    }
  }

  /** Mark the queue used now, restarting its x-expires countdown. */
  touch(): void {
    const ms = this.settings.expires;
    if (ms === undefined || this.deleted) return;
    this.cancelExpiry();
    if (this.consumers.length > 0) return;
    this.expiryTimer = this.host.setTimeout(() => {
      this.expiryTimer = undefined;
      if (this.consumers.length === 0 && !this.deleted) this.host.requestDelete(this, 'expired');
    }, ms);
  }

  /** Called by the vhost when the queue is deleted: stop timers. */
  markDeleted(): void {
    this.deleted = true;
    this.cancelExpiry();
    this.headTimer?.cancel();
    this.headTimer = undefined;
  }

  /**
   * A consumer skipped for lack of credit got credit back: it rejoins behind
   * the others of its priority, as RabbitMQ moves a consumer from blocked to
   * the back of the active ones (rabbit_queue_consumers).
   */
  unblock(c: Consumer): void {
    c.blocked = false;
    const i = this.consumers.indexOf(c);
    if (i >= 0) moveBehindPeers(this.consumers, i);
  }

  private pickConsumer(): Consumer | undefined {
    const list = this.consumers;
    if (list.length === 1) {
      const c = list[0]!;
      return c.active && c.canAccept() ? c : undefined;
    }
    if (this.settings.singleActiveConsumer) {
      const a = this.settings.queueType === 'quorum' ? quorumActive(list) : this.activeConsumer;
      return a?.canAccept() ? a : undefined;
    }
    return pickRoundRobin(list);
  }

  /** True when one more message of `size` body bytes would pass x-max-length or x-max-length-bytes. */
  wouldOverflow(size: number): boolean {
    const s = this.settings;
    return (
      (s.maxLength !== undefined && this.ready.length + 1 > s.maxLength) ||
      (s.maxLengthBytes !== undefined && this.ready.bytes + size > s.maxLengthBytes)
    );
  }

  private dropHeadOverLimit(): void {
    const s = this.settings;
    while (
      this.ready.length > 0 &&
      ((s.maxLength !== undefined && this.ready.length > s.maxLength) ||
        (s.maxLengthBytes !== undefined && this.ready.bytes > s.maxLengthBytes))
    ) {
      const e = this.ready.shift()!;
      this.counters.overflowDropped++;
      this.removeEntry(e);
      this.host.deadLetter(this, e, 'maxlen');
    }
    this.armHeadTimer();
  }

  private removeEntry(e: QueueEntry): void {
    if (this.durable && e.msg.properties.deliveryMode === 2) this.host.unpersisted?.(this, e);
  }

  private armHeadTimer(): void {
    const head = this.ready.peek();
    const at = head && head.expiresAt !== NEVER ? head.expiresAt : Infinity;
    if (at === this.headTimerAt) return;
    this.headTimer?.cancel();
    this.headTimer = undefined;
    this.headTimerAt = at;
    if (at === Infinity || this.deleted) return;
    this.headTimer = this.host.setTimeout(() => {
      this.headTimer = undefined;
      this.headTimerAt = Infinity;
      this.expireHead(this.host.now());
      this.dispatch();
    }, Math.max(0, at - this.host.now()));
  }

  private cancelExpiry(): void {
    this.expiryTimer?.cancel();
    this.expiryTimer = undefined;
  }
}

/** A quorum queue's two levels: above 4 is high (1); 0-4, or none (4 is assumed), normal (0). */
function quorumPriority(p: number | undefined): number {
  return p !== undefined && p > 4 ? 1 : 0;
}

function clampPriority(p: number | undefined, max: number): number {
  if (p === undefined || p < 0) return 0;
  return p > max ? max : p;
}
