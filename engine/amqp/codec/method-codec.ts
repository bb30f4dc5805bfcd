/**
 * Method frame payloads (spec §4.2.4): class id, method id, then arguments in
 * the order `METHOD_DEFS` lists them. A small interpreter walks the table for
 * every method; the broker's hot methods (basic.publish and basic.ack in,
 * basic.deliver and basic.ack out) have hand-written paths that produce the
 * same bytes and objects.
 */
import { ByteReader, asBuffer } from './byte-reader.ts';
import { scratch } from './byte-writer.ts';
import type { ByteWriter } from './byte-writer.ts';
import { ClassId, BasicMethod } from './constants.ts';
import { CodecError, CodecErrorCode, syntaxError } from './errors.ts';
import { readFieldTable, writeFieldTable } from './field-table.ts';
import { METHOD_DEFS } from './method-defs.ts';
import type { AmqpMethod, AmqpMethodInput, MethodInputOf, MethodName, MethodOf, WireType } from './method-defs.ts';
import type { FieldTable } from '../../core/field-value.ts';

interface CompiledField {
  readonly name: string;
  readonly type: WireType;
  readonly hasFallback: boolean;
  readonly fallback: unknown;
}

interface CompiledMethod {
  readonly name: MethodName;
  readonly classId: number;
  readonly methodId: number;
  readonly fields: readonly CompiledField[];
}

const key = (classId: number, methodId: number): number => classId * 0x1_0000 + methodId;

const BY_KEY = new Map<number, CompiledMethod>();
const BY_NAME = new Map<string, CompiledMethod>();
const CLASS_NAMES = new Map<number, string>();
for (const name of Object.keys(METHOD_DEFS) as MethodName[]) {
  const def = METHOD_DEFS[name];
  const fields = def.fields.map(([fname, type, ...rest]): CompiledField => ({
    name: fname,
    type,
    hasFallback: rest.length > 0,
    fallback: rest[0],
  }));
  const compiled: CompiledMethod = { name, classId: def.classId, methodId: def.methodId, fields };
  BY_KEY.set(key(def.classId, def.methodId), compiled);
  BY_NAME.set(name, compiled);
  CLASS_NAMES.set(def.classId, name.slice(0, name.indexOf('.')));
}

const PUBLISH = key(ClassId.BASIC, BasicMethod.PUBLISH);
const ACK = key(ClassId.BASIC, BasicMethod.ACK);
const DELIVER = key(ClassId.BASIC, BasicMethod.DELIVER);

// ---------------------------------------------------------------- decoding

/**
 * Decode a method frame payload. Bytes after the last argument are ignored,
 * as RabbitMQ does. Throws `CodecError` 502 when the arguments are truncated
 * or malformed, and 540 NOT_IMPLEMENTED for a class or method id this codec
 * does not know (the frame is well-formed; the broker lacks the method).
 */
export function decodeMethod(payload: Uint8Array): AmqpMethod {
  const buf = asBuffer(payload);
  if (buf.length < 4) {
    throw syntaxError(`method frame payload is ${buf.length} byte(s); class and method id alone take 4`);
  }
  const classId = buf.readUInt16BE(0);
  const methodId = buf.readUInt16BE(2);
  const k = key(classId, methodId);
  const def = BY_KEY.get(k);
  if (def === undefined) throw unknownMethod(classId, methodId);
  const r = new ByteReader(buf, def.name, 4);
  try {
    if (k === PUBLISH) return readPublish(r);
    if (k === ACK) return readAck(r);
    return readArgs(r, def);
  } catch (e) {
    throw e instanceof CodecError ? new CodecError(e.code, e.message, { classId, methodId }) : e;
  }
}

function unknownMethod(classId: number, methodId: number): CodecError {
  const cls = CLASS_NAMES.get(classId);
  const message =
    cls === undefined ? `unknown class id ${classId} (method id ${methodId})` : `unknown method id ${methodId} in class ${cls} (${classId})`;
  return new CodecError(CodecErrorCode.NOT_IMPLEMENTED, message, { classId, methodId });
}

function readArgs(r: ByteReader, def: CompiledMethod): AmqpMethod {
  const out: Record<string, unknown> = { name: def.name };
  // Consecutive bits share octets, low bit first (spec §4.2.5.2).
  let bits = 0;
  let bit = 8;
  for (const f of def.fields) {
    if (f.type === 'bit') {
      if (bit === 8) {
        bits = r.u8();
        bit = 0;
      }
      out[f.name] = (bits & (1 << bit++)) !== 0;
      continue;
    }
    bit = 8;
    out[f.name] = readArg(r, f.type);
  }
  return out as AmqpMethod;
}

function readArg(r: ByteReader, type: Exclude<WireType, 'bit'>): unknown {
  switch (type) {
    case 'octet': return r.u8();
    case 'short': return r.u16();
    case 'long': return r.u32();
    case 'longlong': return r.u64();
    case 'shortstr': return r.shortstr();
    case 'longstr': return r.longstr();
    case 'bytes': return r.longBytes();
    case 'table': return readFieldTable(r);
  }
}

/** basic.publish, by hand: ticket, exchange, routing-key, then mandatory/immediate bits. */
function readPublish(r: ByteReader): MethodOf<'basic.publish'> {
  const ticket = r.u16();
  const exchange = r.shortstr();
  const routingKey = r.shortstr();
  const bits = r.u8();
  return { name: 'basic.publish', ticket, exchange, routingKey, mandatory: (bits & 1) !== 0, immediate: (bits & 2) !== 0 };
}

/** basic.ack, by hand: delivery-tag, then the multiple bit. */
function readAck(r: ByteReader): MethodOf<'basic.ack'> {
  const deliveryTag = r.u64();
  return { name: 'basic.ack', deliveryTag, multiple: (r.u8() & 1) !== 0 };
}

// ---------------------------------------------------------------- encoding

/** Encode a method frame payload (class id, method id, arguments) into a new Buffer. */
export function encodeMethod(method: AmqpMethodInput): Buffer {
  const w = scratch.reset();
  writeMethod(w, method);
  return w.toBuffer();
}

/** Write a method frame payload at the writer's position. */
export function writeMethod(w: ByteWriter, method: AmqpMethodInput): void {
  if (method.name === 'basic.deliver') return writeDeliver(w, method);
  if (method.name === 'basic.ack') return writeAck(w, method);
  const def = BY_NAME.get(method.name);
  if (def === undefined) {
    throw new CodecError(CodecErrorCode.NOT_IMPLEMENTED, `unknown method name '${String(method.name)}'`);
  }
  w.u16(def.classId);
  w.u16(def.methodId);
  const args = method as Readonly<Record<string, unknown>>;
  let bitAt = -1;
  let bit = 8;
  for (const f of def.fields) {
    let v = args[f.name];
    if (v === undefined) {
      if (!f.hasFallback) throw syntaxError(`${def.name} is missing argument '${f.name}'`);
      v = f.fallback;
    }
    if (f.type === 'bit') {
      if (bit === 8) {
        w.u8(0);
        bitAt = w.pos - 1;
        bit = 0;
      }
      if (v === true) w.buf[bitAt]! |= 1 << bit;
      else if (v !== false) throw badArg(def, f, 'a boolean', v);
      bit++;
      continue;
    }
    bit = 8;
    writeArg(w, def, f, v);
  }
}

function writeArg(w: ByteWriter, def: CompiledMethod, f: CompiledField, v: unknown): void {
  switch (f.type) {
    case 'octet': return w.u8(uint(def, f, v, 0xff));
    case 'short': return w.u16(uint(def, f, v, 0xffff));
    case 'long': return w.u32(uint(def, f, v, 0xffff_ffff));
    case 'longlong': return w.u64(uint(def, f, v, Number.MAX_SAFE_INTEGER));
    case 'shortstr':
      if (typeof v !== 'string') throw badArg(def, f, 'a string', v);
      return w.shortstr(v, `${def.name} argument '${f.name}'`);
    case 'longstr':
      if (typeof v !== 'string') throw badArg(def, f, 'a string', v);
      return w.longstr(v);
    case 'bytes':
      if (typeof v === 'string') return w.longstr(v);
      if (!(v instanceof Uint8Array)) throw badArg(def, f, 'a Uint8Array', v);
      return w.longBytes(v);
    case 'table':
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw badArg(def, f, 'a field table', v);
      return writeFieldTable(w, v as FieldTable);
    case 'bit':
      throw new Error('unreachable: bits are packed by writeMethod');
  }
}

function uint(def: CompiledMethod, f: CompiledField, v: unknown, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) throw badArg(def, f, `an integer in [0, ${max}]`, v);
  return v;
}

function badArg(def: CompiledMethod, f: CompiledField, expected: string, v: unknown): CodecError {
  const shown = typeof v === 'string' ? `'${v.slice(0, 40)}'` : typeof v === 'bigint' ? `${v}n` : String(v);
  return syntaxError(`${def.name} argument '${f.name}' must be ${expected}, got ${shown}`, def);
}

/** basic.deliver, by hand: the broker's most frequent outbound method. */
function writeDeliver(w: ByteWriter, m: MethodInputOf<'basic.deliver'>): void {
  w.u32(DELIVER);
  w.shortstr(m.consumerTag, 'basic.deliver consumer-tag');
  w.u64(m.deliveryTag);
  w.u8(m.redelivered === true ? 1 : 0);
  w.shortstr(m.exchange, 'basic.deliver exchange');
  w.shortstr(m.routingKey, 'basic.deliver routing-key');
}

/** basic.ack, by hand: publisher confirms send one per publish. */
function writeAck(w: ByteWriter, m: MethodInputOf<'basic.ack'>): void {
  w.u32(ACK);
  w.u64(m.deliveryTag ?? 0);
  w.u8(m.multiple === true ? 1 : 0);
}
