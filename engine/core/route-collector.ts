import type { FieldTable } from './field-value.ts';

/** Something a message can be routed to; `routeMark` dedupes it within one routing pass. */
export interface RouteTarget {
  routeMark: number;
}

/**
 * Collects the destinations of one routing pass without allocating per
 * message: each target is marked with the pass's epoch so it is added once.
 */
export class RouteCollector<Q extends RouteTarget, X extends RouteTarget> {
  epoch = 0;
  readonly queues: Q[] = [];
  readonly exchanges: X[] = [];
  routingKey = '';
  headers: FieldTable | undefined = undefined;

  /** Start a new pass for a message. */
  reset(routingKey: string, headers: FieldTable | undefined): void {
    this.epoch++;
    this.queues.length = 0;
    this.exchanges.length = 0;
    this.routingKey = routingKey;
    this.headers = headers;
  }

  addQueue(q: Q): void {
    if (q.routeMark !== this.epoch) {
      q.routeMark = this.epoch;
      this.queues.push(q);
    }
  }

  addExchange(x: X): void {
    if (x.routeMark !== this.epoch) {
      x.routeMark = this.epoch;
      this.exchanges.push(x);
    }
  }
}
