import type { JsonCommand } from '../../../engine/host/command-schema.ts';
import type { TopicPermissionModel, UserModel, VhostPermission } from './user-model.ts';
import { normalUser, sameAccount, samePermission, sameTopicPermission, sortUsers, topicKey } from './user-model.ts';

/**
 * The commands that turn users `from` into `to`, in the order RabbitMQ's
 * definitions import uses (users, then permissions, then topic permissions):
 * users gone are deleted (the broker drops their permissions with them), new
 * or changed accounts are added again (`user.add` replaces the password and
 * tags and keeps the permissions), then each permission set or cleared.
 */
export function planUserCommands(from: readonly UserModel[], to: readonly UserModel[]): JsonCommand[] {
  const before = new Map(from.map((u) => [u.name, u]));
  const after = new Set(to.map((u) => u.name));
  const out: JsonCommand[] = [];
  for (const u of from) if (!after.has(u.name)) out.push({ type: 'user.delete', name: u.name });
  for (const u of to) {
    const old = before.get(u.name);
    if (!old || !sameAccount(old, u)) out.push({ type: 'user.add', name: u.name, passwordHash: u.passwordHash, hashingAlgorithm: u.hashingAlgorithm, tags: [...u.tags] });
    out.push(...permissionCommands(u.name, old?.permissions ?? [], u.permissions));
    out.push(...topicCommands(u.name, old?.topicPermissions ?? [], u.topicPermissions));
  }
  return out;
}

function permissionCommands(user: string, from: readonly VhostPermission[], to: readonly VhostPermission[]): JsonCommand[] {
  const out: JsonCommand[] = [];
  const before = new Map(from.map((p) => [p.vhost, p]));
  const after = new Set(to.map((p) => p.vhost));
  for (const p of to) {
    const old = before.get(p.vhost);
    if (!old || !samePermission(old, p)) out.push({ type: 'permission.set', user, vhost: p.vhost, configure: p.configure, write: p.write, read: p.read });
  }
  for (const p of from) if (!after.has(p.vhost)) out.push({ type: 'permission.clear', user, vhost: p.vhost });
  return out;
}

function topicCommands(user: string, from: readonly TopicPermissionModel[], to: readonly TopicPermissionModel[]): JsonCommand[] {
  const out: JsonCommand[] = [];
  const before = new Map(from.map((p) => [topicKey(p), p]));
  const after = new Set(to.map(topicKey));
  for (const p of to) {
    const old = before.get(topicKey(p));
    if (!old || !sameTopicPermission(old, p)) out.push({ type: 'topic-permission.set', user, vhost: p.vhost, exchange: p.exchange, write: p.write, read: p.read });
  }
  for (const p of from) if (!after.has(topicKey(p))) out.push({ type: 'topic-permission.clear', user, vhost: p.vhost, exchange: p.exchange });
  return out;
}

type UserCommand = Extract<JsonCommand, { type: 'user.add' | 'user.delete' | 'permission.set' | 'permission.clear' | 'topic-permission.set' | 'topic-permission.clear' }>;

export function isUserCommand(c: JsonCommand): c is UserCommand {
  return c.type.startsWith('user.') || c.type.startsWith('permission.') || c.type.startsWith('topic-permission.');
}

/** The users after a command succeeded, as the broker has them (engine/core/topology.ts). */
export function applyUserCommand(users: readonly UserModel[], c: UserCommand): UserModel[] {
  if (c.type === 'user.add') {
    const old = users.find((u) => u.name === c.name);
    const u: UserModel = {
      name: c.name,
      tags: [...c.tags],
      passwordHash: c.passwordHash,
      hashingAlgorithm: c.hashingAlgorithm ?? 'rabbit_password_hashing_sha256',
      permissions: old?.permissions ?? [],
      topicPermissions: old?.topicPermissions ?? [],
    };
    return sortUsers([...users.filter((x) => x.name !== c.name), u]);
  }
  if (c.type === 'user.delete') return users.filter((u) => u.name !== c.name);
  const change = (fn: (u: UserModel) => UserModel): UserModel[] => users.map((u) => (u.name === c.user ? normalUser(fn(u)) : u));
  switch (c.type) {
    case 'permission.set':
      return change((u) => ({ ...u, permissions: [...u.permissions.filter((p) => p.vhost !== c.vhost), { vhost: c.vhost, configure: c.configure, write: c.write, read: c.read }] }));
    case 'permission.clear':
      return change((u) => ({ ...u, permissions: u.permissions.filter((p) => p.vhost !== c.vhost) }));
    case 'topic-permission.set': {
      const p = { vhost: c.vhost, exchange: c.exchange, write: c.write, read: c.read };
      return change((u) => ({ ...u, topicPermissions: [...u.topicPermissions.filter((t) => topicKey(t) !== topicKey(p)), p] }));
    }
    case 'topic-permission.clear':
      return change((u) => ({ ...u, topicPermissions: u.topicPermissions.filter((t) => t.vhost !== c.vhost || (c.exchange !== undefined && t.exchange !== c.exchange)) }));
  }
}

/** Where in the user form a refusal belongs. */
export type UserErrorPlace =
  | { at: 'permission'; index: number; field: 'vhost' | 'configure' | 'write' | 'read' }
  | { at: 'topic'; index: number; field: 'vhost' | 'exchange' | 'write' | 'read' }
  | { at: 'user' };

/**
 * The row and field a broker refusal is about, from its wording: `invalid
 * write permission regular expression '('` (permission.set), `regular
 * expression '(' is invalid` (topic-permission.set), `no vhost 'x'` /
 * `Virtual host x does not exist`.
 */
export function placeUserError(u: UserModel, error: string): UserErrorPlace {
  const perm = /invalid (configure|write|read) permission regular expression '(.*)'$/s.exec(error);
  if (perm) {
    const field = perm[1] as 'configure' | 'write' | 'read';
    const index = u.permissions.findIndex((p) => p[field] === perm[2]);
    if (index >= 0) return { at: 'permission', index, field };
  }
  const topic = /regular expression '(.*)' is invalid$/s.exec(error);
  if (topic) {
    const index = u.topicPermissions.findIndex((p) => p.write === topic[1] || p.read === topic[1]);
    if (index >= 0) return { at: 'topic', index, field: u.topicPermissions[index]!.write === topic[1] ? 'write' : 'read' };
  }
  const noVhost = /no vhost '(.*)'$/s.exec(error);
  const pIndex = noVhost ? u.permissions.findIndex((p) => p.vhost === noVhost[1]) : -1;
  if (pIndex >= 0) return { at: 'permission', index: pIndex, field: 'vhost' };
  const noTopicVhost = /Virtual host (.*) does not exist$/s.exec(error);
  const tIndex = noTopicVhost ? u.topicPermissions.findIndex((p) => p.vhost === noTopicVhost[1]) : -1;
  if (tIndex >= 0) return { at: 'topic', index: tIndex, field: 'vhost' };
  return { at: 'user' };
}
