import type { FieldTable } from './field-value.ts';

/** Something a message can be routed to; `routeMark` dedupes it within one routing pass. */
export interface RouteTarget {
  routeMark: number;
}

/**
 * Collects the destinations of one routing pass without allocating per
 * message: each target is marked with the pass's epoch so it is added once,
 * and the arrays are reused (only the first `queueCount`/`exchangeCount` slots
 * belong to the current pass).
 */
export class RouteCollector<Q extends RouteTarget, X extends RouteTarget> {
  epoch = 0;
  readonly queues: Q[] = [];
  readonly exchanges: X[] = [];
  queueCount = 0;
  exchangeCount = 0;

  /** Start a new pass for a message. */
  reset(): void {
    this.epoch++;
    this.queueCount = 0;
    this.exchangeCount = 0;
  }

  /** Add a queue reached by this pass; false when it was already reached. */
  addQueue(q: Q): boolean {
    if (q.routeMark === this.epoch) return false;
    q.routeMark = this.epoch;
    this.queues[this.queueCount++] = q;
    return true;
  }

  /** Add an exchange to walk in this pass; false when it was already walked or queued. */
  addExchange(x: X): boolean {
    if (x.routeMark === this.epoch) return false;
    x.routeMark = this.epoch;
    this.exchanges[this.exchangeCount++] = x;
    return true;
  }

  /** A copy of this pass's queues. */
  routedQueues(): Q[] {
    return this.queues.slice(0, this.queueCount);
  }
}

export type { FieldTable };
