import { z } from 'zod';
import { fieldTableSchema } from './field-json.ts';
import { shortName } from './command-schema.ts';

/** The 14 basic properties (engine `BasicProperties`), JSON-safe, as a renderer sends them. */
export const messagePropertiesSchema = z.strictObject({
  contentType: shortName.exactOptional(),
  contentEncoding: shortName.exactOptional(),
  headers: fieldTableSchema.exactOptional(),
  /** 1 transient, 2 persistent. */
  deliveryMode: z.number().int().min(1).max(2).exactOptional(),
  priority: z.number().int().min(0).max(255).exactOptional(),
  correlationId: shortName.exactOptional(),
  replyTo: shortName.exactOptional(),
  /** Per-message TTL in ms, as a decimal string. */
  expiration: z.string().regex(/^\d{1,10}$/, 'expiration must be a decimal number of milliseconds').exactOptional(),
  messageId: shortName.exactOptional(),
  /** Seconds since the epoch. */
  timestamp: z.number().int().min(0).exactOptional(),
  type: shortName.exactOptional(),
  userId: shortName.exactOptional(),
  appId: shortName.exactOptional(),
  clusterId: shortName.exactOptional(),
});

/** JSON-safe basic properties. */
export type JsonBasicProperties = z.output<typeof messagePropertiesSchema>;

/** How a payload is written in JSON: text, or base64 for bytes. */
export const payloadEncodingSchema = z.enum(['string', 'base64']);
export type PayloadEncoding = z.output<typeof payloadEncodingSchema>;

/**
 * How `queue:get` settles what it took, with RabbitMQ's management API names:
 * requeue (nack or reject with requeue, the message stays), or remove
 * (auto-ack; or reject without requeue, which dead-letters).
 */
export const ackModeSchema = z.enum(['ack_requeue_true', 'reject_requeue_true', 'ack_requeue_false', 'reject_requeue_false']);
export type AckMode = z.output<typeof ackModeSchema>;

/** `auto` writes a payload as text when it is valid UTF-8, else base64. */
export const readEncodingSchema = z.enum(['auto', 'base64']);
export type ReadEncoding = z.output<typeof readEncodingSchema>;

/** A message as tools see it (peek, get). */
export interface MessageView {
  /** Broker-wide message id (publish order). */
  id: number;
  exchange: string;
  routingKey: string;
  redelivered: boolean;
  /** Quorum queues: failed deliveries so far. */
  deliveryCount: number;
  /** Broker clock time (ms) of publish. */
  publishedAt: number;
  properties: JsonBasicProperties;
  payload: string;
  payloadEncoding: PayloadEncoding;
  /** Size of the whole body, even when `payload` is truncated. */
  payloadBytes: number;
  truncated: boolean;
  /** Ready messages left in the queue after this one was taken (get); the queue depth (peek). */
  messageCount: number;
}
