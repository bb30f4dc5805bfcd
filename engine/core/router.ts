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
  /** The walk enters exchange `x` for `routingKey` (again for each CC key). */
  enter(x: Exchange, routingKey: string): void;
  /** The default exchange looked for the queue named by the routing key. */
  defaultQueue(x: Exchange, name: string, queue: Queue | undefined, fresh: boolean): void;
  /** A binding of `x` matched. */
  matched(x: Exchange, b: BoundBinding, fresh: boolean): void;
  /** No binding of `x` matched: its `alternate-exchange` argument, and the exchange it names if it exists. */
  unmatched(x: Exchange, alternate: string | undefined, ae: Exchange | undefined, fresh: boolean): void;
}

/**
 * The routing walk shared by every exchange type: ask the exchange's router
 * for matching bindings, follow exchange-to-exchange bindings once each
 * (cycle-safe), and fall back to the alternate exchange of any exchange that
 * routed nowhere (rabbit_exchange:route1, docs/ae.md, docs/exchanges.md §e2e).
 * Allocation-free per message: one collector is reused. Each binding a
 * message matches counts it once (`BoundBinding.routed`), except in a pass
 * run under `observe`, which changes nothing.
 */
export class Router {
  readonly collector = new RouteCollector<Queue, Exchange>();
  private matched = 0;
  private observer: RouteObserver | undefined;
  /** The exchange being walked, for the observer. */
  private walking: Exchange | undefined;
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
    this.observer!.matched(this.walking!, b, fresh);
  };

  constructor(private readonly lookup: QueueLookup) {}

  /** Start a routing pass. */
  begin(): void {
    this.collector.reset();
  }

  /** Route one routing key from `x`; call again with the same pass for CC keys. */
  route(x: Exchange, routingKey: string, headers: FieldTable | undefined): void {
    const c = this.collector;
    const obs = this.observer;
    const visit = obs === undefined ? this.visit : this.visitObserved;
    const start = c.exchangeCount;
    // An exchange already visited this pass (CC) is walked again for the new key.
    c.pushExchange(x);
    for (let i = start; i < c.exchangeCount; i++) {
      const ex = c.exchanges[i]!;
      if (obs !== undefined) {
        this.walking = ex;
        obs.enter(ex, routingKey);
      }
      if (ex.isDefault) {
        const q = this.lookup.getQueue(routingKey);
        const fresh = q !== undefined && c.addQueue(q);
        if (obs !== undefined) obs.defaultQueue(ex, routingKey, q, fresh);
        continue;
      }
      this.matched = 0;
      ex.router.route(routingKey, headers, visit);
      if (this.matched === 0) {
        const aeName = ex.alternateExchange;
        const ae = aeName === undefined ? undefined : this.lookup.getExchange(aeName);
        const fresh = ae !== undefined && c.addExchange(ae);
        if (obs !== undefined) obs.unmatched(ex, aeName, ae, fresh);
      }
    }
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
