/**
 * A growable big-endian writer. Encoders write into one shared scratch writer
 * and copy the result out once, so encoding a frame costs one exact-size
 * allocation however many fields it has.
 */
import { syntaxError } from './errors.ts';

const TWO_32 = 0x1_0000_0000;
/** A scratch buffer grown past this is dropped on reset, so one huge frame does not pin memory. */
const MAX_RETAINED = 1024 * 1024;
/** Below this many UTF-16 units, reserving 3 bytes per unit is cheaper than measuring. */
const MEASURE_OVER = 4096;

/** A writer over a Buffer that grows on demand. */
export class ByteWriter {
  /** The backing buffer; only `[0, pos)` is meaningful. */
  buf: Buffer;
  /** Offset of the next byte to write. */
  pos = 0;
  private readonly initialSize: number;

  constructor(initialSize = 16 * 1024) {
    this.initialSize = initialSize;
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** Start over at offset 0 (dropping an oversized backing buffer). */
  reset(): this {
    if (this.buf.length > MAX_RETAINED) this.buf = Buffer.allocUnsafe(this.initialSize);
    this.pos = 0;
    return this;
  }

  /** Make room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(this.pos + n);
  }

  private grow(min: number): void {
    let size = this.buf.length * 2;
    while (size < min) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  u8(v: number): void {
    this.ensure(1);
    this.pos = this.buf.writeUInt8(v, this.pos);
  }

  i8(v: number): void {
    this.ensure(1);
    this.pos = this.buf.writeInt8(v, this.pos);
  }

  u16(v: number): void {
    this.ensure(2);
    this.pos = this.buf.writeUInt16BE(v, this.pos);
  }

  i16(v: number): void {
    this.ensure(2);
    this.pos = this.buf.writeInt16BE(v, this.pos);
  }

  u32(v: number): void {
    this.ensure(4);
    this.pos = this.buf.writeUInt32BE(v, this.pos);
  }

  i32(v: number): void {
    this.ensure(4);
    this.pos = this.buf.writeInt32BE(v, this.pos);
  }

  f32(v: number): void {
    this.ensure(4);
    this.pos = this.buf.writeFloatBE(v, this.pos);
  }

  f64(v: number): void {
    this.ensure(8);
    this.pos = this.buf.writeDoubleBE(v, this.pos);
  }

  /** An unsigned 64-bit integer from a non-negative integral number. */
  u64(v: number): void {
    this.ensure(8);
    const hi = Math.floor(v / TWO_32);
    this.buf.writeUInt32BE(hi, this.pos);
    this.buf.writeUInt32BE(v - hi * TWO_32, this.pos + 4);
    this.pos += 8;
  }

  /** A signed 64-bit integer from a safe integral number. */
  i64(v: number): void {
    this.ensure(8);
    const hi = Math.floor(v / TWO_32);
    this.buf.writeInt32BE(hi, this.pos);
    this.buf.writeUInt32BE(v - hi * TWO_32, this.pos + 4);
    this.pos += 8;
  }

  /** A signed 64-bit integer from a bigint (RangeError outside int64). */
  i64Big(v: bigint): void {
    this.ensure(8);
    this.pos = this.buf.writeBigInt64BE(v, this.pos);
  }

  /** An unsigned 64-bit integer from a bigint (RangeError outside uint64). */
  u64Big(v: bigint): void {
    this.ensure(8);
    this.pos = this.buf.writeBigUInt64BE(v, this.pos);
  }

  /**
   * A short string: octet length, then UTF-8 (spec §4.2.5.3). Throws a 502
   * naming `what` when it encodes to more than 255 bytes.
   */
  shortstr(s: string, what = 'short string'): void {
    const units = s.length;
    if (units <= 85) {
      // One UTF-16 unit never takes more than 3 UTF-8 bytes, and 85 * 3 = 255.
      this.ensure(1 + units * 3);
      const b = this.buf;
      const start = this.pos + 1;
      // Copy ASCII by hand (cheaper than a native call for short strings); on
      // the first non-ASCII unit, let Buffer re-encode the whole string.
      let i = 0;
      for (; i < units; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        b[start + i] = c;
      }
      const n = i === units ? units : b.write(s, start, 'utf8');
      b[this.pos] = n;
      this.pos = start + n;
      return;
    }
    const n = Buffer.byteLength(s, 'utf8');
    if (n > 255) throw syntaxError(`${what} is ${n} bytes of UTF-8; a short string holds at most 255`);
    this.ensure(1 + n);
    this.buf[this.pos] = n;
    this.buf.write(s, this.pos + 1, n, 'utf8');
    this.pos += 1 + n;
  }

  /** A long string: 32-bit length, then UTF-8. */
  longstr(s: string): void {
    const units = s.length;
    if (units > MEASURE_OVER) {
      const n = Buffer.byteLength(s, 'utf8');
      this.ensure(4 + n);
      this.buf.writeUInt32BE(n, this.pos);
      this.buf.write(s, this.pos + 4, n, 'utf8');
      this.pos += 4 + n;
      return;
    }
    this.ensure(4 + units * 3);
    const n = units === 0 ? 0 : this.buf.write(s, this.pos + 4, 'utf8');
    this.buf.writeUInt32BE(n, this.pos);
    this.pos += 4 + n;
  }

  /** A long string of raw bytes: 32-bit length, then the bytes. */
  longBytes(b: Uint8Array): void {
    this.u32(b.length);
    this.bytes(b);
  }

  /** Raw bytes, no length. */
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** A copy of everything written since the last reset, in an exact-size Buffer. */
  toBuffer(): Buffer {
    const out = Buffer.allocUnsafe(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    return out;
  }
}

/**
 * The writer shared by the codec's top-level encoders. Only a public
 * `encode*` function may reset it, and none calls another while writing.
 */
export const scratch = new ByteWriter();
