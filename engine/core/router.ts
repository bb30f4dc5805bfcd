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
 * The routing walk shared by every exchange type: ask the exchange's router
 * for matching bindings, follow exchange-to-exchange bindings once each
 * (cycle-safe), and fall back to the alternate exchange of any exchange that
 * routed nowhere (rabbit_exchange:route1, docs/ae.md, docs/exchanges.md §e2e).
 * Allocation-free per message: one collector is reused.
 */
export class Router {
  readonly collector = new RouteCollector<Queue, Exchange>();
  private matched = 0;
  private readonly visit = (b: BoundBinding): void => {
    this.matched++;
    const t = b.target;
    if (b.destinationType === 'queue') this.collector.addQueue(t as Queue);
    else this.collector.addExchange(t as Exchange);
  };

  constructor(private readonly lookup: QueueLookup) {}

  /** Start a routing pass. */
  begin(): void {
    this.collector.reset();
  }

  /** Route one routing key from `x`; call again with the same pass for CC keys. */
  route(x: Exchange, routingKey: string, headers: FieldTable | undefined): void {
    const c = this.collector;
    const start = c.exchangeCount;
    // An exchange already visited this pass (CC) is walked again for the new key.
    c.pushExchange(x);
    for (let i = start; i < c.exchangeCount; i++) {
      const ex = c.exchanges[i]!;
      if (ex.isDefault) {
        const q = this.lookup.getQueue(routingKey);
        if (q) c.addQueue(q);
        continue;
      }
      this.matched = 0;
      ex.router.route(routingKey, headers, this.visit);
      if (this.matched === 0) {
        const aeName = ex.alternateExchange;
        const ae = aeName === undefined ? undefined : this.lookup.getExchange(aeName);
        if (ae) c.addExchange(ae);
      }
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
