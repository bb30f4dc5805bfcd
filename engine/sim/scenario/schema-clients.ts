import { z } from 'zod';
import { lifetime, rate } from './schema-rate.ts';
import { bool, distribution, duration, durationDistribution, err, fieldTable, integer, nonEmptyText, nonNegativeInt, positiveDuration, positiveInt, positiveNumber, probability, text, vhostName } from './schema-common.ts';

const clientId = nonEmptyText.regex(/^[A-Za-z0-9_.:-]+$/, { error: err('must use only letters, digits and _ . : -') });

/** A simulated publisher: `count` connections, each with one channel. */
export const producerSchema = z.strictObject({
  id: clientId,
  count: positiveInt.default(1),
  vhost: vhostName,
  /** The user it connects as; default the broker's internal user (no permission checks). */
  user: text.optional(),
  exchange: text.default(''),
  /** A template: `{a|b|c}` picks one, `{int:1-100}` an integer, `{hex:8}` hex digits, `{seq}` the sequence number, `{instance}` the instance number. */
  routingKey: text.default(''),
  rate,
  /** Body size in bytes (PerfTest's default and minimum is 12: room for a timestamp). */
  size: distribution.default({ type: 'fixed', value: 12 }),
  headers: fieldTable.default({}),
  priority: distribution.optional(),
  /** Per-message TTL (the `expiration` property). */
  expiration: duration.optional(),
  persistent: bool.default(false),
  mandatory: bool.default(false),
  contentType: text.optional(),
  /** Publisher confirms; `maxUnconfirmed` 0 means no limit (PerfTest `-c`). */
  confirm: z
    .strictObject({
      maxUnconfirmed: nonNegativeInt.default(0),
      /**
       * When the connection is lost with publishes unconfirmed: publish them
       * again after reconnecting (at-least-once: duplicates if they had
       * arrived) rather than give them up (at-most-once).
       */
      republish: z.boolean({ error: err('must be true or false') }).default(false),
    })
    .optional(),
  /** Stop after this many messages per instance (PerfTest `-C`). */
  messages: positiveInt.optional(),
  /** Send requests and wait for replies through direct reply-to (`amq.rabbitmq.reply-to`). */
  rpc: bool.default(false),
  ...lifetime,
});

/** A queue a consumer declares on its own connection (server-named and exclusive by default), as PerfTest does without `-u`. */
export const ownQueueSchema = z.strictObject({
  name: text.default(''),
  durable: bool.default(false),
  exclusive: bool.default(true),
  autoDelete: bool.default(true),
  arguments: fieldTable.default({}),
  bindings: z
    .array(z.strictObject({ exchange: nonEmptyText, routingKey: text.default(''), arguments: fieldTable.default({}) }))
    .default([]),
});

/** What can go wrong while a consumer handles a message, as probabilities per message. */
export const failuresSchema = z
  .strictObject({
    /** basic.nack with requeue. */
    nackRequeue: probability.default(0),
    /** basic.reject without requeue: dead-lettered when the queue has a DLX, else dropped. */
    rejectToDlx: probability.default(0),
    /** Crash without acking: the connection drops, unacked deliveries are requeued. */
    crash: probability.default(0),
    /** Hang: stop acking until the broker's consumer timeout closes the channel. */
    hang: probability.default(0),
    /** How long after a crash or a timeout the consumer reconnects. */
    reconnectAfter: duration.default(1000),
  })
  .refine((f) => f.nackRequeue + f.rejectToDlx + f.crash + f.hang <= 1, { error: err('the failure probabilities must add up to at most 1') });

export const consumerSchema = z
  .strictObject({
    id: clientId,
    count: positiveInt.default(1),
    vhost: vhostName,
    user: text.optional(),
    /** The queue to consume from; or `ownQueue` to declare one per instance. */
    queue: nonEmptyText.optional(),
    ownQueue: ownQueueSchema.optional(),
    /** Per-consumer prefetch (basic.qos global=false); 0 = unlimited. */
    prefetch: nonNegativeInt.default(0),
    /** Channel-wide prefetch (basic.qos global=true); 0 = unlimited. */
    channelPrefetch: nonNegativeInt.default(0),
    autoAck: bool.default(false),
    /** Ack with multiple=true once every N messages (PerfTest `-A`). */
    multiAckEvery: positiveInt.default(1),
    /** Time to handle one message, in ms (a number, a duration string or a distribution). */
    processingTime: durationDistribution.default({ type: 'fixed', value: 0 }),
    /** At most this many messages per second (PerfTest `-R`). */
    rateLimit: positiveNumber.optional(),
    failures: failuresSchema.optional(),
    /** Consumer priority (`x-priority`). */
    priority: integer.optional(),
    exclusive: bool.default(false),
    /** `get` polls with basic.get instead of consuming (PerfTest `--polling`). */
    mode: z.enum(['consume', 'get'], { error: err('must be "consume" or "get"') }).default('consume'),
    /** With `get`: how long to wait after an empty answer. */
    pollInterval: positiveDuration.default(100),
    /** Stop after this many messages per instance (PerfTest `-D`). */
    messages: positiveInt.optional(),
    /** Answer each message on its `replyTo` (an RPC server). */
    reply: bool.default(false),
    ...lifetime,
  })
  .refine((c) => (c.queue === undefined) !== (c.ownQueue === undefined), { error: 'give either queue or ownQueue', path: ['queue'] })
  .refine((c) => c.prefetch === 0 || c.autoAck || c.multiAckEvery <= c.prefetch, {
    error: 'must not exceed prefetch: the consumer would wait forever for messages the broker will not send',
    path: ['multiAckEvery'],
  })
  .refine((c) => !c.autoAck || !c.failures || (c.failures.nackRequeue === 0 && c.failures.rejectToDlx === 0 && c.failures.hang === 0), {
    error: 'nack, reject and hang need manual acknowledgements (autoAck: false)',
    path: ['failures'],
  });

export type ProducerSpec = z.output<typeof producerSchema>;
export type ConsumerSpec = z.output<typeof consumerSchema>;
export type FailuresSpec = z.output<typeof failuresSchema>;
export type OwnQueueSpec = z.output<typeof ownQueueSchema>;
