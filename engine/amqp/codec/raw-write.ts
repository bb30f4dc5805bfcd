/**
 * Unchecked big-endian stores into a Buffer, for hot paths that have already
 * sized their output exactly. Plain index stores beat Buffer's write* methods,
 * which validate every call; callers guarantee offsets and value ranges.
 */

const TWO_32 = 0x1_0000_0000;

/** Store a uint16 at `o`. */
export function put16(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 8;
  b[o + 1] = v;
}

/** Store a uint32 at `o`. */
export function put32(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 24;
  b[o + 1] = v >>> 16;
  b[o + 2] = v >>> 8;
  b[o + 3] = v;
}

/** Store a non-negative integer below 2^53 as a uint64 at `o`. */
export function put64(b: Uint8Array, o: number, v: number): void {
  const hi = Math.floor(v / TWO_32);
  put32(b, o, hi);
  put32(b, o + 4, v - hi * TWO_32);
}

/**
 * UTF-8 length of `s`. Short ASCII strings (the usual routing keys, tags and
 * exchange names) are measured by a scan, which beats a native call.
 */
export function utf8Length(s: string): number {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x80) return Buffer.byteLength(s, 'utf8');
  }
  return s.length;
}

/**
 * Store a short string whose UTF-8 length `len` (at most 255) the caller has
 * measured with `utf8Length`. Returns the offset after it.
 */
export function putShortstr(b: Buffer, o: number, s: string, len: number): number {
  b[o] = len;
  if (len === s.length) {
    // ASCII, as utf8Length found: one byte per UTF-16 unit.
    for (let i = 0; i < len; i++) b[o + 1 + i] = s.charCodeAt(i);
  } else {
    b.write(s, o + 1, len, 'utf8');
  }
  return o + 1 + len;
}
