import type { FieldTable } from '../core/field-value.ts';
import type { BasicProperties, Message } from '../core/message.ts';
import { base64Decode, base64Encode } from '../core/text.ts';
import { toJsonTable } from './field-json.ts';
import { HostFailure } from './host-error.ts';
import type { JsonBasicProperties, MessageView, PayloadEncoding, ReadEncoding } from './message-schema.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Write a body as text when it is valid UTF-8 (and `auto` allows it), else as base64. */
export function encodePayload(body: Uint8Array, encoding: ReadEncoding): { payload: string; payloadEncoding: PayloadEncoding } {
  if (encoding === 'auto') {
    try {
      return { payload: strictUtf8.decode(body), payloadEncoding: 'string' };
    } catch {
      // not UTF-8: fall through to base64
    }
  }
  return { payload: base64Encode(body), payloadEncoding: 'base64' };
}

/** Read a payload sent as text or base64; malformed base64 is a bad request. */
export function decodePayload(payload: string, encoding: PayloadEncoding): Uint8Array {
  if (encoding === 'string') return new TextEncoder().encode(payload);
  const bytes = base64Decode(payload);
  if (!bytes) throw new HostFailure('bad-request', 'payload is not valid base64');
  return bytes;
}

/** Engine properties in JSON-safe form. */
export function toJsonProperties(p: BasicProperties): JsonBasicProperties {
  const { headers, ...rest } = p;
  return headers === undefined ? { ...rest } : { ...rest, headers: toJsonTable(headers) };
}

/** JSON-safe properties (already validated) as engine properties. */
export function fromJsonProperties(p: JsonBasicProperties): BasicProperties {
  const { headers, ...rest } = p;
  return headers === undefined ? rest : { ...rest, headers: headers as FieldTable };
}

/** A message as tools show it. */
export function messageView(
  msg: Message,
  props: BasicProperties,
  redelivered: boolean,
  deliveryCount: number,
  messageCount: number,
  opts: { encoding: ReadEncoding; truncate?: number | undefined },
): MessageView {
  const t = opts.truncate;
  const truncated = t !== undefined && msg.body.length > t;
  const body = truncated ? msg.body.subarray(0, t) : msg.body;
  return {
    id: msg.id,
    exchange: msg.exchange,
    routingKey: msg.routingKey,
    redelivered,
    deliveryCount,
    publishedAt: msg.publishedAt,
    properties: toJsonProperties(props),
    ...encodePayload(body, opts.encoding),
    payloadBytes: msg.body.length,
    truncated,
    messageCount,
  };
}
