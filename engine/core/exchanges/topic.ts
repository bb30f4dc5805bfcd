import type { Binding } from '../binding.ts';
import type { BindingVisitor, ExchangeRouter } from './exchange-type.ts';
import { TopicTrie } from './topic-trie.ts';

/**
 * Topic exchange: `.`-separated words, `*` one word, `#` zero or more
 * (docs/exchanges.md §Topic). Matching runs on a compiled trie.
 */
export class TopicRouter<B extends Binding = Binding> implements ExchangeRouter<B> {
  private trie = new TopicTrie<B>();

  validateBinding(): undefined {
    return undefined;
  }

  bind(b: B): void {
    this.trie.add(b.routingKey, b);
  }

  unbind(b: B): void {
    this.trie.remove(b.routingKey, b);
  }

  route(routingKey: string, _headers: unknown, visit: BindingVisitor<B>): void {
    this.trie.forEachMatch(routingKey, visit);
  }
}
