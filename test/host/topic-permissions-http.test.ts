import { afterEach, describe, expect, test } from 'vitest';
import type { WebHost } from '../../engine/adapters/http-host.ts';
import { hashPassword } from '../../engine/core/users.ts';
import { startTestHost } from './web-host-fixture.ts';

const hosts: WebHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});

async function host() {
  const t = await startTestHost();
  hosts.push(t.host);
  const b = t.broker;
  b.execute({ type: 'vhost.add', name: 'iot' });
  b.execute({ type: 'user.add', name: 'dev', passwordHash: hashPassword('pw', b.random), tags: ['management'] });
  b.execute({ type: 'permission.set', user: 'dev', vhost: 'iot', configure: '.*', write: '.*', read: '.*' });
  b.execute({ type: 'topic-permission.set', user: 'dev', vhost: 'iot', exchange: 'amq.topic', write: '^{username}\\.', read: '.*' });
  b.execute({ type: 'topic-permission.set', user: 'guest', vhost: '/', exchange: 'events', write: '^a', read: '^b' });
  return t;
}

const dev = { user: 'dev', vhost: 'iot', exchange: 'amq.topic', write: '^{username}\\.', read: '.*' };
const guest = { user: 'guest', vhost: '/', exchange: 'events', write: '^a', read: '^b' };

// rabbitmq_management's shape: a list of {user, vhost, exchange, write, read}.
describe('topic permissions in the management API', () => {
  test('GET /api/topic-permissions lists them all', async () => {
    const t = await host();
    const r = await t.api.get('/api/topic-permissions');
    expect([r.status, r.json]).toEqual([200, [dev, guest]]);
  });

  test('per vhost and user, per user, per vhost', async () => {
    const t = await host();
    expect((await t.api.get('/api/topic-permissions/iot/dev')).json).toEqual([dev]);
    expect((await t.api.get('/api/topic-permissions/%2F/dev')).json).toEqual([]);
    expect((await t.api.get('/api/users/guest/topic-permissions')).json).toEqual([guest]);
    expect((await t.api.get('/api/vhosts/iot/topic-permissions')).json).toEqual([dev]);
  });

  test('an unknown vhost or user is a 404; non-administrators are refused', async () => {
    const t = await host();
    expect((await t.api.get('/api/topic-permissions/nowhere/dev')).status).toBe(404);
    expect((await t.api.get('/api/topic-permissions/iot/nobody')).status).toBe(404);
    const r = await t.api.as('dev', 'pw').get('/api/topic-permissions');
    expect([r.status, r.json]).toEqual([403, { error: 'not_authorised', reason: 'Not administrator user' }]);
  });
});
