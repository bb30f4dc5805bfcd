/**
 * Content header payloads (spec §4.2.6.1): class id, weight (always 0), body
 * size as a 64-bit integer, property flags, then the properties whose flag is
 * set, in flag order. Only class basic (60) has content in 0-9-1.
 *
 * The encoded property section is cached per properties object: the broker
 * shares one `BasicProperties` among every queue a message reaches, so a
 * fan-out encodes it once. Hence a properties object must not be mutated
 * once encoded; derive a new object instead (as `Message` requires anyway).
 */
import type { BasicProperties } from '../../core/message.ts';
import { NO_PROPERTIES } from '../../core/message.ts';
import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import { IdentityCache } from './identity-cache.ts';
import { ClassId, CONTENT_HEADER_PREFIX_SIZE } from './constants.ts';
import { CodecError, CodecErrorCode, syntaxError } from './errors.ts';
import { readFieldTable, writeFieldTable } from './field-table.ts';

/** A decoded content header. */
export interface ContentHeader {
  /** Always 60 (basic) in AMQP 0-9-1. */
  classId: number;
  /** Total size of the body frames that follow, in bytes. */
  bodySize: number;
  /** Only the properties present on the wire appear as keys. */
  properties: BasicProperties;
}

// Flag bits, most significant first, in the order the properties follow.
const CONTENT_TYPE = 1 << 15;
const CONTENT_ENCODING = 1 << 14;
const HEADERS = 1 << 13;
const DELIVERY_MODE = 1 << 12;
const PRIORITY = 1 << 11;
const CORRELATION_ID = 1 << 10;
const REPLY_TO = 1 << 9;
const EXPIRATION = 1 << 8;
const MESSAGE_ID = 1 << 7;
const TIMESTAMP = 1 << 6;
const TYPE = 1 << 5;
const USER_ID = 1 << 4;
const APP_ID = 1 << 3;
const CLUSTER_ID = 1 << 2;
/** Bit 1 would be a 15th basic property; none exists. */
const UNKNOWN_FLAG = 1 << 1;
/** Bit 0: another 16-bit flag word follows (spec §4.2.6.1). */
const CONTINUATION = 1;

/** Recently encoded property sections; enough to span a fan-out's deliveries. */
const cache = new IdentityCache<BasicProperties, Buffer>(512);
/** The section of a header with no properties: flags 0. */
const EMPTY_SECTION = Buffer.alloc(2);

/**
 * Properties decoded from the wire keep their section as received, so a
 * relayed message is never re-encoded (and keeps its exact field types, as
 * RabbitMQ relays them). The section lives in a private field: a copy made
 * with spread (`{ ...props, headers }`, as dead-lettering does) is a plain
 * object without it, and is encoded afresh.
 */
class WireProperties {
  #section: Buffer | undefined;

  static create(): BasicProperties {
    return new WireProperties() as unknown as BasicProperties;
  }

  static seal(p: BasicProperties, section: Buffer): void {
    (p as unknown as WireProperties).#section = section;
  }

  static sectionOf(p: BasicProperties): Buffer | undefined {
    return #section in p ? (p as unknown as WireProperties).#section : undefined;
  }
}
const propsWriter = new ByteWriter(1024);

/**
 * Decode a content header payload. Throws `CodecError` 502 when truncated or
 * when it sets a flag for a property basic does not have, and 503 for a class
 * other than basic.
 */
export function decodeContentHeader(payload: Uint8Array): ContentHeader {
  const r = new ByteReader(payload, 'content header');
  const classId = r.u16();
  if (classId !== ClassId.BASIC) {
    throw new CodecError(CodecErrorCode.COMMAND_INVALID, `content header for class ${classId}; only basic (60) carries content`, {
      classId,
    });
  }
  r.u16(); // weight: unused, spec says zero; RabbitMQ ignores it too
  const bodySize = r.u64();
  const flags = r.u16();
  if ((flags & UNKNOWN_FLAG) !== 0) throw syntaxError('content header sets property flag bit 1, which basic does not define');
  for (let word = flags; (word & CONTINUATION) !== 0; ) {
    word = r.u16();
    if ((word & ~CONTINUATION) !== 0) throw syntaxError('content header sets property flags past the 14 basic properties');
  }
  if (flags === 0) return { classId, bodySize, properties: NO_PROPERTIES };
  const properties = readProperties(r, flags);
  // The section (flags onward) as received, copied out of the socket chunk.
  WireProperties.seal(properties, Buffer.from(r.buf.subarray(CONTENT_HEADER_PREFIX_SIZE, r.pos)));
  return { classId, bodySize, properties };
}

function readProperties(r: ByteReader, f: number): BasicProperties {
  const p = WireProperties.create();
  if ((f & CONTENT_TYPE) !== 0) p.contentType = r.shortstr();
  if ((f & CONTENT_ENCODING) !== 0) p.contentEncoding = r.shortstr();
  if ((f & HEADERS) !== 0) p.headers = readFieldTable(r);
  if ((f & DELIVERY_MODE) !== 0) p.deliveryMode = r.u8();
  if ((f & PRIORITY) !== 0) p.priority = r.u8();
  if ((f & CORRELATION_ID) !== 0) p.correlationId = r.shortstr();
  if ((f & REPLY_TO) !== 0) p.replyTo = r.shortstr();
  if ((f & EXPIRATION) !== 0) p.expiration = r.shortstr();
  if ((f & MESSAGE_ID) !== 0) p.messageId = r.shortstr();
  if ((f & TIMESTAMP) !== 0) p.timestamp = r.u64();
  if ((f & TYPE) !== 0) p.type = r.shortstr();
  if ((f & USER_ID) !== 0) p.userId = r.shortstr();
  if ((f & APP_ID) !== 0) p.appId = r.shortstr();
  if ((f & CLUSTER_ID) !== 0) p.clusterId = r.shortstr();
  return p;
}

/**
 * The property section of a content header (flags, then properties) for
 * `props`, from the cache of recently encoded objects when possible. The
 * returned bytes are shared: do not modify them.
 */
export function encodedProperties(props: BasicProperties): Buffer {
  if (props === NO_PROPERTIES) return EMPTY_SECTION;
  let bytes = WireProperties.sectionOf(props) ?? cache.get(props);
  if (bytes === undefined) {
    const w = propsWriter.reset();
    writeProperties(w, props);
    bytes = w.toBuffer();
    cache.set(props, bytes);
  }
  return bytes;
}

function writeProperties(w: ByteWriter, p: BasicProperties): void {
  w.u16(0);
  let f = 0;
  if (p.contentType !== undefined) {
    f |= CONTENT_TYPE;
    w.shortstr(p.contentType, 'content-type');
  }
  if (p.contentEncoding !== undefined) {
    f |= CONTENT_ENCODING;
    w.shortstr(p.contentEncoding, 'content-encoding');
  }
  if (p.headers !== undefined) {
    f |= HEADERS;
    writeFieldTable(w, p.headers);
  }
  if (p.deliveryMode !== undefined) {
    f |= DELIVERY_MODE;
    w.u8(octet(p.deliveryMode, 'delivery-mode'));
  }
  if (p.priority !== undefined) {
    f |= PRIORITY;
    w.u8(octet(p.priority, 'priority'));
  }
  if (p.correlationId !== undefined) {
    f |= CORRELATION_ID;
    w.shortstr(p.correlationId, 'correlation-id');
  }
  if (p.replyTo !== undefined) {
    f |= REPLY_TO;
    w.shortstr(p.replyTo, 'reply-to');
  }
  if (p.expiration !== undefined) {
    f |= EXPIRATION;
    w.shortstr(p.expiration, 'expiration');
  }
  if (p.messageId !== undefined) {
    f |= MESSAGE_ID;
    w.shortstr(p.messageId, 'message-id');
  }
  if (p.timestamp !== undefined) {
    f |= TIMESTAMP;
    w.u64(timestamp(p.timestamp));
  }
  if (p.type !== undefined) {
    f |= TYPE;
    w.shortstr(p.type, 'type');
  }
  if (p.userId !== undefined) {
    f |= USER_ID;
    w.shortstr(p.userId, 'user-id');
  }
  if (p.appId !== undefined) {
    f |= APP_ID;
    w.shortstr(p.appId, 'app-id');
  }
  if (p.clusterId !== undefined) {
    f |= CLUSTER_ID;
    w.shortstr(p.clusterId, 'cluster-id');
  }
  w.buf.writeUInt16BE(f, 0);
}

function octet(v: number, name: string): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xff) throw syntaxError(`property ${name} must be an integer in [0, 255], got ${v}`);
  return v;
}

function timestamp(v: number): number {
  if (!Number.isInteger(v) || v < 0) throw syntaxError(`property timestamp must be a non-negative integer (seconds), got ${v}`);
  return v;
}

/** Write a content header payload at the writer's position. */
export function writeContentHeader(w: ByteWriter, classId: number, bodySize: number, props: BasicProperties): void {
  const section = encodedProperties(props);
  w.ensure(CONTENT_HEADER_PREFIX_SIZE + section.length);
  w.u16(classId);
  w.u16(0); // weight
  w.u64(bodySize);
  w.bytes(section);
}

/** Encode a content header payload into a new Buffer. */
export function encodeContentHeader(classId: number, bodySize: number, props: BasicProperties): Buffer {
  const section = encodedProperties(props);
  const out = Buffer.allocUnsafe(CONTENT_HEADER_PREFIX_SIZE + section.length);
  out.writeUInt16BE(classId, 0);
  out.writeUInt16BE(0, 2);
  out.writeUInt32BE(Math.floor(bodySize / 0x1_0000_0000), 4);
  out.writeUInt32BE(bodySize >>> 0, 8);
  section.copy(out, CONTENT_HEADER_PREFIX_SIZE);
  return out;
}
