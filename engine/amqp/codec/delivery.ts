/**
 * The broker's throughput hot path: one message out as method, content header
 * and body frames in a single contiguous Buffer, ready for one socket write.
 * basic.deliver is sized up front and written straight into one exact-size
 * allocation, or with `writeDeliverInto` into a connection's output slab with
 * no allocation at all; the property section comes from the per-properties-
 * object cache (see content-header.ts), so a fan-out encodes properties once.
 */
import type { BasicProperties } from '../../core/message.ts';
import { scratch } from './byte-writer.ts';
import { BasicMethod, ClassId, CONTENT_HEADER_PREFIX_SIZE, FRAME_END, FRAME_HEADER_SIZE, FRAME_OVERHEAD, FrameType } from './constants.ts';
import { encodedProperties } from './content-header.ts';
import { beginFrame, bodyFramesSize, endFrame, maxBodyChunk, writeBodyFrames } from './frame.ts';
import { writeMethod } from './method-codec.ts';
import type { MethodInputOf } from './method-defs.ts';
import { put16, put32, put64, putShortstr, utf8Length } from './raw-write.ts';

/** The methods that carry content. basic.publish is accepted too, for simulated clients. */
export type ContentMethodInput = MethodInputOf<'basic.deliver' | 'basic.get-ok' | 'basic.return' | 'basic.publish'>;

/**
 * Encode a content-carrying method with its header and body frames on
 * `channel`, splitting the body at frame-max − 8 (frame-max 0: no limit).
 * The body is copied once, into the result. `props` must not be mutated
 * afterwards: its encoding is cached.
 */
export function encodeDelivery(
  channel: number,
  method: ContentMethodInput,
  props: BasicProperties,
  body: Uint8Array,
  frameMax: number,
): Buffer {
  if (!(channel >= 0 && channel <= 0xffff && Number.isInteger(channel))) throw new RangeError(`channel must be a uint16, got ${channel}`);
  // First: on a cache miss this encodes the properties.
  const section = encodedProperties(props);
  if (method.name === 'basic.deliver') {
    const out = encodeDeliver(channel, method, section, body, frameMax);
    if (out !== undefined) return out;
  }
  const w = scratch.reset();
  const start = beginFrame(w, FrameType.METHOD, channel);
  writeMethod(w, method);
  endFrame(w, start);
  const methodEnd = w.pos;
  const out = Buffer.allocUnsafe(methodEnd + headerFrameSize(section) + bodyFramesSize(body.length, frameMax));
  out.set(w.buf.subarray(0, methodEnd));
  writeBodyFrames(out, putHeaderFrame(out, methodEnd, channel, body.length, section), channel, body, frameMax);
  return out;
}

/** Room to write frames in place: a connection's output slab. */
export interface FrameSlab {
  /** Make room for `size` bytes and return the offset in `slab` to write them at (`slab` may be replaced). */
  reserve(size: number): number;
  /** The buffer `reserve` made room in. */
  readonly slab: Buffer;
  /**
   * Append `bytes` by reference after what was reserved so far (written with
   * writev, never copied). Large bodies go out this way; the caller must not
   * modify them afterwards (message bodies are immutable).
   */
  attach?(bytes: Uint8Array): void;
}

/** Bodies at least this large are attached by reference when the slab can, rather than copied. */
export const ZERO_COPY_MIN = 16 * 1024;

/**
 * Write basic.deliver with its header and body frames straight into `out`
 * (no intermediate buffer): the broker's hottest path. False, with nothing
 * written, when a string is too long for a short string or the tag is
 * invalid; `encodeDelivery` then reports it.
 */
export function writeDeliverInto(
  out: FrameSlab,
  channel: number,
  m: MethodInputOf<'basic.deliver'>,
  props: BasicProperties,
  body: Uint8Array,
  frameMax: number,
): boolean {
  if (!(channel >= 0 && channel <= 0xffff && Number.isInteger(channel))) return false;
  return deliverInto(out, channel, m, encodedProperties(props), body, frameMax);
}

function deliverInto(out: FrameSlab, channel: number, m: MethodInputOf<'basic.deliver'>, section: Uint8Array, body: Uint8Array, frameMax: number): boolean {
  const tagLen = utf8Length(m.consumerTag);
  const exLen = utf8Length(m.exchange);
  const keyLen = utf8Length(m.routingKey);
  const tag = m.deliveryTag;
  if (tagLen > 255 || exLen > 255 || keyLen > 255 || !(tag >= 0 && tag <= Number.MAX_SAFE_INTEGER && Number.isInteger(tag))) {
    return false;
  }
  // class + method ids, 3 short strings, delivery-tag, bits
  const methodSize = 4 + 3 + tagLen + exLen + keyLen + 8 + 1;
  const headSize = methodSize + FRAME_OVERHEAD + headerFrameSize(section);
  if (out.attach !== undefined && body.length >= ZERO_COPY_MIN) {
    const at = out.reserve(headSize + FRAME_HEADER_SIZE);
    attachBodyFrames(out, putDeliverHead(out.slab, at, channel, m, methodSize, tagLen, exLen, keyLen, section, body.length), channel, body, frameMax);
    return true;
  }
  const at = out.reserve(headSize + bodyFramesSize(body.length, frameMax));
  const o = putDeliverHead(out.slab, at, channel, m, methodSize, tagLen, exLen, keyLen, section, body.length);
  writeBodyFrames(out.slab, o, channel, body, frameMax);
  return true;
}

/**
 * Body frames whose payloads are attached by reference: each frame's 7-byte
 * header and its end octet go in the slab, the payload between them is a
 * view of `body`. `o` is where the first frame's header goes (reserved).
 */
function attachBodyFrames(out: FrameSlab, o: number, channel: number, body: Uint8Array, frameMax: number): void {
  const chunk = maxBodyChunk(frameMax);
  for (let at = 0; ; ) {
    const len = Math.min(chunk, body.length - at);
    const slab = out.slab;
    slab[o] = FrameType.BODY;
    put16(slab, o + 1, channel);
    put32(slab, o + 3, len);
    out.attach!(at === 0 && len === body.length ? body : body.subarray(at, at + len));
    at += len;
    const last = at >= body.length;
    const end = out.reserve(last ? 1 : 1 + FRAME_HEADER_SIZE);
    out.slab[end] = FRAME_END;
    if (last) return;
    o = end + 1;
  }
}

/** basic.deliver by hand into one exact-size allocation; undefined when the checked path must report an error. */
function encodeDeliver(
  channel: number,
  m: MethodInputOf<'basic.deliver'>,
  section: Uint8Array,
  body: Uint8Array,
  frameMax: number,
): Buffer | undefined {
  let out: Buffer | undefined;
  const oneShot: FrameSlab = {
    reserve: (size) => {
      out = Buffer.allocUnsafe(size);
      return 0;
    },
    get slab() {
      return out!;
    },
  };
  return deliverInto(oneShot, channel, m, section, body, frameMax) ? out : undefined;
}

/** Write the method and header frames of a basic.deliver whose sizes the caller has measured; returns the offset after them. */
function putDeliverHead(
  out: Buffer,
  at: number,
  channel: number,
  m: MethodInputOf<'basic.deliver'>,
  methodSize: number,
  tagLen: number,
  exLen: number,
  keyLen: number,
  section: Uint8Array,
  bodySize: number,
): number {
  out[at] = FrameType.METHOD;
  put16(out, at + 1, channel);
  put32(out, at + 3, methodSize);
  put16(out, at + 7, ClassId.BASIC);
  put16(out, at + 9, BasicMethod.DELIVER);
  let o = putShortstr(out, at + 11, m.consumerTag, tagLen);
  put64(out, o, m.deliveryTag);
  o += 8;
  out[o++] = m.redelivered === true ? 1 : 0;
  o = putShortstr(out, o, m.exchange, exLen);
  o = putShortstr(out, o, m.routingKey, keyLen);
  out[o++] = FRAME_END;
  return putHeaderFrame(out, o, channel, bodySize, section);
}

function headerFrameSize(section: Uint8Array): number {
  return FRAME_OVERHEAD + CONTENT_HEADER_PREFIX_SIZE + section.length;
}

/** Write a basic content header frame (spec §4.2.6.1) at `o`; returns the offset after it. */
function putHeaderFrame(out: Buffer, o: number, channel: number, bodySize: number, section: Uint8Array): number {
  out[o] = FrameType.HEADER;
  put16(out, o + 1, channel);
  put32(out, o + 3, CONTENT_HEADER_PREFIX_SIZE + section.length);
  put16(out, o + 7, ClassId.BASIC);
  put16(out, o + 9, 0); // weight
  put64(out, o + 11, bodySize);
  out.set(section, o + FRAME_HEADER_SIZE + CONTENT_HEADER_PREFIX_SIZE);
  const end = o + FRAME_HEADER_SIZE + CONTENT_HEADER_PREFIX_SIZE + section.length;
  out[end] = FRAME_END;
  return end + 1;
}
