import { z } from 'zod';
import { fieldTableSchema } from './field-json.ts';

/** An AMQP short string: names of vhosts, exchanges, queues, users (at most 255 bytes on the wire). */
export const shortName = z.string().max(255);

const queueType = z.enum(['classic', 'quorum']);
const destinationType = z.enum(['queue', 'exchange']);

const binding = {
  vhost: shortName,
  source: shortName,
  destination: shortName,
  destinationType,
  routingKey: shortName,
  arguments: fieldTableSchema,
};

/**
 * The engine's topology `Command` union (engine/core/commands.ts) as a schema:
 * what a renderer may send on `topology:apply`. Arguments are JSON field
 * tables; unknown keys are refused so a typo is an error, not a silent no-op.
 */
export const commandSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('vhost.add'),
    name: shortName.min(1),
    description: z.string().max(4096).exactOptional(),
    defaultQueueType: queueType.exactOptional(),
    tags: z.array(z.string().max(255)).exactOptional(),
  }),
  z.strictObject({ type: z.literal('vhost.delete'), name: shortName }),
  z.strictObject({
    type: z.literal('user.add'),
    name: shortName.min(1),
    passwordHash: z.string().max(1024),
    hashingAlgorithm: z.string().max(255).exactOptional(),
    tags: z.array(z.string().max(255)),
  }),
  z.strictObject({ type: z.literal('user.delete'), name: shortName }),
  z.strictObject({
    type: z.literal('permission.set'),
    user: shortName,
    vhost: shortName,
    configure: z.string().max(4096),
    write: z.string().max(4096),
    read: z.string().max(4096),
  }),
  z.strictObject({ type: z.literal('permission.clear'), user: shortName, vhost: shortName }),
  z.strictObject({
    type: z.literal('topic-permission.set'),
    user: shortName,
    vhost: shortName,
    exchange: shortName,
    write: z.string().max(4096),
    read: z.string().max(4096),
  }),
  z.strictObject({ type: z.literal('topic-permission.clear'), user: shortName, vhost: shortName, exchange: shortName.exactOptional() }),
  z.strictObject({
    type: z.literal('exchange.declare'),
    vhost: shortName,
    name: shortName,
    exchangeType: shortName,
    durable: z.boolean(),
    autoDelete: z.boolean(),
    internal: z.boolean(),
    arguments: fieldTableSchema,
    passive: z.boolean().exactOptional(),
  }),
  z.strictObject({ type: z.literal('exchange.delete'), vhost: shortName, name: shortName, ifUnused: z.boolean().exactOptional() }),
  z.strictObject({
    type: z.literal('queue.declare'),
    vhost: shortName,
    name: shortName,
    durable: z.boolean(),
    exclusive: z.boolean(),
    autoDelete: z.boolean(),
    arguments: fieldTableSchema,
    passive: z.boolean().exactOptional(),
  }),
  z.strictObject({
    type: z.literal('queue.delete'),
    vhost: shortName,
    name: shortName,
    ifUnused: z.boolean().exactOptional(),
    ifEmpty: z.boolean().exactOptional(),
  }),
  z.strictObject({ type: z.literal('queue.purge'), vhost: shortName, name: shortName }),
  z.strictObject({
    type: z.literal('policy.set'),
    vhost: shortName,
    name: shortName.min(1),
    pattern: z.string().max(4096),
    applyTo: z.enum(['queues', 'exchanges', 'all', 'classic_queues', 'quorum_queues']).exactOptional(),
    priority: z.number().int().exactOptional(),
    definition: fieldTableSchema,
  }),
  z.strictObject({ type: z.literal('policy.clear'), vhost: shortName, name: shortName }),
  z.strictObject({ type: z.literal('binding.add'), ...binding }),
  z.strictObject({ type: z.literal('binding.remove'), ...binding }),
]);

/** A topology command in JSON-safe form: what crosses IPC and the WebSocket. */
export type JsonCommand = z.output<typeof commandSchema>;
