import { z } from 'zod';
import type { FieldTable } from '../../core/field-value.ts';
import type { BasicProperties } from '../../core/message.ts';
import { fieldTableSchema, toPlainJson } from '../../host/field-json.ts';
import { ackModeSchema, readEncodingSchema } from '../../host/message-schema.ts';
import type { JsonBasicProperties, MessageView } from '../../host/message-schema.ts';
import type { Json } from './rabbit-json.ts';

/** A count as scripts send it: a number, or a number in a string (the management UI posts strings). */
const intLike = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]).pipe(z.number().int().min(0));

/** Basic properties with RabbitMQ's snake_case names (publish.ejs, http-api-reference). */
const rabbitPropertiesSchema = z.looseObject({
  content_type: z.string().exactOptional(),
  content_encoding: z.string().exactOptional(),
  headers: fieldTableSchema.exactOptional(),
  delivery_mode: intLike.pipe(z.number().min(1).max(2)).exactOptional(),
  priority: intLike.pipe(z.number().max(255)).exactOptional(),
  correlation_id: z.string().exactOptional(),
  reply_to: z.string().exactOptional(),
  expiration: z.string().regex(/^\d+$/, 'expiration must be a string of milliseconds').exactOptional(),
  message_id: z.string().exactOptional(),
  timestamp: z.number().int().exactOptional(),
  type: z.string().exactOptional(),
  user_id: z.string().exactOptional(),
  app_id: z.string().exactOptional(),
  cluster_id: z.string().exactOptional(),
});

/** `POST /api/exchanges/{vhost}/{name}/publish` body. */
export const publishBodySchema = z.looseObject({
  routing_key: z.string().max(255),
  payload: z.string(),
  payload_encoding: z.enum(['string', 'base64']).default('string'),
  properties: rabbitPropertiesSchema.default({}),
});

/** `POST /api/queues/{vhost}/{name}/get` body. */
export const getBodySchema = z.looseObject({
  count: intLike.pipe(z.number().min(1).max(10_000)).default(1),
  ackmode: ackModeSchema,
  encoding: readEncodingSchema.default('auto'),
  truncate: intLike.exactOptional(),
});

const NAMES: readonly [keyof BasicProperties, string][] = [
  ['contentType', 'content_type'],
  ['contentEncoding', 'content_encoding'],
  ['headers', 'headers'],
  ['deliveryMode', 'delivery_mode'],
  ['priority', 'priority'],
  ['correlationId', 'correlation_id'],
  ['replyTo', 'reply_to'],
  ['expiration', 'expiration'],
  ['messageId', 'message_id'],
  ['timestamp', 'timestamp'],
  ['type', 'type'],
  ['userId', 'user_id'],
  ['appId', 'app_id'],
  ['clusterId', 'cluster_id'],
];

/** Snake_case properties (validated) as engine properties. */
export function fromRabbitProperties(p: z.output<typeof rabbitPropertiesSchema>): BasicProperties {
  const out: Record<string, unknown> = {};
  for (const [camel, snake] of NAMES) if (p[snake] !== undefined) out[camel] = p[snake];
  return out as BasicProperties;
}

/** Properties of a message view with RabbitMQ's names; headers as plain JSON. */
export function toRabbitProperties(p: JsonBasicProperties): Json {
  const out: Json = {};
  for (const [camel, snake] of NAMES) {
    const v = p[camel];
    if (v === undefined) continue;
    out[snake] = camel === 'headers' ? toPlainJson(v as FieldTable) : v;
  }
  return out;
}

/** One message of a `get` answer, as RabbitMQ writes it. */
export function rabbitMessageJson(m: MessageView): Json {
  return {
    payload_bytes: m.payloadBytes,
    redelivered: m.redelivered,
    exchange: m.exchange,
    routing_key: m.routingKey,
    message_count: m.messageCount,
    properties: toRabbitProperties(m.properties),
    payload: m.payload,
    payload_encoding: m.payloadEncoding,
  };
}
