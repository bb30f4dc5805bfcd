import type { BasicProperties } from '../core/message.ts';
import type { FieldTable } from '../core/field-value.ts';
import type { ByteReader, ByteWriter } from './bytes.ts';
import { DecodeError } from './bytes.ts';
import { RecordType, beginRecord, endRecord } from './record.ts';
import type { MessageRef, QueueKey, RecoveredMessage, StoredMessage } from './store.ts';
import { readValue, writeValue } from './value-codec.ts';

/** Version written in each segment header; readers refuse other versions. */
export const SEGMENT_FORMAT = 1;

// Property presence flags, in the order the fields follow.
const P_CONTENT_TYPE = 1 << 0;
const P_CONTENT_ENCODING = 1 << 1;
const P_HEADERS = 1 << 2;
const P_DELIVERY_MODE = 1 << 3;
const P_PRIORITY = 1 << 4;
const P_CORRELATION_ID = 1 << 5;
const P_REPLY_TO = 1 << 6;
const P_EXPIRATION = 1 << 7;
const P_MESSAGE_ID = 1 << 8;
const P_TIMESTAMP = 1 << 9;
const P_TYPE = 1 << 10;
const P_USER_ID = 1 << 11;
const P_APP_ID = 1 << 12;
const P_CLUSTER_ID = 1 << 13;

/** SegmentHeader payload: u16 format, f64 segment id. */
export function writeSegmentHeader(w: ByteWriter, segmentId: number): void {
  const at = beginRecord(w, RecordType.SegmentHeader);
  w.u16(SEGMENT_FORMAT);
  w.f64(segmentId);
  endRecord(w, at);
}

export function readSegmentHeader(r: ByteReader): { format: number; segmentId: number } {
  return { format: r.u16(), segmentId: r.f64() };
}

/** Queue payload: u32 segment-local reference, vhost, name. */
export function writeQueueRecord(w: ByteWriter, ref: number, vhost: string, name: string): void {
  const at = beginRecord(w, RecordType.Queue);
  w.u32(ref);
  w.str(vhost);
  w.str(name);
  endRecord(w, at);
}

export function readQueueRecord(r: ByteReader): { ref: number; vhost: string; name: string } {
  return { ref: r.u32(), vhost: r.str(), name: r.str() };
}

/**
 * Message payload: u32 queue ref, f64 expiresAt (-1 never), u8 priority,
 * f64 publishedAt, exchange, routing key, properties, body.
 */
export function writeMessageRecord(w: ByteWriter, queueRef: number, m: StoredMessage): void {
  const at = beginRecord(w, RecordType.Message);
  w.u32(queueRef);
  w.f64(m.expiresAt);
  w.u8(m.priority);
  w.f64(m.publishedAt);
  w.str(m.exchange);
  w.str(m.routingKey);
  writeProperties(w, m.properties);
  w.bytes(m.body);
  endRecord(w, at);
}

/**
 * Decode a message payload straight into a recovered message (one object, so
 * a million-message recovery allocates no intermediates); the body is a view
 * into the reader's buffer. `queueOf` resolves the queue reference.
 */
export function readMessageRecord(
  r: ByteReader,
  queueOf: (ref: number) => QueueKey,
  ref: MessageRef,
  deliveryCount: number | undefined,
  suspect: boolean,
): RecoveredMessage {
  const queue = queueOf(r.u32());
  const expiresAt = r.f64();
  const priority = r.u8();
  const publishedAt = r.f64();
  const exchange = r.str();
  const routingKey = r.str();
  const properties = readProperties(r);
  const body = r.bytes();
  return { exchange, routingKey, properties, body, publishedAt, expiresAt, priority, queue, ref, delivered: suspect || deliveryCount !== undefined, deliveryCount: deliveryCount ?? 0 };
}

function writeProperties(w: ByteWriter, p: BasicProperties): void {
  let f = 0;
  if (p.contentType !== undefined) f |= P_CONTENT_TYPE;
  if (p.contentEncoding !== undefined) f |= P_CONTENT_ENCODING;
  if (p.headers !== undefined) f |= P_HEADERS;
  if (p.deliveryMode !== undefined) f |= P_DELIVERY_MODE;
  if (p.priority !== undefined) f |= P_PRIORITY;
  if (p.correlationId !== undefined) f |= P_CORRELATION_ID;
  if (p.replyTo !== undefined) f |= P_REPLY_TO;
  if (p.expiration !== undefined) f |= P_EXPIRATION;
  if (p.messageId !== undefined) f |= P_MESSAGE_ID;
  if (p.timestamp !== undefined) f |= P_TIMESTAMP;
  if (p.type !== undefined) f |= P_TYPE;
  if (p.userId !== undefined) f |= P_USER_ID;
  if (p.appId !== undefined) f |= P_APP_ID;
  if (p.clusterId !== undefined) f |= P_CLUSTER_ID;
  w.u16(f);
  if (p.contentType !== undefined) w.str(p.contentType);
  if (p.contentEncoding !== undefined) w.str(p.contentEncoding);
  if (p.headers !== undefined) writeValue(w, p.headers);
  if (p.deliveryMode !== undefined) w.u8(p.deliveryMode);
  if (p.priority !== undefined) w.u8(p.priority);
  if (p.correlationId !== undefined) w.str(p.correlationId);
  if (p.replyTo !== undefined) w.str(p.replyTo);
  if (p.expiration !== undefined) w.str(p.expiration);
  if (p.messageId !== undefined) w.str(p.messageId);
  if (p.timestamp !== undefined) w.f64(p.timestamp);
  if (p.type !== undefined) w.str(p.type);
  if (p.userId !== undefined) w.str(p.userId);
  if (p.appId !== undefined) w.str(p.appId);
  if (p.clusterId !== undefined) w.str(p.clusterId);
}

function readProperties(r: ByteReader): BasicProperties {
  const f = r.u16();
  const p: BasicProperties = {};
  if (f & P_CONTENT_TYPE) p.contentType = r.str();
  if (f & P_CONTENT_ENCODING) p.contentEncoding = r.str();
  if (f & P_HEADERS) {
    const h = readValue(r);
    if (typeof h !== 'object' || h === null || Array.isArray(h) || h instanceof Uint8Array) throw new DecodeError('headers are not a table');
    p.headers = h as FieldTable;
  }
  if (f & P_DELIVERY_MODE) p.deliveryMode = r.u8();
  if (f & P_PRIORITY) p.priority = r.u8();
  if (f & P_CORRELATION_ID) p.correlationId = r.str();
  if (f & P_REPLY_TO) p.replyTo = r.str();
  if (f & P_EXPIRATION) p.expiration = r.str();
  if (f & P_MESSAGE_ID) p.messageId = r.str();
  if (f & P_TIMESTAMP) p.timestamp = r.f64();
  if (f & P_TYPE) p.type = r.str();
  if (f & P_USER_ID) p.userId = r.str();
  if (f & P_APP_ID) p.appId = r.str();
  if (f & P_CLUSTER_ID) p.clusterId = r.str();
  return p;
}

/** Settled payload: u32 count, then each message's u32 offset in its segment. */
export function writeSettled(w: ByteWriter, offsets: readonly number[]): void {
  const at = beginRecord(w, RecordType.Settled);
  w.u32(offsets.length);
  for (const o of offsets) w.u32(o);
  endRecord(w, at);
}

/** Delivered payload: u32 count, then (u32 offset, u32 delivery count) pairs. */
export function writeDelivered(w: ByteWriter, pairs: readonly number[]): void {
  const at = beginRecord(w, RecordType.Delivered);
  w.u32(pairs.length / 2);
  for (const v of pairs) w.u32(v);
  endRecord(w, at);
}

/** Read a Settled or Delivered payload into its flat list of numbers. */
export function readOffsets(r: ByteReader, perItem: 1 | 2): number[] {
  const n = r.u32();
  if (n * 4 * perItem > r.remaining) throw new DecodeError('offset list longer than its record');
  const out: number[] = [];
  for (let i = 0; i < n * perItem; i++) out.push(r.u32());
  return out;
}
