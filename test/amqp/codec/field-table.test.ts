import { describe, expect, test } from 'vitest';
import type { FieldTable } from '../../../engine/core/field-value.ts';
import { CodecError, decodeFieldTable, encodeFieldTable } from '../../../engine/amqp/codec/index.ts';
import { bytes, hex, lstr, sized, sstr, u32, u64 } from './bytes.ts';

/** Decode the encoding of `table`. */
const roundTrip = (table: FieldTable): FieldTable => decodeFieldTable(encodeFieldTable(table));

/** The CodecError `fn` throws. */
function codecError(fn: () => unknown): CodecError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CodecError) return e;
    throw e;
  }
  throw new Error('expected a CodecError');
}

describe('field tables', () => {
  describe('fixed bytes', () => {
    const table: FieldTable = {
      t: true,
      b: { $type: 'int8', value: -2 },
      B: { $type: 'uint8', value: 200 },
      s: { $type: 'int16', value: -300 },
      u: { $type: 'uint16', value: 60000 },
      I: -5,
      i: { $type: 'uint32', value: 4_000_000_000 },
      l: 2 ** 40,
      f: { $type: 'float', value: 1.5 },
      d: 0.25,
      D: { $type: 'decimal', scale: 2, value: 12345 },
      S: 'hé',
      x: Uint8Array.of(1, 2, 3),
      T: { $type: 'timestamp', value: 1_700_000_000 },
      F: { k: 'v' },
      A: [1, 'a'],
      V: null,
    };
    const wire = bytes(
      sized(
        sstr('t'), 't', 1,
        sstr('b'), 'b', 0xfe,
        sstr('B'), 'B', 0xc8,
        sstr('s'), 's', 0xfe, 0xd4,
        sstr('u'), 'u', 0xea, 0x60,
        sstr('I'), 'I', 0xff, 0xff, 0xff, 0xfb,
        sstr('i'), 'i', 0xee, 0x6b, 0x28, 0x00,
        sstr('l'), 'l', 0, 0, 1, 0, 0, 0, 0, 0,
        sstr('f'), 'f', 0x3f, 0xc0, 0, 0,
        sstr('d'), 'd', 0x3f, 0xd0, 0, 0, 0, 0, 0, 0,
        sstr('D'), 'D', 2, 0, 0, 0x30, 0x39,
        sstr('S'), 'S', u32(3), 0x68, 0xc3, 0xa9,
        sstr('x'), 'x', u32(3), 1, 2, 3,
        sstr('T'), 'T', 0, 0, 0, 0, 0x65, 0x53, 0xf1, 0x00,
        sstr('F'), 'F', sized(sstr('k'), 'S', lstr('v')),
        sstr('A'), 'A', sized('I', u32(1), 'S', lstr('a')),
        sstr('V'), 'V',
      ),
    );

    test('encodes one value of every RabbitMQ field type to the exact wire bytes', () => {
      expect(hex(encodeFieldTable(table))).toBe(hex(wire));
    });

    test('decodes every field type to its documented JS value', () => {
      expect(decodeFieldTable(wire)).toEqual({
        t: true, b: -2, B: 200, s: -300, u: 60000, I: -5, i: 4_000_000_000, l: 2 ** 40, f: 1.5, d: 0.25,
        D: { $type: 'decimal', scale: 2, value: 12345 },
        S: 'hé',
        x: Uint8Array.of(1, 2, 3),
        T: { $type: 'timestamp', value: 1_700_000_000 },
        F: { k: 'v' },
        A: [1, 'a'],
        V: null,
      });
    });

    test('encodes an empty table as a zero size', () => {
      expect(hex(encodeFieldTable({}))).toBe('00000000');
    });
  });

  describe('round trips', () => {
    test.each<[string, FieldTable]>([
      ['booleans', { yes: true, no: false }],
      ['int32 range integers', { zero: 0, min: -(2 ** 31), max: 2 ** 31 - 1 }],
      ['safe integers beyond int32 as int64', { big: 2 ** 53 - 1, small: -(2 ** 53 - 1), mid: 2 ** 31 }],
      ['doubles', { pi: Math.PI, neg: -0.5, huge: 1e300, inf: Number.POSITIVE_INFINITY }],
      ['strings, including empty and non-ASCII', { empty: '', text: 'hello', utf8: 'žluťoučký 🐇' }],
      ['byte arrays', { empty: new Uint8Array(0), some: Uint8Array.of(0, 255, 7) }],
      ['void', { nothing: null }],
      ['timestamps and decimals', { at: { $type: 'timestamp', value: 1_234_567_890 }, amount: { $type: 'decimal', scale: 3, value: 42 } }],
      ['nested tables', { a: { b: { c: { d: 'deep' } }, n: 1 } }],
      ['nested arrays', { list: [[1, 2], [], ['x', [true, null]], { inTable: [3] }] }],
      ['the x-death shape RabbitMQ writes', {
        'x-death': [{ count: 1, reason: 'expired', queue: 'q', time: { $type: 'timestamp', value: 1_700_000_000 }, exchange: '', 'routing-keys': ['q'] }],
      }],
    ])('round-trips %s', (_, table) => {
      expect(roundTrip(table)).toEqual(table);
    });

    test('decodes typed integer widths back to plain numbers', () => {
      const typed: FieldTable = {
        a: { $type: 'int8', value: -128 }, b: { $type: 'uint8', value: 255 }, c: { $type: 'int16', value: 32767 },
        d: { $type: 'uint16', value: 0 }, e: { $type: 'int32', value: -1 }, f: { $type: 'uint32', value: 2 ** 32 - 1 },
        g: { $type: 'int64', value: -7 }, h: { $type: 'uint64', value: 7n }, i: { $type: 'double', value: 0.1 },
      };
      expect(roundTrip(typed)).toEqual({ a: -128, b: 255, c: 32767, d: 0, e: -1, f: 2 ** 32 - 1, g: -7, h: 7, i: 0.1 });
    });

    test('round-trips 64-bit integers beyond 2^53 as bigints', () => {
      const t = { max: 2n ** 63n - 1n, min: -(2n ** 63n), unsafe: 2n ** 53n + 1n };
      expect(roundTrip(t)).toEqual(t);
    });

    test('returns small bigints as numbers', () => {
      expect(roundTrip({ n: 5n })).toEqual({ n: 5 });
    });

    test('encodes bigints past int64 with the unsigned L tag', () => {
      expect(hex(encodeFieldTable({ n: 2n ** 64n - 1n }))).toBe(hex(bytes(sized(sstr('n'), 'L', Array(8).fill(0xff)))));
      expect(roundTrip({ n: 2n ** 64n - 1n })).toEqual({ n: 2n ** 64n - 1n });
    });

    test('encodes undefined values as void', () => {
      expect(roundTrip({ gone: undefined as unknown as null })).toEqual({ gone: null });
    });

    test('keeps a __proto__ key as data rather than a prototype', () => {
      const wire = bytes(sized(sstr('__proto__'), 'F', sized(sstr('polluted'), 't', 1)));
      const table = decodeFieldTable(wire);
      expect(Object.keys(table)).toEqual(['__proto__']);
      expect(Object.getPrototypeOf(table)).toBe(Object.prototype);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });
  });

  describe('64-bit decoding', () => {
    test.each([
      ['l', u64(5), 5],
      ['l', Array(8).fill(0xff), -1],
      ['l', [0x7f, ...Array(7).fill(0xff)], 2n ** 63n - 1n],
      ['l', [0xff, 0xe0, 0, 0, 0, 0, 0, 0], -(2n ** 53n)],
      ['l', [0xff, 0xe0, 0, 0, 0, 0, 0, 1], -(2 ** 53) + 1],
      ['L', u64(2 ** 53 - 1), 2 ** 53 - 1],
      ['L', Array(8).fill(0xff), 2n ** 64n - 1n],
    ])("decodes '%s' %j as %s", (tag, value, expected) => {
      expect(decodeFieldTable(bytes(sized(sstr('v'), tag, value)))).toEqual({ v: expected });
    });
  });

  describe('errors', () => {
    test("names an unknown field type and the key it was found at", () => {
      const e = codecError(() => decodeFieldTable(bytes(sized(sstr('foo'), 'Q', 0))));
      expect(e.code).toBe(502);
      expect(e.message).toBe("unknown field type 'Q' in table at key 'foo'");
    });

    test('gives the full key path of an error in nested tables and arrays', () => {
      const nested = bytes(sized(sstr('outer'), 'F', sized(sstr('inner'), 'Q')));
      expect(codecError(() => decodeFieldTable(nested)).message).toBe("unknown field type 'Q' in table at key 'outer.inner'");
      const inArray = bytes(sized(sstr('list'), 'A', sized('I', u32(1), 'F', sized(sstr('k'), 'Z'))));
      expect(codecError(() => decodeFieldTable(inArray)).message).toBe("unknown field type 'Z' in table at key 'list[1].k'");
    });

    test('shows a non-printable type tag in hex', () => {
      expect(codecError(() => decodeFieldTable(bytes(sized(sstr('k'), 7)))).message).toBe(
        "unknown field type 0x07 in table at key 'k'",
      );
    });

    test('rejects a value truncated by its table size', () => {
      const e = codecError(() => decodeFieldTable(bytes(sized(sstr('n'), 'I', 0, 0))));
      expect(e.code).toBe(502);
      expect(e.message).toMatch(/^truncated field table: need 4 byte\(s\) at offset \d+, 2 left in table at key 'n'$/);
    });

    test('rejects a table whose declared size exceeds the bytes present', () => {
      const e = codecError(() => decodeFieldTable(bytes(u32(100), 1, 'k', 'V')));
      expect(e.message).toBe('truncated field table: declares 100 bytes, 3 left');
    });

    test('rejects a nested table larger than its parent', () => {
      const e = codecError(() => decodeFieldTable(bytes(sized(sstr('t'), 'F', u32(50)))));
      expect(e.message).toBe("truncated field table: declares 50 bytes, 0 left in table at key 't'");
    });

    test('rejects bytes after the table', () => {
      expect(codecError(() => decodeFieldTable(bytes(sized(), 0))).message).toBe('1 unexpected byte(s) after field table');
    });

    test('rejects typed integers outside their width', () => {
      const e = codecError(() => encodeFieldTable({ n: { $type: 'int8', value: 128 } }));
      expect(e.message).toBe('int8 value 128 is not an integer in [-128, 127]');
    });

    test('rejects keys longer than a short string', () => {
      expect(codecError(() => encodeFieldTable({ ['k'.repeat(256)]: 1 })).message).toMatch(/field table key is 256 bytes/);
    });
  });
});
