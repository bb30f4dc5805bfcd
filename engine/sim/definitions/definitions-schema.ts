import { z } from 'zod';

/**
 * RabbitMQ's definitions.json, as 3.13 and 4.x write it (rabbitmqctl
 * export_definitions and GET /api/definitions[/{vhost}]). Lenient like
 * RabbitMQ's importer: unknown keys pass, absent flags take RabbitMQ's
 * defaults (rabbit_definitions.erl: durable true, auto_delete false,
 * internal false, arguments {}).
 */

const str = z.string({ error: 'must be a string' });
const bool = z.boolean({ error: 'must be true or false' });
const table = z.record(z.string(), z.json(), { error: 'must be an object' });
/** Limits: an object, or (rabbitmqctl export_definitions in 3.x, for a vhost without limits) an empty list. */
const limits = z.union([table, z.array(z.json())], { error: 'must be an object' });

/** Tags are a list in current files and a comma-separated string in old ones. */
const tags = z
  .union([z.array(str), str], { error: 'must be a list of strings or a comma-separated string' })
  .transform((t) => (typeof t === 'string' ? t.split(',').map((x) => x.trim()).filter((x) => x !== '') : t));

export const defUser = z.looseObject({
  name: str,
  password_hash: str.default(''),
  hashing_algorithm: str.optional(),
  tags: tags.default([]),
  limits: limits.optional(),
});

export const defVhost = z.looseObject({
  name: str,
  description: str.optional(),
  tags: tags.optional(),
  default_queue_type: str.optional(),
  limits: limits.optional(),
  metadata: z
    .looseObject({ description: str.optional(), tags: tags.optional(), default_queue_type: str.optional() })
    .optional(),
});

export const defPermission = z.looseObject({ user: str, vhost: str, configure: str, write: str, read: str });

/** rabbit_definitions topic permission: `{user, vhost, exchange, write, read}`. */
export const defTopicPermission = z.looseObject({ user: str, vhost: str.optional(), exchange: str, write: str, read: str });

export const defExchange = z.looseObject({
  name: str,
  vhost: str.optional(),
  type: str,
  durable: bool.default(true),
  auto_delete: bool.default(false),
  internal: bool.default(false),
  arguments: table.default({}),
});

export const defQueue = z.looseObject({
  name: str,
  vhost: str.optional(),
  type: str.optional(),
  durable: bool.default(true),
  auto_delete: bool.default(false),
  arguments: table.default({}),
});

export const defBinding = z.looseObject({
  source: str,
  vhost: str.optional(),
  destination: str,
  destination_type: z.enum(['queue', 'exchange'], { error: 'must be "queue" or "exchange"' }),
  routing_key: str.default(''),
  arguments: table.default({}),
});

export const defPolicy = z.looseObject({
  vhost: str.optional(),
  name: str,
  pattern: str,
  'apply-to': str.default('all'),
  priority: z.number({ error: 'must be a number' }).default(0),
  definition: table,
});

const anyList = z.array(z.json(), { error: 'must be a list' });

export const definitionsSchema = z.looseObject({
  rabbit_version: str.optional(),
  rabbitmq_version: str.optional(),
  product_name: str.optional(),
  product_version: str.optional(),
  rabbitmq_definition_format: str.optional(),
  original_vhost_name: str.optional(),
  original_cluster_name: str.optional(),
  users: z.array(defUser, { error: 'must be a list' }).default([]),
  vhosts: z.array(defVhost, { error: 'must be a list' }).default([]),
  permissions: z.array(defPermission, { error: 'must be a list' }).default([]),
  topic_permissions: z.array(defTopicPermission, { error: 'must be a list' }).default([]),
  parameters: anyList.default([]),
  global_parameters: anyList.default([]),
  policies: z.array(defPolicy, { error: 'must be a list' }).default([]),
  queues: z.array(defQueue, { error: 'must be a list' }).default([]),
  exchanges: z.array(defExchange, { error: 'must be a list' }).default([]),
  bindings: z.array(defBinding, { error: 'must be a list' }).default([]),
});

export type Definitions = z.output<typeof definitionsSchema>;
export type DefinitionsFile = z.input<typeof definitionsSchema>;
