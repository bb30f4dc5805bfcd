/**
 * A bounds-checked cursor over bytes in AMQP's big-endian encoding (spec
 * §4.2.5). Every read checks the remaining length first, so malformed input
 * fails with a `CodecError` naming what was being read, never a RangeError.
 */
import { syntaxError } from './errors.ts';

const TWO_32 = 0x1_0000_0000;

/** A Buffer view over the same memory as `bytes` (no copy). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A forward-only reader. `end` can be narrowed temporarily to read a nested table. */
export class ByteReader {
  /** The bytes being read. */
  readonly buf: Buffer;
  /** Offset of the next byte to read. */
  pos: number;
  /** Offset one past the last readable byte. */
  end: number;
  /** What is being read, for error messages ("basic.publish", "field table"). */
  context: string;

  constructor(bytes: Uint8Array, context: string, start = 0, end = bytes.length) {
    this.buf = asBuffer(bytes);
    this.pos = start;
    this.end = end;
    this.context = context;
  }

  /** Bytes left before `end`. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /** Throw a 502 unless `n` more bytes are readable. */
  need(n: number): void {
    if (this.end - this.pos < n) {
      throw syntaxError(
        `truncated ${this.context}: need ${n} byte(s) at offset ${this.pos}, ${this.end - this.pos} left`,
      );
    }
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  i8(): number {
    this.need(1);
    return this.buf.readInt8(this.pos++);
  }

  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  i16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  i32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  f32(): number {
    this.need(4);
    const v = this.buf.readFloatBE(this.pos);
    this.pos += 4;
    return v;
  }

  f64(): number {
    this.need(8);
    const v = this.buf.readDoubleBE(this.pos);
    this.pos += 8;
    return v;
  }

  /**
   * An unsigned 64-bit integer as a JS number. Values past 2^53 lose
   * precision; method arguments and properties (delivery tags, timestamps)
   * never legitimately get there, and rejecting them would be stricter than RabbitMQ.
   */
  u64(): number {
    this.need(8);
    const hi = this.buf.readUInt32BE(this.pos);
    const lo = this.buf.readUInt32BE(this.pos + 4);
    this.pos += 8;
    return hi * TWO_32 + lo;
  }

  /** A signed 64-bit integer: a number when safe, else an exact bigint. */
  i64Exact(): number | bigint {
    this.need(8);
    const hi = this.buf.readInt32BE(this.pos);
    const lo = this.buf.readUInt32BE(this.pos + 4);
    this.pos += 8;
    // Rounding is monotonic, so an unsafe exact value never rounds to a safe one.
    const v = hi * TWO_32 + lo;
    return Number.isSafeInteger(v) ? v : (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** An unsigned 64-bit integer: a number when safe, else an exact bigint. */
  u64Exact(): number | bigint {
    this.need(8);
    const hi = this.buf.readUInt32BE(this.pos);
    const lo = this.buf.readUInt32BE(this.pos + 4);
    this.pos += 8;
    const v = hi * TWO_32 + lo;
    return Number.isSafeInteger(v) ? v : (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** A short string: octet length, then UTF-8 (spec §4.2.5.3). */
  shortstr(): string {
    this.need(1);
    const len = this.buf[this.pos]!;
    this.need(1 + len);
    const start = this.pos + 1;
    this.pos = start + len;
    return len === 0 ? '' : this.buf.toString('utf8', start, this.pos);
  }

  /** A long string: 32-bit length, then UTF-8. */
  longstr(): string {
    const len = this.u32();
    this.need(len);
    const start = this.pos;
    this.pos += len;
    return len === 0 ? '' : this.buf.toString('utf8', start, this.pos);
  }

  /** A long string as raw bytes, copied so the result does not pin the input. */
  longBytes(): Uint8Array {
    const len = this.u32();
    return this.bytes(len);
  }

  /** `n` raw bytes, copied. */
  bytes(n: number): Uint8Array {
    this.need(n);
    const out = new Uint8Array(n);
    out.set(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return out;
  }
}
