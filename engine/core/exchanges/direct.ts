import type { Binding } from '../binding.ts';
import type { ExchangeRouter, BindingVisitor } from './exchange-type.ts';

/** Direct exchange: a binding matches when its key equals the routing key (docs/exchanges.md §Direct). */
export class DirectRouter<B extends Binding = Binding> implements ExchangeRouter<B> {
  private byKey = new Map<string, B[]>();

  validateBinding(): undefined {
    return undefined;
  }

  bind(b: B): void {
    const list = this.byKey.get(b.routingKey);
    if (list) list.push(b);
    else this.byKey.set(b.routingKey, [b]);
  }

  unbind(b: B): void {
    const list = this.byKey.get(b.routingKey);
    if (!list) return;
    const i = list.indexOf(b);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byKey.delete(b.routingKey);
  }

  route(routingKey: string, _headers: unknown, visit: BindingVisitor<B>): void {
    const list = this.byKey.get(routingKey);
    if (!list) return;
    for (let i = 0; i < list.length; i++) visit(list[i]!);
  }
}
