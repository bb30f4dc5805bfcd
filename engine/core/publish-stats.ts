/**
 * What one channel published to one exchange: RabbitMQ's fine-grained
 * channel/exchange stats (a channel's `publishes` list and an exchange's
 * `incoming` list in the management API: publish, confirm, return_unroutable,
 * drop_unroutable). Monotonic, like `MessageCounters`.
 */
export class ExchangePublishStats {
  published = 0;
  confirmed = 0;
  unroutableReturned = 0;
  unroutableDropped = 0;
  /**
   * Default exchange only: messages per routing key (the queue they were
   * addressed to), so a `sendToQueue` client can be drawn to its queue.
   * At most `MAX_DEFAULT_KEYS` keys; later new keys go uncounted here.
   */
  readonly routingKeys: Map<string, number> | undefined;

  constructor(readonly exchange: string) {
    this.routingKeys = exchange === '' ? new Map() : undefined;
  }

  /** Count one publish (and its routing key on the default exchange). */
  count(routingKey: string): void {
    this.published++;
    const keys = this.routingKeys;
    if (keys === undefined) return;
    const n = keys.get(routingKey);
    if (n !== undefined) keys.set(routingKey, n + 1);
    else if (keys.size < MAX_DEFAULT_KEYS) keys.set(routingKey, 1);
  }
}

/** How many distinct default-exchange routing keys a channel remembers. */
export const MAX_DEFAULT_KEYS = 64;

/** A channel's publish stats by exchange name, with the last one cached for the hot path. */
export class PublishStatsByExchange {
  private readonly byName = new Map<string, ExchangePublishStats>();
  private last: ExchangePublishStats | undefined;

  /** The stats for `exchange`, created on first use. */
  of(exchange: string): ExchangePublishStats {
    const last = this.last;
    if (last !== undefined && last.exchange === exchange) return last;
    let s = this.byName.get(exchange);
    if (s === undefined) {
      s = new ExchangePublishStats(exchange);
      this.byName.set(exchange, s);
    }
    this.last = s;
    return s;
  }

  /** The stats for `exchange`, if this channel published to it. */
  get(exchange: string): ExchangePublishStats | undefined {
    return this.byName.get(exchange);
  }

  /** Every exchange published to, in first-publish order. */
  values(): IterableIterator<ExchangePublishStats> {
    return this.byName.values();
  }

  get size(): number {
    return this.byName.size;
  }
}
