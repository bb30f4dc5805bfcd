import { z } from 'zod';
import { POLICY_APPLY_TO } from '../../core/policy.ts';
import { bool, err, fieldTable, nonEmptyText, text, vhostName } from './schema-common.ts';

/** A regular expression for a permission; checked here so a bad one names its path. */
const permissionRegex = text.refine(
  (s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  },
  { error: err('must be a valid regular expression') },
);

export const vhostSchema = z.strictObject({
  name: nonEmptyText,
  description: text.optional(),
  defaultQueueType: z.enum(['classic', 'quorum'], { error: err('must be "classic" or "quorum"') }).optional(),
  tags: z.array(text).optional(),
});

export const permissionSchema = z.strictObject({
  vhost: vhostName,
  configure: permissionRegex.default('.*'),
  write: permissionRegex.default('.*'),
  read: permissionRegex.default('.*'),
});

/** A topic permission (`rabbitmqctl set_topic_permissions`): routing-key expressions for one topic exchange. */
export const topicPermissionSchema = z.strictObject({
  vhost: vhostName,
  exchange: nonEmptyText,
  write: permissionRegex.default('.*'),
  read: permissionRegex.default('.*'),
});

export const userSchema = z
  .strictObject({
    name: nonEmptyText,
    /** A clear-text password, hashed on load (RabbitMQ's salted SHA-256). */
    password: text.optional(),
    /** Or a RabbitMQ password hash, as in definitions.json. */
    passwordHash: text.optional(),
    hashingAlgorithm: text.optional(),
    tags: z.array(text).default([]),
    permissions: z.array(permissionSchema).default([]),
    topicPermissions: z.array(topicPermissionSchema).default([]),
  })
  .refine((u) => !(u.password !== undefined && u.passwordHash !== undefined), { error: 'give either password or passwordHash, not both', path: ['passwordHash'] });

export const exchangeSchema = z.strictObject({
  vhost: vhostName,
  name: nonEmptyText,
  type: z.enum(['direct', 'fanout', 'topic', 'headers'], { error: err('must be one of direct, fanout, topic, headers') }),
  durable: bool.default(true),
  autoDelete: bool.default(false),
  internal: bool.default(false),
  arguments: fieldTable.default({}),
});

export const queueSchema = z.strictObject({
  vhost: vhostName,
  name: nonEmptyText,
  durable: bool.default(true),
  autoDelete: bool.default(false),
  arguments: fieldTable.default({}),
});

export const bindingSchema = z.strictObject({
  vhost: vhostName,
  source: nonEmptyText,
  destination: nonEmptyText,
  destinationType: z.enum(['queue', 'exchange'], { error: err('must be "queue" or "exchange"') }).default('queue'),
  routingKey: text.default(''),
  arguments: fieldTable.default({}),
});

/**
 * A RabbitMQ policy (`rabbitmqctl set_policy`); the broker checks the pattern
 * and the definition's values when the topology is applied, so a refusal
 * names this policy's path with RabbitMQ's text.
 */
export const policySchema = z.strictObject({
  vhost: vhostName,
  name: nonEmptyText,
  pattern: text,
  applyTo: z.enum(POLICY_APPLY_TO, { error: err(`must be one of ${POLICY_APPLY_TO.join(', ')}`) }).default('all'),
  priority: z.number({ error: err('must be a number') }).int({ error: err('must be an integer') }).default(0),
  /** RabbitMQ's policy keys, e.g. {"max-length": 100, "dead-letter-exchange": "dlx"}. */
  definition: fieldTable,
});

/**
 * The broker topology a scenario starts from. Exclusive queues belong to a
 * connection, so they are declared by consumers (`ownQueue`), not here.
 */
export const topologySchema = z.strictObject({
  vhosts: z.array(vhostSchema).default([]),
  users: z.array(userSchema).default([]),
  exchanges: z.array(exchangeSchema).default([]),
  queues: z.array(queueSchema).default([]),
  bindings: z.array(bindingSchema).default([]),
  policies: z.array(policySchema).default([]),
});

export type TopologySpec = z.output<typeof topologySchema>;
export type ExchangeSpec = z.output<typeof exchangeSchema>;
export type QueueSpec = z.output<typeof queueSchema>;
export type BindingSpec = z.output<typeof bindingSchema>;
export type UserSpec = z.output<typeof userSchema>;
export type PolicySpec = z.output<typeof policySchema>;
export type VhostSpec = z.output<typeof vhostSchema>;
