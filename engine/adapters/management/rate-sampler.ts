import type { Clock } from '../../core/clock.ts';

interface Sample {
  at: number;
  values: Record<string, number>;
  rates: Record<string, number>;
  seen: number;
}

/**
 * Per-second rates for the management API's `*_details.rate`, from samples
 * taken at most every `intervalMs` (RabbitMQ's collect_statistics_interval,
 * 5 s): each entity's values are compared with the previous sample's. Rates
 * are computed lazily, when someone asks, so an idle host does no work.
 */
export class RateSampler {
  private readonly samples = new Map<string, Sample>();
  private calls = 0;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs = 5_000,
  ) {}

  /** The rates of `values` for entity `key` (0 until two samples exist). */
  rates(key: string, values: Record<string, number>): Record<string, number> {
    const now = this.clock.now();
    if (++this.calls % 1000 === 0) this.sweep(now);
    const prev = this.samples.get(key);
    if (!prev) {
      this.samples.set(key, { at: now, values: { ...values }, rates: {}, seen: now });
      return {};
    }
    prev.seen = now;
    const dt = now - prev.at;
    if (dt < this.intervalMs) return prev.rates;
    const rates: Record<string, number> = {};
    for (const [k, v] of Object.entries(values)) rates[k] = Math.round(((v - (prev.values[k] ?? v)) * 1000 * 10) / dt) / 10;
    this.samples.set(key, { at: now, values: { ...values }, rates, seen: now });
    return rates;
  }

  /** Forget entities nobody asked about for a while (deleted queues, closed connections). */
  private sweep(now: number): void {
    for (const [k, s] of this.samples) if (now - s.seen > 10 * this.intervalMs) this.samples.delete(k);
  }
}
