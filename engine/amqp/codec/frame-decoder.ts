/**
 * Splits a byte stream into frames. Fed chunks of any size, it hands back
 * each complete frame once; a frame that fits inside one fed chunk is
 * returned as a view into that chunk (no copy). The protocol header that opens
 * a connection is not a frame: read it with `parseProtocolHeader` first.
 */
import { asBuffer } from './byte-reader.ts';
import { FRAME_END, FRAME_HEADER_SIZE, FRAME_MIN_SIZE, FRAME_OVERHEAD, FrameType } from './constants.ts';
import { frameError } from './errors.ts';
import type { Frame } from './frame.ts';

/** Options for a `FrameDecoder`. */
export interface FrameDecoderOptions {
  /**
   * Largest frame accepted, overhead included; 0 means no limit. Defaults to
   * FRAME_MIN_SIZE (4096): until frame-max is negotiated, peers must accept
   * frames of up to frame-min-size and need accept no more (spec, connection.tune).
   */
  frameMax?: number;
}

/**
 * An incremental frame decoder. Use `push` to get every frame a chunk
 * completes, or `write` then `next` to take frames one at a time, e.g. to
 * raise `frameMax` after handling connection.tune-ok before reading further.
 */
export class FrameDecoder {
  private readonly chunks: Buffer[] = [];
  /** Read offset into `chunks[0]`. */
  private head = 0;
  private buffered = 0;
  private max: number;

  constructor(opts: FrameDecoderOptions = {}) {
    this.max = FrameDecoder.checkFrameMax(opts.frameMax ?? FRAME_MIN_SIZE);
  }

  /** Largest frame accepted, overhead included; 0 means no limit. Set it after tuning. */
  get frameMax(): number {
    return this.max;
  }

  set frameMax(value: number) {
    this.max = FrameDecoder.checkFrameMax(value);
  }

  private static checkFrameMax(value: number): number {
    if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) throw new RangeError(`frame-max must be a uint32, got ${value}`);
    return value;
  }

  /** Bytes fed but not yet returned as frames. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** Feed bytes without decoding them yet. The decoder keeps a reference: do not reuse `chunk`. */
  write(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(asBuffer(chunk));
    this.buffered += chunk.length;
  }

  /** Feed bytes and return every frame now complete, in order. */
  push(chunk: Uint8Array): Frame[] {
    this.write(chunk);
    const frames: Frame[] = [];
    for (let f = this.next(); f !== undefined; f = this.next()) frames.push(f);
    return frames;
  }

  /**
   * The next complete frame, or undefined until more bytes arrive. Throws
   * `CodecError` 501 FRAME_ERROR for an unknown frame type, a frame larger
   * than frame-max (before its payload is buffered), a bad frame-end octet or
   * a heartbeat off channel 0.
   */
  next(): Frame | undefined {
    if (this.buffered < FRAME_HEADER_SIZE) return undefined;
    if (this.chunks[0]!.length - this.head < FRAME_HEADER_SIZE) this.coalesce(FRAME_HEADER_SIZE);
    let buf = this.chunks[0]!;
    let at = this.head;
    const type = buf[at]!;
    const channel = buf.readUInt16BE(at + 1);
    const size = buf.readUInt32BE(at + 3);
    if (type !== FrameType.METHOD && type !== FrameType.HEADER && type !== FrameType.BODY && type !== FrameType.HEARTBEAT) {
      throw frameError(`unknown frame type ${type} on channel ${channel}`);
    }
    // Checked on the header alone, so an oversize frame is never buffered.
    if (this.max !== 0 && size > this.max - FRAME_OVERHEAD) {
      throw frameError(`frame of ${size + FRAME_OVERHEAD} bytes on channel ${channel} exceeds frame-max ${this.max}`);
    }
    const total = size + FRAME_OVERHEAD;
    if (this.buffered < total) return undefined;
    if (buf.length - at < total) {
      this.coalesce(total);
      buf = this.chunks[0]!;
      at = this.head;
    }
    // Check frame-end before the payload is decoded; a bad one is fatal (spec §4.2.3).
    const end = buf[at + FRAME_HEADER_SIZE + size]!;
    if (end !== FRAME_END) {
      throw frameError(`frame end byte 0x${end.toString(16).padStart(2, '0')} instead of 0xce after a type ${type} frame of ${size} bytes on channel ${channel}`);
    }
    // Heartbeat frames must be on channel 0; anything else is a frame error (spec §4.2.7).
    if (type === FrameType.HEARTBEAT && channel !== 0) throw frameError(`heartbeat frame on channel ${channel}, not 0`);
    const payload = buf.subarray(at + FRAME_HEADER_SIZE, at + FRAME_HEADER_SIZE + size);
    this.consume(total);
    return { type, channel, payload };
  }

  /**
   * Copy exactly the next `n` unread bytes (n <= buffered) into one new
   * `chunks[0]`; what is left of the last chunk touched stays a view. A large
   * frame split across reads is thus copied once, and only its own bytes.
   */
  private coalesce(n: number): void {
    const out = Buffer.allocUnsafe(n);
    let got = 0;
    let used = 0;
    let start = this.head;
    let rest: Buffer | undefined;
    while (got < n) {
      const c = this.chunks[used++]!;
      const take = Math.min(c.length - start, n - got);
      c.copy(out, got, start, start + take);
      got += take;
      if (start + take < c.length) rest = c.subarray(start + take);
      start = 0;
    }
    if (rest === undefined) this.chunks.splice(0, used, out);
    else this.chunks.splice(0, used, out, rest);
    this.head = 0;
  }

  private consume(n: number): void {
    this.buffered -= n;
    this.head += n;
    if (this.head === this.chunks[0]!.length) {
      this.chunks.shift();
      this.head = 0;
    }
  }
}
