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
  const n = parseExpiration(e);
  return typeof n === 'number' ? n : undefined;
}

/** The largest TTL RabbitMQ accepts (rabbit_misc:check_expiry, ?MAX_EXPIRY_TIMER). */
export const MAX_EXPIRY_MS = 4294967295;

/**
 * Parse an `expiration` as rabbit_basic:parse_expiration does (Erlang's
 * string:to_integer, then check_expiry): the TTL in ms, or the error term
 * RabbitMQ prints (`no_integer`, `{value_negative,-1}`, `{leftover_string,".5"}`).
 */
export function parseExpiration(e: string): number | string {
  const m = /^([+-]?\d+)(.*)$/s.exec(e);
  if (!m) return 'no_integer';
  const n = Number(m[1]);
  if (m[2] !== '') return `{leftover_string,${JSON.stringify(m[2])}}`;
  if (n < 0) return `{value_negative,${n}}`;
  if (n > MAX_EXPIRY_MS) return `{value_too_large,${n}}`;
  return n;
}
