/**
 * Field tables and arrays (spec §4.2.5.5) with RabbitMQ's type tags, which
 * differ from the spec's errata and from Qpid: in RabbitMQ 's' is a signed
 * 16-bit integer, not a short string, and 'l' is the only 64-bit integer it
 * sends. 'L' (unsigned 64-bit) is accepted when decoding for other peers.
 */
import type { FieldTable, FieldValue, TypedField } from '../../core/field-value.ts';
import { isTypedField } from '../../core/field-value.ts';
import { ByteReader } from './byte-reader.ts';
import { scratch } from './byte-writer.ts';
import type { ByteWriter } from './byte-writer.ts';
import { CodecError, syntaxError } from './errors.ts';

/** Type tag octets, by the letter RabbitMQ uses. */
const T = {
  bool: 0x74, // t
  int8: 0x62, // b
  uint8: 0x42, // B
  int16: 0x73, // s
  uint16: 0x75, // u
  int32: 0x49, // I
  uint32: 0x69, // i
  int64: 0x6c, // l
  uint64: 0x4c, // L
  float: 0x66, // f
  double: 0x64, // d
  decimal: 0x44, // D
  longstr: 0x53, // S
  bytes: 0x78, // x
  timestamp: 0x54, // T
  table: 0x46, // F
  array: 0x41, // A
  void: 0x56, // V
} as const;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

// ---------------------------------------------------------------- decoding

/** Read a length-prefixed field table at the reader's position. */
export function readFieldTable(r: ByteReader): FieldTable {
  const end = nestedEnd(r, 'field table');
  const outerEnd = r.end;
  const outerContext = r.context;
  r.end = end;
  r.context = 'field table';
  const table: FieldTable = {};
  let key: string | undefined;
  try {
    while (r.pos < end) {
      key = undefined;
      key = r.shortstr();
      const value = readFieldValue(r);
      // A '__proto__' key must become data, not the table's prototype.
      if (key === '__proto__') Object.defineProperty(table, key, { value, enumerable: true, writable: true, configurable: true });
      else table[key] = value;
    }
  } catch (e) {
    throw key === undefined ? e : located(e, key);
  } finally {
    r.end = outerEnd;
    r.context = outerContext;
  }
  return table;
}

/** Read a length-prefixed field array at the reader's position. */
export function readFieldArray(r: ByteReader): FieldValue[] {
  const end = nestedEnd(r, 'field array');
  const outerEnd = r.end;
  const outerContext = r.context;
  r.end = end;
  r.context = 'field array';
  const out: FieldValue[] = [];
  try {
    while (r.pos < end) out.push(readFieldValue(r));
  } catch (e) {
    throw located(e, `[${out.length}]`);
  } finally {
    r.end = outerEnd;
    r.context = outerContext;
  }
  return out;
}

/** Read the 32-bit size of a table or array and return where it ends. */
function nestedEnd(r: ByteReader, what: string): number {
  const size = r.u32();
  if (size > r.remaining) throw syntaxError(`truncated ${what}: declares ${size} bytes, ${r.remaining} left`);
  return r.pos + size;
}

/** Read one type tag and its value. */
function readFieldValue(r: ByteReader): FieldValue {
  const tag = r.u8();
  switch (tag) {
    case T.bool: return r.u8() !== 0;
    case T.int8: return r.i8();
    case T.uint8: return r.u8();
    case T.int16: return r.i16();
    case T.uint16: return r.u16();
    case T.int32: return r.i32();
    case T.uint32: return r.u32();
    case T.int64: return r.i64Exact();
    case T.uint64: return r.u64Exact();
    case T.float: return r.f32();
    case T.double: return r.f64();
    case T.decimal: {
      // decimal-value = scale:octet value:long-uint (spec §4.2.5.5)
      const scale = r.u8();
      return { $type: 'decimal', scale, value: r.u32() };
    }
    case T.longstr: return r.longstr();
    case T.bytes: return r.longBytes();
    case T.timestamp: return { $type: 'timestamp', value: r.u64() };
    case T.table: return readFieldTable(r);
    case T.array: return readFieldArray(r);
    case T.void: return null;
    default: throw syntaxError(`unknown field type ${describeTag(tag)}`);
  }
}

function describeTag(tag: number): string {
  return tag >= 0x21 && tag <= 0x7e ? `'${String.fromCharCode(tag)}'` : `0x${tag.toString(16).padStart(2, '0')}`;
}

/** Problem text and key path of errors raised inside tables, to extend the path as they bubble up. */
const locations = new WeakMap<CodecError, { problem: string; path: string }>();

/** Re-throwable copy of `e` whose message names the key path ("a[2].b") it happened at. */
function located(e: unknown, segment: string): unknown {
  if (!(e instanceof CodecError)) return e;
  const inner = locations.get(e);
  const problem = inner?.problem ?? e.message;
  const rest = inner?.path ?? '';
  const path = rest === '' ? segment : rest.startsWith('[') ? segment + rest : `${segment}.${rest}`;
  const out = new CodecError(e.code, `${problem} in table at key '${path}'`, e);
  locations.set(out, { problem, path });
  return out;
}

// ---------------------------------------------------------------- encoding

/** Write a field table with its 32-bit size prefix. */
export function writeFieldTable(w: ByteWriter, table: FieldTable): void {
  w.ensure(4);
  const sizeAt = w.pos;
  w.pos += 4;
  for (const key of Object.keys(table)) {
    w.shortstr(key, 'field table key');
    writeFieldValue(w, table[key]);
  }
  w.buf.writeUInt32BE(w.pos - sizeAt - 4, sizeAt);
}

/** Write a field array with its 32-bit size prefix. */
export function writeFieldArray(w: ByteWriter, values: readonly FieldValue[]): void {
  w.ensure(4);
  const sizeAt = w.pos;
  w.pos += 4;
  for (const v of values) writeFieldValue(w, v);
  w.buf.writeUInt32BE(w.pos - sizeAt - 4, sizeAt);
}

/** Write one value with its type tag, choosing the tag as documented in `encodeFieldTable`. */
export function writeFieldValue(w: ByteWriter, v: FieldValue | undefined): void {
  switch (typeof v) {
    case 'string':
      w.u8(T.longstr);
      w.longstr(v);
      return;
    case 'number':
      if (Number.isInteger(v) && v >= -0x8000_0000 && v <= 0x7fff_ffff) {
        w.u8(T.int32);
        w.i32(v);
      } else if (Number.isSafeInteger(v)) {
        w.u8(T.int64);
        w.i64(v);
      } else {
        w.u8(T.double);
        w.f64(v);
      }
      return;
    case 'boolean':
      w.u8(T.bool);
      w.u8(v ? 1 : 0);
      return;
    case 'bigint':
      // Past int64 only 'L' can carry it; RabbitMQ itself never sends such values.
      if (v <= INT64_MAX) {
        w.u8(T.int64);
        w.i64Big(checkBig(v, INT64_MIN, INT64_MAX, 'int64'));
      } else {
        w.u8(T.uint64);
        w.u64Big(checkBig(v, 0n, UINT64_MAX, 'uint64'));
      }
      return;
    case 'undefined':
      w.u8(T.void);
      return;
    case 'object':
      if (v === null) w.u8(T.void);
      else if (v instanceof Uint8Array) {
        w.u8(T.bytes);
        w.longBytes(v);
      } else if (Array.isArray(v)) {
        w.u8(T.array);
        writeFieldArray(w, v);
      } else if (isTypedField(v)) writeTypedField(w, v);
      else {
        w.u8(T.table);
        writeFieldTable(w, v);
      }
      return;
    default:
      throw syntaxError(`cannot encode a ${typeof v} as a field value`);
  }
}

function writeTypedField(w: ByteWriter, f: TypedField): void {
  switch (f.$type) {
    case 'timestamp': w.u8(T.timestamp); w.u64(checkInt(f.value, 0, Number.MAX_SAFE_INTEGER, f.$type)); return;
    case 'decimal':
      w.u8(T.decimal);
      w.u8(checkInt(f.scale, 0, 0xff, 'decimal scale'));
      w.u32(checkInt(f.value, 0, 0xffff_ffff, 'decimal value'));
      return;
    case 'int8': w.u8(T.int8); w.i8(checkInt(f.value, -0x80, 0x7f, f.$type)); return;
    case 'uint8': w.u8(T.uint8); w.u8(checkInt(f.value, 0, 0xff, f.$type)); return;
    case 'int16': w.u8(T.int16); w.i16(checkInt(f.value, -0x8000, 0x7fff, f.$type)); return;
    case 'uint16': w.u8(T.uint16); w.u16(checkInt(f.value, 0, 0xffff, f.$type)); return;
    case 'int32': w.u8(T.int32); w.i32(checkInt(f.value, -0x8000_0000, 0x7fff_ffff, f.$type)); return;
    case 'uint32': w.u8(T.uint32); w.u32(checkInt(f.value, 0, 0xffff_ffff, f.$type)); return;
    case 'float': w.u8(T.float); w.f32(f.value); return;
    case 'double': w.u8(T.double); w.f64(f.value); return;
    case 'int64': w.u8(T.int64); w.i64Big(checkBig(BigInt(f.value), INT64_MIN, INT64_MAX, f.$type)); return;
    case 'uint64': w.u8(T.uint64); w.u64Big(checkBig(BigInt(f.value), 0n, UINT64_MAX, f.$type)); return;
    default: throw syntaxError(`unknown typed field $type '${String((f as { $type: unknown }).$type)}'`);
  }
}

function checkInt(v: number, min: number, max: number, type: string): number {
  if (!Number.isInteger(v) || v < min || v > max) throw syntaxError(`${type} value ${v} is not an integer in [${min}, ${max}]`);
  return v;
}

function checkBig(v: bigint, min: bigint, max: bigint, type: string): bigint {
  if (v < min || v > max) throw syntaxError(`${type} value ${v} is out of range [${min}, ${max}]`);
  return v;
}

// ---------------------------------------------------------------- public API

/**
 * Encode a field table in wire form (32-bit size, then entries). Plain values
 * map to tags as: boolean 't'; null/undefined 'V'; integers in int32 range
 * 'I', other safe integers 'l', any other number 'd'; bigint 'l' ('L' above
 * int64); string 'S'; Uint8Array 'x'; array 'A'; object 'F'. A `TypedField`
 * uses the tag of its `$type`.
 */
export function encodeFieldTable(table: FieldTable): Buffer {
  const w = scratch.reset();
  writeFieldTable(w, table);
  return w.toBuffer();
}

/**
 * Decode a field table in wire form. Integers become numbers (64-bit ones a
 * bigint when not safe), 'D' and 'T' become `TypedField`s, 'S' a string, 'x' a
 * Uint8Array, 'V' null. Throws `CodecError` 502 on truncation, an unknown
 * type tag or bytes left over after the table.
 */
export function decodeFieldTable(bytes: Uint8Array): FieldTable {
  const r = new ByteReader(bytes, 'field table');
  const table = readFieldTable(r);
  if (r.remaining !== 0) throw syntaxError(`${r.remaining} unexpected byte(s) after field table`);
  return table;
}
