import type { Binding } from '../binding.ts';
import type { ExchangeRouter, BindingVisitor } from './exchange-type.ts';

/** Fanout exchange: every binding matches; the routing key is ignored (docs/exchanges.md §Fanout). */
export class FanoutRouter<B extends Binding = Binding> implements ExchangeRouter<B> {
  private list: B[] = [];

  validateBinding(): undefined {
    return undefined;
  }

  bind(b: B): void {
    this.list.push(b);
  }

  unbind(b: B): void {
    const i = this.list.indexOf(b);
    if (i >= 0) this.list.splice(i, 1);
  }

  route(_routingKey: string, _headers: unknown, visit: BindingVisitor<B>): void {
    const l = this.list;
    for (let i = 0; i < l.length; i++) visit(l[i]!);
  }
}
