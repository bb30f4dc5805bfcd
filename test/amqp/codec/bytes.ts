/**
 * Test-only byte builders, written straight from the spec so fixtures do not
 * depend on the codec they check.
 */

/** A part of a byte fixture: an octet, raw ASCII text, or nested parts. */
export type Part = number | string | Uint8Array | readonly Part[];

/** Concatenate parts: numbers are single octets, strings are raw ASCII bytes. */
export function bytes(...parts: Part[]): Uint8Array {
  const out: number[] = [];
  const add = (p: Part): void => {
    if (typeof p === 'number') out.push(p & 0xff);
    else if (typeof p === 'string') for (const c of p) out.push(c.charCodeAt(0));
    else for (const x of p) add(x as Part);
  };
  parts.forEach(add);
  return Uint8Array.from(out);
}

export const u16 = (v: number): number[] => [(v >>> 8) & 0xff, v & 0xff];
export const u32 = (v: number): number[] => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
export const u64 = (v: number): number[] => [...u32(Math.floor(v / 2 ** 32)), ...u32(v >>> 0)];

/** A short string: length octet, then ASCII. */
export const sstr = (s: string): Part[] => [s.length, s];
/** A long string: 32-bit length, then ASCII. */
export const lstr = (s: string): Part[] => [u32(s.length), s];
/** A field table or array body prefixed with its 32-bit size. */
export function sized(...parts: Part[]): Part[] {
  const body = bytes(...parts);
  return [u32(body.length), body];
}

/** A frame around a payload. */
export function frame(type: number, channel: number, ...payload: Part[]): Uint8Array {
  const p = bytes(...payload);
  return bytes(type, u16(channel), u32(p.length), p, 0xce);
}

/** Hex dump, for readable assertion failures. */
export const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/** A small seeded PRNG (mulberry32), so random chunkings reproduce. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
