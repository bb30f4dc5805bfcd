import type { MessageCounters } from '../core/counters.ts';
import type { LatencyHistogram } from './latency-histogram.ts';
import type { QueueStreams } from './ordering-book.ts';
import type { OrderingCounter } from './sequence-tracker.ts';
import type { ClientState, EntityRef, LatencyKind } from './snapshot-types.ts';

/**
 * What a simulated producer or consumer exposes to the collector. The client
 * owns these objects and updates them on its hot path; the collector only
 * reads them, and resets the latency histograms after each sample (they
 * hold the current interval).
 */
export interface ClientMetricsSource {
  readonly ref: EntityRef;
  /** The client's own counters, kept across reconnects. */
  readonly counters: MessageCounters;
  /** Latency of the current sample interval, per kind this client measures. */
  readonly latency: Partial<Record<LatencyKind, LatencyHistogram>>;
  /** Consumers: ordering as seen by this consumer, and the streams of its queue. */
  readonly ordering?: { byProducer: OrderingCounter; byKey: OrderingCounter; streams: QueueStreams | undefined };
  state(): ClientState;
  /** Set when the client was removed (simulated ms since the start). */
  readonly removedAt: number | undefined;
}
