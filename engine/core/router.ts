import type { BoundBinding, Exchange } from './exchange.ts';
import type { FieldTable } from './field-value.ts';
import type { Queue } from './queue.ts';
import { RouteCollector } from './route-collector.ts';

/** Resolves queue names for the default exchange. */
export interface QueueLookup {
  getQueue(name: string): Queue | undefined;
  getExchange(name: string): Exchange | undefined;
}

/**
 * Watches one routing pass step by step (route explain). The router calls it
 * from the same walk real messages take, so what it reports is what routing
 * does. `fresh` is false when the destination was already reached this pass.
 */
export interface RouteObserver {
  /** The walk enters exchange `x` (once per message, for all its keys). */
  enter(x: Exchange): void;
  /** The default exchange looked for the queue named by the routing key. */
  defaultQueue(x: Exchange, name: string, queue: Queue | undefined, fresh: boolean): void;
  /** A binding of `x` matched `routingKey` (the routing key or a CC/BCC key). */
  matched(x: Exchange, b: BoundBinding, routingKey: string, fresh: boolean): void;
  /** No binding of `x` matched any key: its `alternate-exchange` argument, and the exchange it names if it exists. */
  unmatched(x: Exchange, alternate: string | undefined, ae: Exchange | undefined, fresh: boolean): void;
}

/**
 * The routing walk shared by every exchange type, as rabbit_exchange:route1:
 * each exchange reached is walked once per message with all of the message's
 * keys (the routing key, then CC and BCC), exchange-to-exchange bindings are
 * followed once each (cycle-safe), and an exchange whose bindings matched none
 * of the keys falls back to its alternate exchange (docs/ae.md,
 * docs/sender-selected.md, docs/exchanges.md §e2e).
 * Allocation-free per message: one collector is reused. Each binding a
 * message matches counts it once (`BoundBinding.routed`), except in a pass
 * run under `observe`, which changes nothing.
 */
export class Router {
  readonly collector = new RouteCollector<Queue, Exchange>();
  private matched = 0;
  private observer: RouteObserver | undefined;
  /** The exchange and key being walked, for the observer. */
  private walking: Exchange | undefined;
  private walkingKey = '';
  private readonly visit = (b: BoundBinding): void => {
    this.matched++;
    const c = this.collector;
    if (b.routeMark !== c.epoch) {
      b.routeMark = c.epoch;
      b.routed++;
    }
    const t = b.target;
    if (b.destinationType === 'queue') c.addQueue(t as Queue);
    else c.addExchange(t as Exchange);
  };
  private readonly visitObserved = (b: BoundBinding): void => {
    this.matched++;
    const t = b.target;
    const fresh = b.destinationType === 'queue' ? this.collector.addQueue(t as Queue) : this.collector.addExchange(t as Exchange);
    this.observer!.matched(this.walking!, b, this.walkingKey, fresh);
  };

  constructor(private readonly lookup: QueueLookup) {}

  /** Start a routing pass. */
  begin(): void {
    this.collector.reset();
  }

  /**
   * Route a message from `x` with its routing key and, when it has them, its
   * CC/BCC keys: every exchange on the way sees all of them.
   */
  route(x: Exchange, routingKey: string, headers: FieldTable | undefined, ccKeys?: readonly string[]): void {
    const c = this.collector;
    const obs = this.observer;
    const visit = obs === undefined ? this.visit : this.visitObserved;
    c.addExchange(x);
    for (let i = 0; i < c.exchangeCount; i++) {
      const ex = c.exchanges[i]!;
      if (obs !== undefined) {
        this.walking = ex;
        obs.enter(ex);
      }
      if (ex.isDefault) {
        this.defaultQueue(ex, routingKey);
        if (ccKeys !== undefined) for (const k of ccKeys) this.defaultQueue(ex, k);
        continue;
      }
      this.matched = 0;
      this.walkingKey = routingKey;
      ex.router.route(routingKey, headers, visit);
      if (ccKeys !== undefined) {
        for (const k of ccKeys) {
          this.walkingKey = k;
          ex.router.route(k, headers, visit);
        }
      }
      if (this.matched === 0) {
        const aeName = ex.alternateExchange;
        const ae = aeName === undefined ? undefined : this.lookup.getExchange(aeName);
        const fresh = ae !== undefined && c.addExchange(ae);
        if (obs !== undefined) obs.unmatched(ex, aeName, ae, fresh);
      }
    }
  }

  /** The default exchange: the queue named by the key. */
  private defaultQueue(ex: Exchange, name: string): void {
    const q = this.lookup.getQueue(name);
    const fresh = q !== undefined && this.collector.addQueue(q);
    if (this.observer !== undefined) this.observer.defaultQueue(ex, name, q, fresh);
  }

  /**
   * Run `pass` (which calls `begin` and `route`) with `observer` watching it.
   * Nothing is counted; the pass's queues are left in the collector.
   */
  observe(observer: RouteObserver, pass: () => void): void {
    const outer = this.observer;
    this.observer = observer;
    try {
      pass();
    } finally {
      this.observer = outer;
      this.walking = undefined;
    }
  }

  /** Queues reached by this pass (a copy). */
  routedQueues(): Queue[] {
    return this.collector.routedQueues();
  }

  get queueCount(): number {
    return this.collector.queueCount;
  }

  /** The first queue reached (hot path for single-queue routes). */
  get firstQueue(): Queue | undefined {
    return this.collector.queueCount > 0 ? this.collector.queues[0] : undefined;
  }
}
