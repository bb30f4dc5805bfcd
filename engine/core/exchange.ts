import type { Binding } from './binding.ts';
import { MessageCounters } from './counters.ts';
import type { FieldTable } from './field-value.ts';
import type { ExchangeRouter } from './exchanges/exchange-type.ts';
import type { Queue } from './queue.ts';
import type { RouteTarget } from './route-collector.ts';

/** A binding with its destination resolved, as routers hold it. */
export interface BoundBinding extends Binding {
  readonly target: Queue | Exchange;
  /** Routing pass that last counted this binding (see `Router`), so a message counts once. */
  routeMark: number;
  /** Messages routed through this binding: publishes and dead-letters that matched it, each once. */
  routed: number;
}

/** An exchange: its properties, its router, and its bindings as a source. */
export class Exchange implements RouteTarget {
  routeMark = 0;
  readonly counters = new MessageCounters();
  /** Bindings whose source is this exchange, by canonical key. */
  readonly bindings = new Map<string, BoundBinding>();
  /** Auto-delete exchanges go only once they have had a binding (docs/exchanges.md). */
  hadBinding = false;
  deleted = false;
  /** The policy in effect (engine/core/policy-apply.ts), by name. */
  policy: string | undefined;
  /** The policy's `alternate-exchange`, used when the argument is absent. */
  policyAlternateExchange: string | undefined;

  constructor(
    readonly vhost: string,
    readonly name: string,
    readonly type: string,
    readonly durable: boolean,
    readonly autoDelete: boolean,
    readonly internal: boolean,
    readonly args: FieldTable,
    readonly router: ExchangeRouter<BoundBinding>,
  ) {}

  /** The `alternate-exchange` argument, else the policy's (docs/ae.md: the argument wins). */
  get alternateExchange(): string | undefined {
    const ae = this.args['alternate-exchange'];
    return typeof ae === 'string' ? ae : this.policyAlternateExchange;
  }

  /** True for the nameless default exchange. */
  get isDefault(): boolean {
    return this.name === '';
  }
}
