import { z } from 'zod';
import { POLICY_APPLY_TO } from '../../core/policy.ts';
import { consumerSchema, producerSchema } from './schema-clients.ts';
import { duration, err, nonEmptyText, nonNegativeInt, text, vhostName } from './schema-common.ts';
import { rate } from './schema-rate.ts';
import { topologySchema } from './schema-topology.ts';

const at = { at: duration };

/** How long a restarted broker stays down unless the event says otherwise. */
export const RESTART_DOWNTIME_MS = 2000;
const queueRef = { vhost: vhostName, queue: nonEmptyText };

/**
 * Arguments a timeline may change on one live queue, as a RabbitMQ policy
 * would (RabbitMQ's policy keys without the `x-` prefix map to these). The
 * `setPolicy` event sets a real policy instead.
 */
export const POLICY_LIKE_ARGUMENTS = [
  'x-max-length',
  'x-max-length-bytes',
  'x-overflow',
  'x-message-ttl',
  'x-dead-letter-exchange',
  'x-dead-letter-routing-key',
  'x-delivery-limit',
  'x-consumer-timeout',
  'x-expires',
] as const;

/** Scheduled events, at simulated times from the start of the run. */
export const timelineEventSchema = z.discriminatedUnion(
  'action',
  [
    z.strictObject({ ...at, action: z.literal('addProducer'), producer: producerSchema }),
    z.strictObject({ ...at, action: z.literal('removeProducer'), producer: nonEmptyText }),
    z.strictObject({ ...at, action: z.literal('addConsumer'), consumer: consumerSchema }),
    z.strictObject({ ...at, action: z.literal('removeConsumer'), consumer: nonEmptyText }),
    z.strictObject({ ...at, action: z.literal('setRate'), producer: nonEmptyText, rate }),
    /** Crash consumer instances (all, or one by its 1-based number): their connections drop. */
    z.strictObject({ ...at, action: z.literal('killConsumer'), consumer: nonEmptyText, instance: nonNegativeInt.optional() }),
    /** Consumers of a queue stop handling messages (a stuck downstream); deliveries pile up to the prefetch. */
    z.strictObject({ ...at, action: z.literal('blockConsumers'), ...queueRef }),
    z.strictObject({ ...at, action: z.literal('unblockConsumers'), ...queueRef }),
    z.strictObject({ ...at, action: z.literal('purgeQueue'), ...queueRef }),
    z.strictObject({ ...at, action: z.literal('deleteQueue'), ...queueRef }),
    z.strictObject({
      ...at,
      action: z.literal('setQueueArgument'),
      ...queueRef,
      argument: z.enum(POLICY_LIKE_ARGUMENTS, { error: err(`must be one of ${POLICY_LIKE_ARGUMENTS.join(', ')}`) }),
      /** The new value; null removes the argument. */
      value: z.union([z.number(), text, z.null()], { error: err('must be a number, a string or null') }),
    }),
    /**
     * Set (or redefine) a RabbitMQ policy: the broker validates it and
     * re-applies the vhost's policies to every queue and exchange at once.
     */
    z.strictObject({
      ...at,
      action: z.literal('setPolicy'),
      vhost: vhostName,
      name: nonEmptyText,
      pattern: text,
      applyTo: z.enum(POLICY_APPLY_TO, { error: err(`must be one of ${POLICY_APPLY_TO.join(', ')}`) }).default('all'),
      priority: z.number({ error: err('must be a number') }).int({ error: err('must be an integer') }).default(0),
      /** RabbitMQ's policy keys, e.g. {"max-length": 100, "dead-letter-exchange": "dlx"}. */
      definition: z.record(z.string(), z.union([z.number(), text, z.boolean()]), { error: err('must be an object of numbers, strings or booleans') }),
    }),
    z.strictObject({ ...at, action: z.literal('clearPolicy'), vhost: vhostName, name: nonEmptyText }),
    /** Declare more topology at this time (exchanges, queues, bindings, users, vhosts). */
    z.strictObject({ ...at, action: z.literal('applyTopology'), topology: topologySchema }),
    /**
     * Restart the broker as a RabbitMQ node restarts: every connection closed
     * with 320 CONNECTION_FORCED, down for `downtime`, then back with what
     * its durable store kept (durable topology, persistent messages in durable
     * queues). Clients recover like clients with automatic recovery;
     * `redeclare` (default true) has them declare the scenario's topology
     * again, as applications that declare what they use on connect do.
     */
    z.strictObject({ ...at, action: z.literal('restartBroker'), downtime: duration.default(RESTART_DOWNTIME_MS), redeclare: z.boolean({ error: err('must be true or false') }).default(true) }),
  ],
  {
    error:
      'must have an action: addProducer, removeProducer, addConsumer, removeConsumer, setRate, killConsumer, blockConsumers, unblockConsumers, purgeQueue, deleteQueue, setQueueArgument, setPolicy, clearPolicy, applyTopology or restartBroker',
  },
);

export type TimelineEvent = z.output<typeof timelineEventSchema>;
export type TimelineAction = TimelineEvent['action'];
