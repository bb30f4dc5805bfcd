/**
 * Frames on the wire (spec §4.2.3): type octet, channel (16 bits), payload
 * size (32 bits), payload, then FRAME_END. This file holds the frame shape
 * and its writers; `FrameDecoder` reads them back.
 */
import type { BasicProperties } from '../../core/message.ts';
import { scratch } from './byte-writer.ts';
import type { ByteWriter } from './byte-writer.ts';
import { FRAME_END, FRAME_HEADER_SIZE, FRAME_OVERHEAD, FrameType } from './constants.ts';
import { writeContentHeader } from './content-header.ts';
import { CodecError, CodecErrorCode } from './errors.ts';
import { writeMethod } from './method-codec.ts';
import { put16, put32 } from './raw-write.ts';
import type { AmqpMethodInput } from './method-defs.ts';

/**
 * One decoded frame. `payload` may be a view into a chunk the decoder was fed
 * (no copy); copy it before keeping it long, or it keeps the whole chunk alive.
 */
export interface Frame {
  /** 1 method, 2 header, 3 body, 8 heartbeat (see `FrameType`). */
  type: number;
  channel: number;
  payload: Buffer;
}

/** A heartbeat frame: type 8 on channel 0 with an empty payload (spec §4.2.7). Shared; do not modify. */
export const HEARTBEAT_FRAME: Buffer = Buffer.from([FrameType.HEARTBEAT, 0, 0, 0, 0, 0, 0, FRAME_END]);

/** Encode any frame around a payload. */
export function encodeFrame(type: number, channel: number, payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(payload.length + FRAME_OVERHEAD);
  out[0] = type;
  out.writeUInt16BE(channel, 1);
  out.writeUInt32BE(payload.length, 3);
  out.set(payload, FRAME_HEADER_SIZE);
  out[FRAME_HEADER_SIZE + payload.length] = FRAME_END;
  return out;
}

/** Start a frame at the writer's position; returns the offset to pass to `endFrame`. */
export function beginFrame(w: ByteWriter, type: number, channel: number): number {
  const start = w.pos;
  w.ensure(FRAME_HEADER_SIZE);
  w.buf[start] = type;
  w.buf.writeUInt16BE(channel, start + 1);
  w.pos = start + FRAME_HEADER_SIZE;
  return start;
}

/** Fill in the payload size of the frame begun at `start` and close it with FRAME_END. */
export function endFrame(w: ByteWriter, start: number): void {
  w.buf.writeUInt32BE(w.pos - start - FRAME_HEADER_SIZE, start + 3);
  w.u8(FRAME_END);
}

/** Encode a method frame. */
export function encodeMethodFrame(channel: number, method: AmqpMethodInput): Buffer {
  const w = scratch.reset();
  const start = beginFrame(w, FrameType.METHOD, channel);
  writeMethod(w, method);
  endFrame(w, start);
  return w.toBuffer();
}

/** Encode a content header frame (class is 60, basic, in practice). */
export function encodeHeaderFrame(channel: number, classId: number, bodySize: number, props: BasicProperties): Buffer {
  const w = scratch.reset();
  const start = beginFrame(w, FrameType.HEADER, channel);
  writeContentHeader(w, classId, bodySize, props);
  endFrame(w, start);
  return w.toBuffer();
}

/**
 * The largest body payload per frame: frame-max minus the 8 bytes of frame
 * overhead (spec §4.2.6.2). A frame-max of 0 means no limit beyond the
 * 32-bit payload size field.
 */
export function maxBodyChunk(frameMax: number): number {
  if (frameMax === 0) return 0xffff_ffff;
  if (!Number.isInteger(frameMax) || frameMax <= FRAME_OVERHEAD) {
    throw new CodecError(CodecErrorCode.FRAME_ERROR, `frame-max ${frameMax} leaves no room for a body byte (frame overhead is 8)`);
  }
  return frameMax - FRAME_OVERHEAD;
}

/** Bytes that body frames for a body of `bodySize` take, overhead included. */
export function bodyFramesSize(bodySize: number, frameMax: number): number {
  if (bodySize === 0) return 0;
  const chunk = maxBodyChunk(frameMax);
  return bodySize + FRAME_OVERHEAD * Math.ceil(bodySize / chunk);
}

/**
 * Write body frames for `body` into `out` at `offset`, splitting it into
 * payloads of at most frame-max − 8 bytes. An empty body gets no frames, as
 * RabbitMQ sends none. Returns the offset after the last frame.
 */
export function writeBodyFrames(out: Buffer, offset: number, channel: number, body: Uint8Array, frameMax: number): number {
  const chunk = maxBodyChunk(frameMax);
  let o = offset;
  for (let at = 0; at < body.length; at += chunk) {
    const len = Math.min(chunk, body.length - at);
    out[o] = FrameType.BODY;
    put16(out, o + 1, channel);
    put32(out, o + 3, len);
    out.set(at === 0 && len === body.length ? body : body.subarray(at, at + len), o + FRAME_HEADER_SIZE);
    o += FRAME_HEADER_SIZE + len;
    out[o++] = FRAME_END;
  }
  return o;
}

/**
 * Encode `body` as body frames of at most `frameMax` bytes each (payloads of
 * frame-max − 8). The frames are views into one allocation. Empty body: none.
 */
export function encodeBodyFrames(channel: number, body: Uint8Array, frameMax: number): Buffer[] {
  const out = Buffer.allocUnsafe(bodyFramesSize(body.length, frameMax));
  writeBodyFrames(out, 0, channel, body, frameMax);
  const chunk = maxBodyChunk(frameMax);
  const frames: Buffer[] = [];
  for (let o = 0, at = 0; at < body.length; at += chunk) {
    const size = Math.min(chunk, body.length - at) + FRAME_OVERHEAD;
    frames.push(out.subarray(o, o + size));
    o += size;
  }
  return frames;
}
