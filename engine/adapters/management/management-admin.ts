import { z } from 'zod';
import type { Command } from '../../core/commands.ts';
import { SHA256_ALGORITHM, hashPassword } from '../../core/users.ts';
import { fieldTableSchema } from '../../host/field-json.ts';
import { badRequest, notFoundError, sendEmpty } from '../http-util.ts';
import type { ApiRequest } from './api-request.ts';
import { parseBody, requireAdmin } from './api-request.ts';

/** Tags as RabbitMQ takes them: a comma-separated string, or a list. */
const tagsSchema = z.union([z.string(), z.array(z.string())]).default([]);

const userBody = z.looseObject({
  password: z.string().optional(),
  password_hash: z.string().optional(),
  hashing_algorithm: z.string().optional(),
  tags: tagsSchema,
});

const permissionBody = z.looseObject({ configure: z.string(), write: z.string(), read: z.string() });
const topicPermissionBody = z.looseObject({ exchange: z.string(), write: z.string(), read: z.string() });
const applyTo = z.enum(['queues', 'exchanges', 'all', 'classic_queues', 'quorum_queues']);
const policyBody = z.looseObject({
  pattern: z.string(),
  definition: fieldTableSchema,
  priority: z.number().int().default(0),
  'apply-to': applyTo.default('all'),
});
const vhostBody = z.looseObject({ description: z.string().optional(), tags: tagsSchema, default_queue_type: z.enum(['classic', 'quorum']).optional() });

function tagList(t: string | string[]): string[] {
  return (typeof t === 'string' ? t.split(',') : t).map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * The write side of RabbitMQ's admin endpoints (administrators only): PUT and
 * DELETE on /api/users/{user}, /api/permissions/{vhost}/{user},
 * /api/topic-permissions/{vhost}/{user}, /api/policies/{vhost}/{name} and
 * /api/vhosts/{vhost}. Each change is a broker Command, as every other path
 * makes it. PUT answers 201 when it created, 204 when it replaced. True when
 * the request was one of these.
 */
export async function adminWriteRoutes(r: ApiRequest): Promise<boolean> {
  const m = r.req.method ?? 'GET';
  if (m !== 'PUT' && m !== 'DELETE') return false;
  const [head, a, b] = r.segs;
  const n = r.segs.length;
  const target =
    head === 'users' && n === 2 ? 'user' : head === 'permissions' && n === 3 ? 'permission' : head === 'topic-permissions' && n === 3 ? 'topic' : head === 'policies' && n === 3 ? 'policy' : head === 'vhosts' && n === 2 ? 'vhost' : undefined;
  if (!target) return false;
  requireAdmin(r);
  const broker = r.broker;
  const ctx = { user: r.user.name };
  const run = (cmd: Command, created: boolean): true => {
    broker.execute(cmd, ctx);
    sendEmpty(r.res, m === 'PUT' && created ? 201 : 204);
    return true;
  };
  const needVhost = (v: string): void => {
    if (!broker.vhosts.has(v)) throw notFoundError();
  };
  const needUser = (u: string): void => {
    if (!broker.users.has(u)) throw notFoundError();
  };
  /** A permission for a missing vhost or user: RabbitMQ answers PUT with 400 `vhost_or_user_not_found`, DELETE with 404. */
  const needBoth = (vhost: string, user: string): void => {
    if (broker.vhosts.has(vhost) && broker.users.has(user)) return;
    if (m === 'PUT') throw badRequest('vhost_or_user_not_found');
    throw notFoundError();
  };
  switch (target) {
    case 'user': {
      const name = a!;
      if (m === 'DELETE') {
        needUser(name);
        return run({ type: 'user.delete', name }, false);
      }
      const body = await parseBody(r.req, userBody);
      const existing = broker.users.get(name);
      let passwordHash: string;
      let hashingAlgorithm = body.hashing_algorithm ?? SHA256_ALGORITHM;
      if (body.password !== undefined) [passwordHash, hashingAlgorithm] = [hashPassword(body.password, broker.random), SHA256_ALGORITHM];
      else if (body.password_hash !== undefined) passwordHash = body.password_hash;
      else if (existing) [passwordHash, hashingAlgorithm] = [existing.passwordHash, existing.hashingAlgorithm];
      // No password at all: RabbitMQ creates the user with no way to log in by password.
      else passwordHash = '';
      return run({ type: 'user.add', name, passwordHash, hashingAlgorithm, tags: tagList(body.tags) }, !existing);
    }
    case 'permission': {
      const [vhost, user] = [a!, b!];
      needBoth(vhost, user);
      const existed = broker.permissions.get(user, vhost) !== undefined;
      if (m === 'DELETE') {
        if (!existed) throw notFoundError();
        return run({ type: 'permission.clear', user, vhost }, false);
      }
      const p = await parseBody(r.req, permissionBody);
      return run({ type: 'permission.set', user, vhost, configure: p.configure, write: p.write, read: p.read }, !existed);
    }
    case 'topic': {
      const [vhost, user] = [a!, b!];
      needBoth(vhost, user);
      const mine = broker.topicPermissions.entries().filter((p) => p.user === user && p.vhost === vhost);
      if (m === 'DELETE') {
        if (mine.length === 0) throw notFoundError();
        return run({ type: 'topic-permission.clear', user, vhost }, false);
      }
      const p = await parseBody(r.req, topicPermissionBody);
      return run({ type: 'topic-permission.set', user, vhost, exchange: p.exchange, write: p.write, read: p.read }, !mine.some((t) => t.exchange === p.exchange));
    }
    case 'policy': {
      const [vhost, name] = [a!, b!];
      needVhost(vhost);
      const existed = broker.vhosts.get(vhost)!.policies.has(name);
      if (m === 'DELETE') {
        if (!existed) throw notFoundError();
        return run({ type: 'policy.clear', vhost, name }, false);
      }
      const p = await parseBody(r.req, policyBody);
      return run({ type: 'policy.set', vhost, name, pattern: p.pattern, applyTo: p['apply-to'], priority: p.priority, definition: p.definition }, !existed);
    }
    case 'vhost': {
      const name = a!;
      const existed = broker.vhosts.has(name);
      if (m === 'DELETE') {
        if (!existed) throw notFoundError();
        return run({ type: 'vhost.delete', name }, false);
      }
      const v = await parseBody(r.req, vhostBody);
      if (existed) {
        // RabbitMQ updates the metadata of an existing vhost; Brokerlab keeps it as it is, and says so by not creating.
        sendEmpty(r.res, 204);
        return true;
      }
      broker.execute(
        { type: 'vhost.add', name, tags: tagList(v.tags), ...(v.description !== undefined && { description: v.description }), ...(v.default_queue_type !== undefined && { defaultQueueType: v.default_queue_type }) },
        ctx,
      );
      // The management API gives whoever created the vhost full permissions on it (rabbitmqctl add_vhost does not).
      return run({ type: 'permission.set', user: r.user.name, vhost: name, configure: '.*', write: '.*', read: '.*' }, true);
    }
  }
}
