/**
 * The SASL mechanisms RabbitMQ offers by default: PLAIN (RFC 4616) and
 * AMQPLAIN (a field table with LOGIN and PASSWORD, without its size prefix).
 * Pure parsing; the handshake checks the credentials against the broker.
 */
import { decodeFieldTable } from '../codec/index.ts';

/** Mechanisms announced in connection.start, in preference order. */
export const MECHANISMS = ['PLAIN', 'AMQPLAIN'] as const;
export type Mechanism = (typeof MECHANISMS)[number];

/** A parsed response: credentials, or why it could not be read. */
export type SaslResult = { ok: true; user: string; password: string } | { ok: false; reason: string };

/** True for a mechanism this server offers. */
export function isMechanism(name: string): name is Mechanism {
  return (MECHANISMS as readonly string[]).includes(name);
}

/** Parse a start-ok response for `mechanism`. */
export function parseSaslResponse(mechanism: Mechanism, response: Uint8Array): SaslResult {
  return mechanism === 'PLAIN' ? parsePlain(response) : parseAmqplain(response);
}

/** PLAIN: `[authzid] NUL authcid NUL passwd` (RFC 4616 §2). */
function parsePlain(response: Uint8Array): SaslResult {
  const first = response.indexOf(0);
  const second = first < 0 ? -1 : response.indexOf(0, first + 1);
  if (first < 0 || second < 0) return { ok: false, reason: 'PLAIN response is not NUL-separated' };
  const text = new TextDecoder();
  return { ok: true, user: text.decode(response.subarray(first + 1, second)), password: text.decode(response.subarray(second + 1)) };
}

/** AMQPLAIN: the entries of a field table (no 32-bit size prefix) holding LOGIN and PASSWORD. */
function parseAmqplain(response: Uint8Array): SaslResult {
  const framed = new Uint8Array(response.length + 4);
  new DataView(framed.buffer).setUint32(0, response.length);
  framed.set(response, 4);
  let table;
  try {
    table = decodeFieldTable(framed);
  } catch {
    return { ok: false, reason: 'AMQPLAIN response is not a field table' };
  }
  const user = table['LOGIN'];
  const password = table['PASSWORD'];
  if (typeof user !== 'string' || typeof password !== 'string') {
    return { ok: false, reason: 'AMQPLAIN response lacks LOGIN or PASSWORD' };
  }
  return { ok: true, user, password };
}
