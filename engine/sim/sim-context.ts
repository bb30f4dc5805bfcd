import type { Scheduler } from '../core/clock.ts';
import type { MetricsCollector } from '../metrics/collector.ts';
import type { SimTransport } from './transport.ts';

/** What simulated clients share: the clock, the transport, metrics and the run's seed. */
export interface SimContext {
  readonly scheduler: Scheduler;
  readonly transport: SimTransport;
  readonly metrics: MetricsCollector;
  readonly seed: number;
  /** Scheduler time at which the run started (simulated time 0). */
  readonly startedAt: number;
  /**
   * The shortest wait between a producer's wake-ups, in ms. Messages due
   * within one tick are published together (default 1 ms), which keeps the
   * number of timers per second bounded at high rates.
   */
  readonly tickMs: number;
  /**
   * A consumer started handling message `seq` of producer `pid` (its numeric
   * id), `latencyMs` after it was published (NaN if unknown): the producer
   * settles it in its loss ledger and records its publish-to-consume latency.
   */
  received(pid: number, seq: number, latencyMs: number): void;
}
