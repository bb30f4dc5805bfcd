import { z } from 'zod';
import { assertionSchema } from './schema-assertions.ts';
import { consumerSchema, producerSchema } from './schema-clients.ts';
import { duration, err, integer, nonEmptyText, nonNegativeInt, positiveDuration, text } from './schema-common.ts';
import { timelineEventSchema } from './schema-timeline.ts';
import { topologySchema } from './schema-topology.ts';

/** The scenario format this build writes; older files are migrated to it on load. */
export const CURRENT_SCHEMA_VERSION = 2;

/** Broker settings a scenario may change. */
export const brokerSettingsSchema = z.strictObject({
  /** Consumer (delivery acknowledgement) timeout; RabbitMQ's default is 30 minutes. */
  consumerTimeout: positiveDuration.optional(),
  /** Prefetch for consumers that never set one; 0 = unlimited. */
  defaultConsumerPrefetch: nonNegativeInt.optional(),
  /**
   * How long the message store takes to sync (an fsync) in runs that restart
   * the broker: confirms of persistent messages wait for it, so publishes
   * can be unconfirmed when the broker goes down. Default 0.
   */
  storeSyncTime: duration.optional(),
});

/**
 * A scenario: a topology, simulated clients, a timeline of events, and the
 * assertions that decide whether a run passed. Durations are milliseconds
 * once parsed (files may write `"10s"`).
 */
export const scenarioSchema = z.strictObject({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION, { error: err(`must be ${CURRENT_SCHEMA_VERSION}`) }),
  name: nonEmptyText,
  /** What the scenario shows or teaches. */
  description: text.default(''),
  tags: z.array(text).default([]),
  /** Seeds every random choice; the same seed gives the same run. */
  seed: integer.default(1),
  /** How long producers run. */
  duration: positiveDuration,
  /**
   * After `duration`, producers stop and consumers keep going for up to this
   * long, until every queue is empty and nothing is unacked.
   */
  drain: duration.default(0),
  broker: brokerSettingsSchema.default({}),
  topology: topologySchema.default({ vhosts: [], users: [], exchanges: [], queues: [], bindings: [], policies: [] }),
  producers: z.array(producerSchema).default([]),
  consumers: z.array(consumerSchema).default([]),
  timeline: z.array(timelineEventSchema).default([]),
  assertions: z.array(assertionSchema).default([]),
});

/** A loaded, validated scenario (durations in ms, defaults filled in). */
export type Scenario = z.output<typeof scenarioSchema>;

/** A scenario as written in a file (before defaults and unit parsing). */
export type ScenarioFile = z.input<typeof scenarioSchema>;
