import type { Binding } from '../binding.ts';
import type { FieldTable } from '../field-value.ts';
import type { BindingVisitor, ExchangeRouter } from './exchange-type.ts';
import type { HeadersMatcher } from './headers-match.ts';
import { compileHeadersBinding, validateHeadersBindingArgs } from './headers-match.ts';

/**
 * Headers exchange: the routing key is ignored; binding arguments are matched
 * against message headers per `x-match` (rabbit_exchange_type_headers).
 */
export class HeadersRouter<B extends Binding = Binding> implements ExchangeRouter<B> {
  private entries: { binding: B; match: HeadersMatcher }[] = [];

  validateBinding(args: FieldTable): string | undefined {
    return validateHeadersBindingArgs(args);
  }

  bind(b: B): void {
    this.entries.push({ binding: b, match: compileHeadersBinding(b.arguments) });
  }

  unbind(b: B): void {
    const i = this.entries.findIndex((e) => e.binding === b);
    if (i >= 0) this.entries.splice(i, 1);
  }

  route(_routingKey: string, headers: FieldTable | undefined, visit: BindingVisitor<B>): void {
    const es = this.entries;
    for (let i = 0; i < es.length; i++) {
      const e = es[i]!;
      if (e.match(headers)) visit(e.binding);
    }
  }
}
