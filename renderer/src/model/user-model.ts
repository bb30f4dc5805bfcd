import type { Random } from '../../../engine/core/random.ts';
import { SHA256_ALGORITHM, checkPassword, hashPassword } from '../../../engine/core/users.ts';
import type { UserNode } from '../../../engine/host/snapshot-types.ts';

/** One user's permissions in one vhost: configure, write and read regular expressions on resource names. */
export interface VhostPermission {
  vhost: string;
  configure: string;
  write: string;
  read: string;
}

/** One user's topic permission on one topic exchange: write and read regular expressions on routing keys. */
export interface TopicPermissionModel {
  vhost: string;
  exchange: string;
  write: string;
  read: string;
}

/**
 * A broker user as the studio edits it (RabbitMQ's Admin → Users). Users are
 * broker-wide: every vhost's model carries all of them. Only the password's
 * hash is ever kept (RabbitMQ's salted SHA-256, base64), never the password.
 */
export interface UserModel {
  name: string;
  tags: string[];
  /** '' for a user who cannot log in with a password. */
  passwordHash: string;
  hashingAlgorithm: string;
  permissions: VhostPermission[];
  topicPermissions: TopicPermissionModel[];
}

/** The tags the management UI offers (RabbitMQ's user tags); any other text is kept as a tag too. */
export const USER_TAGS = ['administrator', 'monitoring', 'policymaker', 'management', 'impersonator'] as const;

/** The element id a user's errors are kept under (no graph node has it). */
export const userId = (name: string): string => `user:${encodeURIComponent(name)}`;

/** RabbitMQ's default permissions for a user on a vhost (`set_permissions ".*" ".*" ".*"`). */
export const fullAccess = (vhost: string): VhostPermission => ({ vhost, configure: '.*', write: '.*', read: '.*' });

/** A new user with full access to `vhost` and no password yet. */
export function newUser(name: string, vhost: string): UserModel {
  return { name, tags: [], passwordHash: '', hashingAlgorithm: SHA256_ALGORITHM, permissions: [fullAccess(vhost)], topicPermissions: [] };
}

/** A salt from the platform's cryptographic random source (never the seeded simulation stream). */
const saltRandom: Random = { next: () => crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32 };

/** The engine's own hash of a password (engine/core/users.ts: RabbitMQ's rabbit_password_hashing_sha256). */
export function hashNewPassword(password: string): string {
  return hashPassword(password, saltRandom);
}

/** Whether `password` logs the user in, by the engine's check. */
export function passwordMatches(u: UserModel, password: string): boolean {
  return checkPassword(u, password);
}

/** Tags typed as text (`administrator, monitoring`): trimmed, no empties, no repeats; `none` means no tags. */
export function parseTags(text: string): string[] {
  const out: string[] = [];
  for (const t of text.split(',').map((s) => s.trim())) if (t !== '' && t !== 'none' && !out.includes(t)) out.push(t);
  return out;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The user in a canonical order (permissions by vhost, topic permissions by vhost and exchange), so equal users compare equal. */
export function normalUser(u: UserModel): UserModel {
  return {
    ...u,
    tags: [...u.tags],
    permissions: [...u.permissions].sort((a, b) => byText(a.vhost, b.vhost)),
    topicPermissions: [...u.topicPermissions].sort((a, b) => byText(a.vhost, b.vhost) || byText(a.exchange, b.exchange)),
  };
}

export const sortUsers = (users: readonly UserModel[]): UserModel[] => [...users].sort((a, b) => byText(a.name, b.name));

/** The snapshot's users as models. */
export function usersFromSnapshot(nodes: readonly UserNode[] | undefined): UserModel[] {
  return sortUsers((nodes ?? []).map((n) => normalUser({ ...n, permissions: n.permissions.map((p) => ({ ...p })), topicPermissions: n.topicPermissions.map((p) => ({ ...p })) })));
}

/** The same account: name, password hash and tags (permissions are compared one by one). */
export const sameAccount = (a: UserModel, b: UserModel): boolean =>
  a.passwordHash === b.passwordHash && a.hashingAlgorithm === b.hashingAlgorithm && a.tags.join('\u0000') === b.tags.join('\u0000');

export const samePermission = (a: VhostPermission, b: VhostPermission): boolean => a.configure === b.configure && a.write === b.write && a.read === b.read;
export const sameTopicPermission = (a: TopicPermissionModel, b: TopicPermissionModel): boolean => a.write === b.write && a.read === b.read;
export const topicKey = (p: Pick<TopicPermissionModel, 'vhost' | 'exchange'>): string => `${p.vhost}\u0000${p.exchange}`;

/** The broker's own `guest` as a fresh broker has it (password guest, administrator, everything on '/'): no scenario needs to say it. */
export function isDefaultGuest(u: UserModel): boolean {
  const p = u.permissions;
  return (
    u.name === 'guest' &&
    u.tags.length === 1 &&
    u.tags[0] === 'administrator' &&
    p.length === 1 &&
    p[0]!.vhost === '/' &&
    samePermission(p[0]!, fullAccess('/')) &&
    u.topicPermissions.length === 0 &&
    passwordMatches(u, 'guest')
  );
}

/** One line per vhost: `configure .* · write .* · read .*`, the management UI's permissions columns in short. */
export function permissionText(p: VhostPermission): string {
  const re = (s: string): string => (s === '' ? '(none)' : s);
  return `configure ${re(p.configure)} · write ${re(p.write)} · read ${re(p.read)}`;
}

export function topicPermissionText(p: TopicPermissionModel): string {
  return `${p.exchange}: write ${p.write === '' ? '^$' : p.write} · read ${p.read === '' ? '^$' : p.read}`;
}
