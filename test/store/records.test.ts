import * as zlib from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { ByteReader, ByteWriter } from '../../engine/store/bytes.ts';
import { crc32 } from '../../engine/store/crc32.ts';
import { RecordType, beginRecord, endRecord, scanRecords, useChecksum } from '../../engine/store/record.ts';
import { readValue, writeValue } from '../../engine/store/value-codec.ts';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

function records(...payloads: string[]): Uint8Array {
  const w = new ByteWriter(16);
  for (const p of payloads) {
    const at = beginRecord(w, RecordType.Command);
    w.raw(ascii(p));
    endRecord(w, at);
  }
  return w.toBytes();
}

function payloads(b: Uint8Array): { found: string[]; scan: ReturnType<typeof scanRecords> } {
  const found: string[] = [];
  const scan = scanRecords(b, (r) => found.push(new TextDecoder().decode(b.subarray(r.payloadStart, r.end))));
  return { found, scan };
}

describe('CRC-32', () => {
  test('matches the standard check values', () => {
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(ascii('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });

  test('continues across pieces and agrees on every length around the 16-byte stride', () => {
    const data = Uint8Array.from({ length: 100 }, (_, i) => (i * 37 + 11) & 0xff);
    for (let n = 0; n <= 40; n++) {
      const whole = crc32(data, 0, n);
      let bytewise = 0;
      for (let i = 0; i < n; i++) bytewise = crc32(data, i, i + 1, bytewise);
      expect(bytewise).toBe(whole);
    }
  });

  test('node:zlib, which the file store uses when present, computes the same checksum', () => {
    const z = (zlib as { crc32?: (d: Uint8Array, v?: number) => number }).crc32;
    if (!z) return;
    const data = Uint8Array.from({ length: 5000 }, (_, i) => (i * 131 + 7) & 0xff);
    for (const [a, b] of [[0, 0], [0, 5000], [3, 4097], [17, 18]] as const) {
      expect(z(data.subarray(a, b), crc32(data, 0, a))).toBe(crc32(data, 0, b));
    }
  });

  test('a checksum that disagrees with CRC-32 is refused', () => {
    expect(useChecksum(() => 7)).toBe(false);
  });
});

describe('record framing', () => {
  test('reads back every record in order', () => {
    const { found, scan } = payloads(records('one', 'two', '', 'four'));
    expect(found).toEqual(['one', 'two', '', 'four']);
    expect(scan).toMatchObject({ damaged: [], tailBytes: 0 });
  });

  test('a torn last record ends the scan at the last whole one', () => {
    const b = records('alpha', 'beta', 'gamma');
    const torn = b.subarray(0, b.length - 3);
    const { found, scan } = payloads(torn);
    expect(found).toEqual(['alpha', 'beta']);
    expect(scan.tailBytes).toBe(12 + 'gamma'.length - 3);
  });

  test('a damaged record in the middle is skipped, the ones after it are kept', () => {
    const b = records('alpha', 'beta', 'gamma');
    b[12 + 5 + 12 + 1] = b[12 + 5 + 12 + 1]! ^ 0x20; // a byte of beta's payload
    const { found, scan } = payloads(b);
    expect(found).toEqual(['alpha', 'gamma']);
    expect(scan.damaged).toEqual([{ start: 17, end: 33 }]);
  });

  test('a damaged length cannot misframe what follows', () => {
    const b = records('alpha', 'beta', 'gamma');
    b[17 + 4] = 0xff; // beta's length
    expect(payloads(b).found).toEqual(['alpha', 'gamma']);
  });

  test('garbage before, between and after records is skipped', () => {
    const good = records('x', 'y');
    const b = new Uint8Array([9, 9, 9, ...good.subarray(0, 13), 0xb1, 0x0c, 7, ...good.subarray(13), 1, 2]);
    const { found, scan } = payloads(b);
    expect(found).toEqual(['x', 'y']);
    expect(scan.damaged.map((d) => d.end - d.start)).toEqual([3, 3]);
    expect(scan.tailBytes).toBe(2);
  });
});

describe('value codec', () => {
  test('round-trips every kind of engine value exactly', () => {
    const v = {
      n: -1.25,
      i: 42,
      big: -(2n ** 63n),
      u64: 2n ** 64n - 1n,
      s: 'ünïcødé ✓ 𝄞',
      empty: '',
      bytes: new Uint8Array([0, 1, 255]),
      arr: [null, true, false, [1, [2]], { a: 1 }],
      typed: { $type: 'int64', value: 5n },
      dec: { $type: 'decimal', scale: 2, value: 314 },
      nested: { deeper: { deepest: 'x' } },
      // An own key named __proto__ (as JSON.parse makes one) must stay a key.
      header: JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
    };
    const w = new ByteWriter(8);
    writeValue(w, v);
    const back = readValue(new ByteReader(w.toBytes())) as Record<string, unknown>;
    expect(back).toEqual(v);
    const header = back['header'] as object;
    expect(Object.keys(header)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(header)).toBe(Object.prototype);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(back['bytes']).toBeInstanceOf(Uint8Array);
  });

  test('undefined object members are left out, as the engine never stores them', () => {
    const w = new ByteWriter();
    writeValue(w, { a: 1, b: undefined });
    expect(readValue(new ByteReader(w.toBytes()))).toEqual({ a: 1 });
  });
});
