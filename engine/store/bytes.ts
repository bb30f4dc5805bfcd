import { utf8Decode, utf8Encode } from '../core/text.ts';

/**
 * A growable little-endian byte writer for store records. Strings are
 * length-prefixed UTF-8 with an ASCII fast path (names and routing keys
 * nearly always are ASCII).
 */
export class ByteWriter {
  buf: Uint8Array;
  private view: DataView;
  pos = 0;

  constructor(capacity = 4096) {
    this.buf = new Uint8Array(capacity);
    this.view = new DataView(this.buf.buffer);
  }

  /** Make room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  reset(): void {
    this.pos = 0;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  u16(v: number): void {
    this.ensure(2);
    this.view.setUint16(this.pos, v, true);
    this.pos += 2;
  }

  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.pos, v, true);
    this.pos += 4;
  }

  /** Write a u32 at an earlier position (lengths and checksums filled in last). */
  u32At(at: number, v: number): void {
    this.view.setUint32(at, v, true);
  }

  f64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  i64(v: bigint): void {
    this.ensure(8);
    this.view.setBigInt64(this.pos, v, true);
    this.pos += 8;
  }

  bytes(b: Uint8Array): void {
    this.u32(b.length);
    this.raw(b);
  }

  raw(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** A u32-length-prefixed UTF-8 string. */
  str(s: string): void {
    const n = s.length;
    this.ensure(4 + n);
    const start = this.pos + 4;
    const buf = this.buf;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      buf[start + i] = c;
    }
    if (i === n) {
      this.view.setUint32(this.pos, n, true);
      this.pos = start + n;
      return;
    }
    this.bytes(utf8Encode(s));
  }

  /** A copy of what was written. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

/** Thrown when a record's payload is shorter or stranger than its type promises. */
export class DecodeError extends Error {}

/** Reads what `ByteWriter` wrote. Throws `DecodeError` on a short buffer. */
export class ByteReader {
  private readonly view: DataView;
  pos: number;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    public end = buf.length,
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = start;
  }

  /** Read another range of the same buffer (one reader serves a whole file). */
  reset(start: number, end: number): this {
    this.pos = start;
    this.end = end;
    return this;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw new DecodeError(`record ends ${this.pos + n - this.end} bytes early`);
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  i64(): bigint {
    this.need(8);
    const v = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** A length-prefixed byte string, as a plain Uint8Array view into the buffer (not a copy). */
  bytes(): Uint8Array {
    const n = this.u32();
    this.need(n);
    const b = new Uint8Array(this.buf.buffer, this.buf.byteOffset + this.pos, n);
    this.pos += n;
    return b;
  }

  str(): string {
    const n = this.u32();
    this.need(n);
    const start = this.pos;
    this.pos += n;
    return decodeString(this.buf, start, start + n);
  }
}

/** UTF-8 to string, with a fast path for ASCII (nearly every name and key). */
function decodeString(buf: Uint8Array, start: number, end: number): string {
  for (let i = start; i < end; i++) if (buf[i]! >= 0x80) return utf8Decode(buf.subarray(start, end));
  if (end - start <= 16) {
    let s = '';
    for (let i = start; i < end; i++) s += String.fromCharCode(buf[i]!);
    return s;
  }
  let s = '';
  for (let i = start; i < end; i += 4096) {
    s += String.fromCharCode.apply(null, buf.subarray(i, Math.min(end, i + 4096)) as unknown as number[]);
  }
  return s;
}
