import type { TopicPermission } from '../../core/topic-permissions.ts';
import { notFoundError, sendJson } from '../http-util.ts';
import type { ApiRequest } from './api-request.ts';
import { allow, requireAdmin } from './api-request.ts';

/**
 * RabbitMQ's read-only topic permission endpoints (administrators only, as in
 * rabbitmq_management): GET /api/topic-permissions,
 * /api/topic-permissions/{vhost}/{user}, /api/users/{user}/topic-permissions and
 * /api/vhosts/{vhost}/topic-permissions, each a list of
 * `{user, vhost, exchange, write, read}`. True when the path was one of these.
 */
export function topicPermissionRoutes(r: ApiRequest): boolean {
  const [head, a, b, c] = r.segs;
  const n = r.segs.length;
  let match: ((p: TopicPermission) => boolean) | undefined;
  let vhost: string | undefined;
  let user: string | undefined;
  if (head === 'topic-permissions' && n === 1) match = () => true;
  else if (head === 'topic-permissions' && n === 3) [vhost, user] = [a, b];
  else if (head === 'users' && n === 3 && b === 'topic-permissions') user = a;
  else if (head === 'vhosts' && n === 3 && b === 'topic-permissions') vhost = a;
  if (vhost !== undefined || user !== undefined) match = (p) => (vhost === undefined || p.vhost === vhost) && (user === undefined || p.user === user);
  if (!match || c !== undefined) return false;
  allow(r, 'GET');
  requireAdmin(r);
  if (vhost !== undefined && !r.broker.vhosts.has(vhost)) throw notFoundError();
  if (user !== undefined && !r.broker.users.has(user)) throw notFoundError();
  const list = r.broker.topicPermissions.entries().filter(match);
  sendJson(r.res, 200, list.map((p) => ({ user: p.user, vhost: p.vhost, exchange: p.exchange, write: p.write, read: p.read })));
  return true;
}
