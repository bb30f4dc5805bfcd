import { z } from 'zod';
import { COUNT_NAMES } from '../../metrics/snapshot-types.ts';
import { err, finiteNumber, nonEmptyText, nonNegativeNumber, text, vhostName } from './schema-common.ts';

/** Counts derived from several counters. */
export const DERIVED_COUNT_NAMES = [
  /** Deliveries plus gets (manual and auto ack). */
  'delivered',
  /** Dead-lettered for any reason. */
  'deadLettered',
  /** Unroutable, returned or dropped. */
  'unroutable',
  /** Consumers: messages they finished handling. */
  'processed',
  /** Consumer crashes (connection dropped). */
  'crashes',
  /** Channels closed by the consumer timeout. */
  'timeouts',
  /** Accepted by the broker, then neither handled by a consumer nor still queued at the end. */
  'lost',
  /** Producers: of `lost`, what broker restarts took (transient messages, queues that did not come back, auto-ack buffers). */
  'lostInRestart',
  /** Producers: publishes whose confirm never came because a broker restart closed the connection. */
  'notConfirmed',
  /** Producers: unconfirmed publishes sent again after reconnecting (`confirm.republish`). */
  'republished',
] as const;

export const ASSERTION_METRICS = [...COUNT_NAMES, ...DERIVED_COUNT_NAMES] as const;
export type AssertionMetric = (typeof ASSERTION_METRICS)[number];

/**
 * What an assertion looks at: the whole run (default), a queue or exchange,
 * or a producer or consumer (all instances of an id, or one as `id#2`).
 */
export const scopeSchema = z.union(
  [
    z.strictObject({ queue: nonEmptyText, vhost: vhostName }),
    z.strictObject({ exchange: nonEmptyText, vhost: vhostName }),
    z.strictObject({ producer: nonEmptyText }),
    z.strictObject({ consumer: nonEmptyText }),
  ],
  { error: err('must be {queue}, {exchange}, {producer} or {consumer}') },
);

const bounds = {
  min: finiteNumber.optional(),
  max: finiteNumber.optional(),
  equals: finiteNumber.optional(),
};
const hasBound = (a: { min?: number | undefined; max?: number | undefined; equals?: number | undefined }): boolean =>
  a.min !== undefined || a.max !== undefined || a.equals !== undefined;
const boundError = { error: err('needs at least one of min, max or equals') };
const common = { description: text.optional() };

/** Checks evaluated at the end of a run; a failing one makes the headless runner exit non-zero. */
export const assertionSchema = z.discriminatedUnion(
  'type',
  [
    /** Every message the broker accepted was handled by a consumer or is still queued. */
    z.strictObject({ ...common, type: z.literal('noMessageLost') }),
    z
      .strictObject({
        ...common,
        type: z.literal('latency'),
        kind: z.enum(['consume', 'confirm', 'rpc'], { error: err('must be consume, confirm or rpc') }).default('consume'),
        percentile: z.enum(['min', 'mean', 'p50', 'p75', 'p95', 'p99', 'max'], { error: err('must be min, mean, p50, p75, p95, p99 or max') }),
        /** Bounds in ms. */
        max: nonNegativeNumber.optional(),
        min: nonNegativeNumber.optional(),
        scope: scopeSchema.optional(),
      })
      .refine((a) => a.min !== undefined || a.max !== undefined, { error: 'needs min or max (ms)' }),
    z
      .strictObject({
        ...common,
        type: z.literal('count'),
        metric: z.enum(ASSERTION_METRICS, { error: err(`must be one of ${ASSERTION_METRICS.join(', ')}`) }),
        scope: scopeSchema.optional(),
        ...bounds,
      })
      .refine(hasBound, boundError),
    z.strictObject({
      ...common,
      type: z.literal('ordering'),
      by: z.enum(['producer', 'routingKey'], { error: err('must be "producer" or "routingKey"') }).default('producer'),
      maxOutOfOrder: nonNegativeNumber.optional(),
      maxDuplicates: nonNegativeNumber.optional(),
      maxGaps: nonNegativeNumber.optional(),
      scope: scopeSchema.optional(),
    }),
    z
      .strictObject({
        ...common,
        type: z.literal('queueDepth'),
        vhost: vhostName,
        queue: nonEmptyText,
        which: z.enum(['ready', 'unacked', 'total'], { error: err('must be ready, unacked or total') }).default('total'),
        ...bounds,
      })
      .refine(hasBound, boundError),
    /** Every instance of a consumer handled the same number of messages, within `tolerance`. */
    z.strictObject({ ...common, type: z.literal('fairShare'), consumer: nonEmptyText, tolerance: nonNegativeNumber.default(0) }),
  ],
  { error: err('must have a type: noMessageLost, latency, count, ordering, queueDepth or fairShare') },
);

export type AssertionSpec = z.output<typeof assertionSchema>;
export type ScopeSpec = z.output<typeof scopeSchema>;
