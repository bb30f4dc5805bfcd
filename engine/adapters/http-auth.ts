import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Broker } from '../core/broker.ts';
import type { User } from '../core/users.ts';

/** Credentials from an `Authorization: Basic …` header. */
export function parseBasicAuth(header: string | undefined): { user: string; password: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = text.indexOf(':');
  return i < 0 ? undefined : { user: text.slice(0, i), password: text.slice(i + 1) };
}

/** True for a loopback peer address (IPv4, IPv6, or IPv4-mapped). */
export function isLoopbackAddress(addr: string | undefined): boolean {
  if (addr === undefined) return false;
  return addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.');
}

/**
 * Check a broker user's password, as RabbitMQ's management plugin does:
 * users in `loopback_users` (guest, by default) only from loopback.
 */
export function authenticateUser(broker: Broker, user: string, password: string, peer: string | undefined): User | undefined {
  const u = broker.authenticate(user, password);
  if (!u) return undefined;
  if (broker.options.loopbackUsers.includes(user) && !isLoopbackAddress(peer)) return undefined;
  return u;
}

/** The user a request's basic auth names, when the password is right. */
export function requestUser(broker: Broker, req: IncomingMessage): User | undefined {
  const c = parseBasicAuth(req.headers.authorization);
  return c ? authenticateUser(broker, c.user, c.password, req.socket.remoteAddress) : undefined;
}

/** A random session token for the URL the host prints (the owner's key to the UI). */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Compare a presented token with the expected one in constant time. */
export function tokenMatches(expected: string, presented: string | null | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Host names a loopback-bound server answers to: anything else may be DNS rebinding. */
export function isLoopbackHostHeader(host: string | undefined, port: number): boolean {
  if (!host) return false;
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host.toLowerCase());
}
