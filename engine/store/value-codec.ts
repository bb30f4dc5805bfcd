import type { ByteReader, ByteWriter } from './bytes.ts';
import { DecodeError } from './bytes.ts';

/**
 * A tagged binary encoding for the plain values the engine persists:
 * commands, field tables and header values. It round-trips exactly what the
 * engine holds (numbers, bigints, strings, bytes, arrays, objects including
 * typed fields such as `{ $type: 'int64', value }`), unlike JSON.
 */
const enum Tag {
  Undefined = 0,
  Null = 1,
  False = 2,
  True = 3,
  Number = 4,
  BigInt = 5,
  String = 6,
  Bytes = 7,
  Array = 8,
  Object = 9,
}

/** Nesting deeper than this is refused on decode (a damaged record, not a real value). */
const MAX_DEPTH = 64;

export function writeValue(w: ByteWriter, v: unknown): void {
  if (v === undefined) return w.u8(Tag.Undefined);
  if (v === null) return w.u8(Tag.Null);
  switch (typeof v) {
    case 'boolean':
      return w.u8(v ? Tag.True : Tag.False);
    case 'number':
      w.u8(Tag.Number);
      return w.f64(v);
    case 'bigint':
      w.u8(Tag.BigInt);
      return w.str(v.toString());
    case 'string':
      w.u8(Tag.String);
      return w.str(v);
    case 'object': {
      if (v instanceof Uint8Array) {
        w.u8(Tag.Bytes);
        return w.bytes(v);
      }
      if (Array.isArray(v)) {
        w.u8(Tag.Array);
        w.u32(v.length);
        for (const x of v) writeValue(w, x);
        return;
      }
      const keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined);
      w.u8(Tag.Object);
      w.u32(keys.length);
      for (const k of keys) {
        w.str(k);
        writeValue(w, (v as Record<string, unknown>)[k]);
      }
      return;
    }
    default:
      throw new TypeError(`cannot persist a ${typeof v}`);
  }
}

export function readValue(r: ByteReader, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new DecodeError('value nested too deeply');
  const tag = r.u8();
  switch (tag) {
    case Tag.Undefined:
      return undefined;
    case Tag.Null:
      return null;
    case Tag.False:
      return false;
    case Tag.True:
      return true;
    case Tag.Number:
      return r.f64();
    case Tag.BigInt: {
      const s = r.str();
      if (!/^-?\d+$/.test(s)) throw new DecodeError(`bad bigint '${s}'`);
      return BigInt(s);
    }
    case Tag.String:
      return r.str();
    case Tag.Bytes:
      return Uint8Array.from(r.bytes());
    case Tag.Array: {
      const n = r.u32();
      if (n > r.remaining) throw new DecodeError('array longer than its record');
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) out.push(readValue(r, depth + 1));
      return out;
    }
    case Tag.Object: {
      const n = r.u32();
      if (n > r.remaining) throw new DecodeError('object larger than its record');
      const out: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const k = r.str();
        const v = readValue(r, depth + 1);
        // A key named __proto__ must stay data, never become the prototype.
        if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
        else out[k] = v;
      }
      return out;
    }
    default:
      throw new DecodeError(`unknown value tag ${tag}`);
  }
}
