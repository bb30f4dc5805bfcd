import type { Binding } from '../binding.ts';
import { DirectRouter } from './direct.ts';
import type { ExchangeRouter } from './exchange-type.ts';
import { FanoutRouter } from './fanout.ts';
import { HeadersRouter } from './headers.ts';
import { TopicRouter } from './topic.ts';

/** The exchange types the engine implements, one file each. */
export const EXCHANGE_TYPES = ['direct', 'fanout', 'topic', 'headers'] as const;

/** A new router for an exchange type, or undefined for an unknown type. */
export function createRouter<B extends Binding>(type: string): ExchangeRouter<B> | undefined {
  switch (type) {
    case 'direct':
      return new DirectRouter<B>();
    case 'fanout':
      return new FanoutRouter<B>();
    case 'topic':
      return new TopicRouter<B>();
    case 'headers':
      return new HeadersRouter<B>();
    default:
      return undefined;
  }
}
