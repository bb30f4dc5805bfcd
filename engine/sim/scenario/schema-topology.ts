import { z } from 'zod';
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
 * The broker topology a scenario starts from. Exclusive queues belong to a
 * connection, so they are declared by consumers (`ownQueue`), not here.
 */
export const topologySchema = z.strictObject({
  vhosts: z.array(vhostSchema).default([]),
  users: z.array(userSchema).default([]),
  exchanges: z.array(exchangeSchema).default([]),
  queues: z.array(queueSchema).default([]),
  bindings: z.array(bindingSchema).default([]),
});

export type TopologySpec = z.output<typeof topologySchema>;
export type ExchangeSpec = z.output<typeof exchangeSchema>;
export type QueueSpec = z.output<typeof queueSchema>;
export type BindingSpec = z.output<typeof bindingSchema>;
export type UserSpec = z.output<typeof userSchema>;
export type VhostSpec = z.output<typeof vhostSchema>;
