import type { User } from '../../core/users.ts';
import { notFoundError, sendJson } from '../http-util.ts';
import type { ApiRequest } from './api-request.ts';
import { allow, requireAdmin } from './api-request.ts';
import { byCode } from './rabbit-json.ts';

type Json = Record<string, unknown>;

/** A user as GET /api/users lists it (RabbitMQ 3.10+: tags as a list, limits as an object). */
export function userJson(u: User): Json {
  return { name: u.name, password_hash: u.passwordHash, hashing_algorithm: u.hashingAlgorithm, tags: [...u.tags], limits: {} };
}

/**
 * RabbitMQ's read side of users and permissions (administrators only, as in
 * rabbitmq_management): GET /api/users, /api/users/{user},
 * /api/users/{user}/permissions, /api/permissions,
 * /api/permissions/{vhost}/{user} and /api/vhosts/{vhost}/permissions.
 * True when the path was one of these.
 */
export function userRoutes(r: ApiRequest): boolean {
  const [head, a, b] = r.segs;
  const n = r.segs.length;
  const users = head === 'users' && (n === 1 || n === 2);
  const perms =
    (head === 'permissions' && (n === 1 || n === 3)) || (head === 'users' && n === 3 && b === 'permissions') || (head === 'vhosts' && n === 3 && b === 'permissions');
  if (!users && !perms) return false;
  allow(r, 'GET');
  requireAdmin(r);
  const broker = r.broker;
  if (users) {
    if (n === 1) return sendList(r, [...broker.users.values()].sort((x, y) => byCode(x.name, y.name)).map(userJson));
    const u = broker.users.get(a!);
    if (!u) throw notFoundError();
    sendJson(r.res, 200, userJson(u));
    return true;
  }
  let user: string | undefined;
  let vhost: string | undefined;
  if (head === 'permissions' && n === 3) [vhost, user] = [a, b];
  else if (head === 'users') user = a;
  else if (head === 'vhosts') vhost = a;
  if (vhost !== undefined && !broker.vhosts.has(vhost)) throw notFoundError();
  if (user !== undefined && !broker.users.has(user)) throw notFoundError();
  const list = broker.permissions
    .entries()
    .filter((p) => (user === undefined || p.user === user) && (vhost === undefined || p.vhost === vhost))
    .map((p) => ({ user: p.user, vhost: p.vhost, configure: p.spec.configure, write: p.spec.write, read: p.spec.read }))
    // RabbitMQ lists them by user, then vhost (as binaries: code unit order, not locale order).
    .sort((x, y) => byCode(x.user, y.user) || byCode(x.vhost, y.vhost));
  if (head === 'permissions' && n === 3) {
    // One (vhost, user) pair is an object, as in RabbitMQ; none is a 404.
    if (!list[0]) throw notFoundError();
    sendJson(r.res, 200, list[0]);
    return true;
  }
  return sendList(r, list);
}

function sendList(r: ApiRequest, list: Json[]): true {
  sendJson(r.res, 200, list);
  return true;
}
