import type { FieldTable } from './field-value.ts';

/** The 14 basic content properties of AMQP 0-9-1, in wire order. */
export interface BasicProperties {
  contentType?: string;
  contentEncoding?: string;
  headers?: FieldTable;
  /** 1 transient, 2 persistent. */
  deliveryMode?: number;
  priority?: number;
  correlationId?: string;
  replyTo?: string;
  /** Per-message TTL in milliseconds, as a decimal string ("60000"). */
  expiration?: string;
  messageId?: string;
  /** Seconds since the epoch. */
  timestamp?: number;
  type?: string;
  userId?: string;
  appId?: string;
  clusterId?: string;
}

/**
 * A published message. Immutable once routed: every queue it reaches shares
 * this object and keeps its own per-queue state in a `QueueEntry`.
 */
export interface Message {
  /** Broker-wide monotonic id (publish order). */
  readonly id: number;
  readonly exchange: string;
  readonly routingKey: string;
  readonly properties: BasicProperties;
  readonly body: Uint8Array;
  /** Clock time (ms) at publish. */
  readonly publishedAt: number;
}

/** True when the message was published persistent (delivery-mode 2). */
export function isPersistent(msg: Message): boolean {
  return msg.properties.deliveryMode === 2;
}

/** The empty property set, shared so messages without properties cost nothing. */
export const NO_PROPERTIES: BasicProperties = Object.freeze({}) as BasicProperties;

/** Per-message TTL from the `expiration` property, or undefined if absent or invalid. */
export function messageTtl(props: BasicProperties): number | undefined {
  const e = props.expiration;
  if (e === undefined) return undefined;
  const n = Number(e);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}
