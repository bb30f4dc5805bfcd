import type { Broker } from './broker.ts';
import type { TimerHandle } from './clock.ts';
import type { QueueType } from './commands.ts';
import type { DeadLetterReason } from './counters.ts';
import { deadLetterProperties, isDeadLetterCycle } from './dead-letter.ts';
import type { BoundBinding } from './exchange.ts';
import { Exchange } from './exchange.ts';
import { createRouter } from './exchanges/registry.ts';
import type { FieldTable } from './field-value.ts';
import type { Message } from './message.ts';
import type { Policy } from './policy.ts';
import type { QueueEntry } from './queue-entry.ts';
import type { Queue, QueueHost } from './queue.ts';
import { Enqueue } from './queue.ts';
import type { QueueLookup } from './router.ts';
import { Router } from './router.ts';

/** The exchanges every vhost starts with (docs/exchanges.md §Default Exchange, pre-declared). */
const PREDECLARED: readonly [string, string][] = [
  ['', 'direct'],
  ['amq.direct', 'direct'],
  ['amq.fanout', 'fanout'],
  ['amq.topic', 'topic'],
  ['amq.headers', 'headers'],
  ['amq.match', 'headers'],
];

/** What one publish did, reused between publishes. */
export interface PublishOutcome {
  /** Queues the message was offered to. */
  routed: number;
  /** Of those, queues that refused it (x-overflow reject-publish). */
  rejected: number;
  /** True when a persistent copy entered a durable queue (confirm waits for the store). */
  persisted: boolean;
}

/** A virtual host: its own exchanges, queues and bindings, and the routing between them. */
export class VirtualHost implements QueueHost, QueueLookup {
  readonly exchanges = new Map<string, Exchange>();
  readonly queues = new Map<string, Queue>();
  /** Every explicit binding, by canonical key. */
  readonly bindings = new Map<string, BoundBinding>();
  /** User policies, by name (engine/core/policy.ts). */
  readonly policies = new Map<string, Policy>();
  readonly router: Router;
  readonly outcome: PublishOutcome = { routed: 0, rejected: 0, persisted: false };
  private persistCount = 0;
  description = '';
  tags: string[] = [];

  constructor(
    readonly broker: Broker,
    readonly name: string,
    public defaultQueueType: QueueType = 'classic',
  ) {
    this.router = new Router(this);
    for (const [n, t] of PREDECLARED) {
      this.exchanges.set(n, new Exchange(name, n, t, true, false, false, {}, createRouter(t)!));
    }
  }

  getQueue(name: string): Queue | undefined {
    return this.queues.get(name);
  }

  getExchange(name: string): Exchange | undefined {
    return this.exchanges.get(name);
  }

  now(): number {
    return this.broker.scheduler.now();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.broker.scheduler.setTimeout(fn, ms);
  }

  persisted(queue: Queue, entry: QueueEntry): void {
    this.broker.store?.persisted(queue, entry);
    this.persistCount++;
  }

  unpersisted(queue: Queue, entry: QueueEntry): void {
    this.broker.store?.unpersisted(queue, entry);
  }

  delivered(queue: Queue, entry: QueueEntry): void {
    this.broker.store?.delivered?.(queue, entry);
  }

  requestDelete(queue: Queue, why: 'auto-delete' | 'expired'): void {
    this.broker.deleteQueueInternal(this, queue, why);
  }

  /**
   * Route `msg` from `x` (with its CC/BCC keys) and offer it to every queue
   * reached. Fills and returns `this.outcome`.
   */
  publish(x: Exchange, msg: Message): PublishOutcome {
    const out = this.outcome;
    const persisted0 = this.persistCount;
    const r = this.router;
    const headers = msg.properties.headers;
    this.routePass(x, msg.routingKey, headers, true);
    // BCC routes but is removed before delivery (docs/sender-selected.md).
    if (headers !== undefined && headers['BCC'] !== undefined) msg = withoutBcc(msg, headers);
    const n = r.queueCount;
    x.counters.published++;
    let rejected = 0;
    if (n > 0) {
      x.counters.routed++;
      // Enqueueing can re-enter publish (a consumer publishing from its delivery,
      // dead-lettering), so destinations are read out of the shared collector first
      // and the outcome is written last.
      if (n === 1) {
        if (r.firstQueue!.enqueue(msg) === Enqueue.Rejected) rejected++;
      } else {
        for (const q of r.routedQueues()) if (q.enqueue(msg) === Enqueue.Rejected) rejected++;
      }
    }
    out.routed = n;
    out.rejected = rejected;
    out.persisted = this.persistCount !== persisted0;
    return out;
  }

  /**
   * Republish a message that left `queue` for `reason` to the queue's
   * dead-letter exchange, or drop it when there is none (docs/dlx.md).
   * At most once: no confirms, no returns; cycles are dropped.
   */
  deadLetter(queue: Queue, entry: QueueEntry, reason: DeadLetterReason): void {
    const s = queue.settings;
    const b = this.broker;
    b.emitMessageEvent('message.deadLettered', () => ({ vhost: this.name, queue: queue.name, messageId: entry.msg.id, reason, exchange: s.deadLetterExchange }));
    if (s.deadLetterExchange === undefined) return;
    const dlx = this.exchanges.get(s.deadLetterExchange);
    if (!dlx) return;
    queue.counters.deadLettered(reason);
    b.counters.deadLettered(reason);
    const props = deadLetterProperties(entry.msg, queue.name, reason, this.now(), s.deadLetterRoutingKey !== undefined);
    const rk = s.deadLetterRoutingKey ?? entry.msg.routingKey;
    const msg = b.newMessage(dlx.name, rk, props, entry.msg.body, entry.msg.publishedAt);
    this.routePass(dlx, rk, props.headers, s.deadLetterRoutingKey === undefined);
    dlx.counters.published++;
    const targets = this.router.routedQueues().filter((q) => !isDeadLetterCycle(props, q.name, reason));
    if (targets.length > 0) dlx.counters.routed++;
    for (const q of targets) q.enqueue(msg);
  }

  /**
   * One routing pass for a message from `x`: its routing key, then (when
   * `senderSelected`) the keys in its CC and BCC headers (docs/sender-selected.md).
   * The queues reached are left in `this.router`.
   */
  routePass(x: Exchange, routingKey: string, headers: FieldTable | undefined, senderSelected: boolean): void {
    const r = this.router;
    r.begin();
    if (senderSelected && headers !== undefined && (headers['CC'] !== undefined || headers['BCC'] !== undefined)) {
      r.route(x, routingKey, headers, ccKeys(headers));
    } else {
      r.route(x, routingKey, headers);
    }
  }

  /** Attach a binding to its source exchange's router. */
  attachBinding(b: BoundBinding, source: Exchange): void {
    source.bindings.set(b.key, b);
    source.router.bind(b);
    source.hadBinding = true;
    this.bindings.set(b.key, b);
  }

  /** Detach a binding; returns true when it existed. */
  detachBinding(b: BoundBinding): boolean {
    const source = this.exchanges.get(b.source);
    if (!this.bindings.delete(b.key)) return false;
    if (source) {
      source.bindings.delete(b.key);
      source.router.unbind(b);
    }
    return true;
  }

  /** Bindings whose destination is the named queue or exchange. */
  bindingsTo(destinationType: 'queue' | 'exchange', name: string): BoundBinding[] {
    const out: BoundBinding[] = [];
    for (const b of this.bindings.values()) if (b.destinationType === destinationType && b.destination === name) out.push(b);
    return out;
  }
}

/** A copy of `msg` whose headers lack `BCC`. */
function withoutBcc(msg: Message, headers: FieldTable): Message {
  const { BCC: _bcc, ...rest } = headers;
  return { ...msg, properties: { ...msg.properties, headers: rest } };
}

/** Sender-selected distribution: the string keys in `CC` and `BCC` (docs/sender-selected.md). */
export function ccKeys(headers: FieldTable): string[] {
  const keys: string[] = [];
  for (const h of ['CC', 'BCC']) {
    const v = headers[h];
    if (Array.isArray(v)) for (const k of v) if (typeof k === 'string') keys.push(k);
  }
  return keys;
}
