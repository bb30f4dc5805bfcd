import type { Binding } from '../binding.ts';
import type { FieldTable } from '../field-value.ts';

/** Receives the bindings a routing key and headers match. */
export type BindingVisitor<B extends Binding = Binding> = (binding: B) => void;

/**
 * One exchange type's routing rule (one file per type). The shared parts
 * (alternate exchange, exchange-to-exchange walk, dedupe) live in the router.
 */
export interface ExchangeRouter<B extends Binding = Binding> {
  /** Reject a binding's arguments before it is stored; returns the error text. */
  validateBinding(args: FieldTable): string | undefined;
  bind(b: B): void;
  unbind(b: B): void;
  /** Visit every binding that matches. A binding may be visited once per pass at most. */
  route(routingKey: string, headers: FieldTable | undefined, visit: BindingVisitor<B>): void;
}
