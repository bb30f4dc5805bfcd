import type { Random } from './random.ts';
import { sha256 } from './sha256.ts';
import { base64Decode, base64Encode, utf8Encode } from './text.ts';

/** A broker user. */
export interface User {
  name: string;
  /** base64(salt ++ sha256(salt ++ utf8(password))), RabbitMQ's rabbit_password_hashing_sha256. */
  passwordHash: string;
  hashingAlgorithm: string;
  tags: string[];
}

export const SHA256_ALGORITHM = 'rabbit_password_hashing_sha256';

/** Hash a password the way RabbitMQ does, with a 4-byte salt from `random`. */
export function hashPassword(password: string, random: Random): string {
  const salt = Uint8Array.from({ length: 4 }, () => Math.floor(random.next() * 256));
  return saltedHash(salt, password);
}

function saltedHash(salt: Uint8Array, password: string): string {
  const pw = utf8Encode(password);
  const buf = new Uint8Array(salt.length + pw.length);
  buf.set(salt);
  buf.set(pw, salt.length);
  const digest = sha256(buf);
  const out = new Uint8Array(salt.length + digest.length);
  out.set(salt);
  out.set(digest, salt.length);
  return base64Encode(out);
}

/** Check a password against a stored hash (sha256 only; other algorithms never match). */
export function checkPassword(user: User, password: string): boolean {
  if (user.passwordHash === '' || user.hashingAlgorithm !== SHA256_ALGORITHM) return false;
  const raw = base64Decode(user.passwordHash);
  if (!raw || raw.length !== 36) return false;
  return saltedHash(raw.subarray(0, 4), password) === user.passwordHash;
}
