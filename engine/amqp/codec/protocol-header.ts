/**
 * The 8-byte protocol header a client opens a connection with (spec §4.2.2).
 * It is not a frame, so it is checked here, before a `FrameDecoder` sees any
 * bytes. On a mismatch the server must send back the header it supports
 * (`PROTOCOL_HEADER`) and close the socket.
 */
import { PROTOCOL_HEADER } from './constants.ts';

/** Length of the protocol header. */
export const PROTOCOL_HEADER_SIZE = 8;

/** What the first bytes of a connection say. */
export type ProtocolHeaderResult =
  /** "AMQP" 0 0-9-1: go on to read frames after the first 8 bytes. */
  | { readonly status: 'ok' }
  /** Fewer than 8 bytes, all matching so far: wait for more. */
  | { readonly status: 'incomplete' }
  /** Not AMQP 0-9-1. `description` says what it looks like, for the log. */
  | { readonly status: 'mismatch'; readonly received: Uint8Array; readonly description: string };

/**
 * Check the first bytes of a connection against `AMQP\x00\x00\x09\x01`.
 * Reports a mismatch as soon as any byte differs, so an HTTP request or an
 * AMQP 1.0 client is turned away without waiting for 8 bytes.
 */
export function parseProtocolHeader(bytes: Uint8Array): ProtocolHeaderResult {
  const n = Math.min(bytes.length, PROTOCOL_HEADER_SIZE);
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== PROTOCOL_HEADER[i]) {
      const received = bytes.slice(0, n);
      return { status: 'mismatch', received, description: describe(received) };
    }
  }
  return n < PROTOCOL_HEADER_SIZE ? { status: 'incomplete' } : { status: 'ok' };
}

function describe(b: Uint8Array): string {
  const isAmqp = b.length >= 4 && b[0] === 0x41 && b[1] === 0x4d && b[2] === 0x51 && b[3] === 0x50;
  if (isAmqp && b.length === PROTOCOL_HEADER_SIZE) {
    return `AMQP protocol id ${b[4]} version ${b[5]}.${b[6]}.${b[7]}; this broker speaks only 0-9-1`;
  }
  if (isAmqp) return `AMQP header for another protocol id or version (protocol id ${b[4]})`;
  const printable = Array.from(b, (c) => (c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.')).join('');
  return `not an AMQP protocol header (starts with '${printable}')`;
}
