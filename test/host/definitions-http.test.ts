import { afterEach, describe, expect, test } from 'vitest';
import type { WebHost } from '../../engine/adapters/http-host.ts';
import { startTestHost } from './web-host-fixture.ts';

const hosts: WebHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});

async function host() {
  const t = await startTestHost();
  hosts.push(t.host);
  return t;
}

type Defs = { queues: { name: string; arguments: Record<string, unknown> }[]; exchanges: { name: string; type: string }[]; bindings: unknown[]; vhosts: { name: string }[] };

describe('definitions over HTTP', () => {
  test('round trip: exported definitions imported into a fresh broker give the same definitions', async () => {
    const a = await host();
    a.broker.execute({ type: 'vhost.add', name: 'shop' });
    a.broker.execute({ type: 'permission.set', user: 'guest', vhost: 'shop', configure: '.*', write: '.*', read: '.*' });
    expect((await a.api.put('/api/exchanges/shop/events', { type: 'topic' })).status).toBe(201);
    expect((await a.api.put('/api/queues/shop/audit', { durable: true, arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 5 } })).status).toBe(201);
    a.broker.execute({ type: 'binding.add', vhost: 'shop', source: 'events', destination: 'audit', destinationType: 'queue', routingKey: 'order.*', arguments: {} });
    const exported = await a.api.get('/api/definitions');
    expect(exported.status).toBe(200);
    const defs = exported.json as Defs;
    expect(defs.queues).toContainEqual(expect.objectContaining({ name: 'audit', arguments: expect.objectContaining({ 'x-queue-type': 'quorum' }) }));

    const b = await host();
    const posted = await b.api.post('/api/definitions', defs);
    expect(posted.status).toBe(204);
    expect(b.broker.vhost('shop')?.queues.get('audit')?.type).toBe('quorum');
    const again = (await b.api.get('/api/definitions')).json as Defs;
    const strip = (d: Defs) => ({ queues: d.queues, exchanges: d.exchanges, bindings: d.bindings, vhosts: d.vhosts });
    expect(strip(again)).toEqual(strip(defs));
  });

  test('a single vhost exports without vhost fields and imports into another vhost', async () => {
    const a = await host();
    await a.api.put('/api/queues/%2F/jobs', { durable: true });
    const one = (await a.api.get('/api/definitions/%2F')).json as { queues: Record<string, unknown>[] };
    expect(one.queues).toEqual([expect.not.objectContaining({ vhost: expect.anything() })]);
    const b = await host();
    b.broker.execute({ type: 'vhost.add', name: 'copy' });
    expect((await b.api.post('/api/definitions/copy', one)).status).toBe(204);
    expect(b.broker.vhost('copy')?.queues.has('jobs')).toBe(true);
  });

  test('an invalid file is refused whole, naming the problem', async () => {
    const a = await host();
    const r = await a.api.post('/api/definitions', { queues: [{ name: 'q', vhost: '/', durable: 'yes' }] });
    expect(r.status).toBe(400);
    expect((r.json as { reason: string }).reason).toContain('queues[0]');
    expect(a.broker.vhost('/')?.queues.has('q')).toBe(false);
  });

  test('only administrators may export or import', async () => {
    const a = await host();
    const { hashPassword } = await import('../../engine/core/users.ts');
    a.broker.execute({ type: 'user.add', name: 'mon', passwordHash: hashPassword('pw', a.broker.random), tags: ['management'] });
    a.broker.execute({ type: 'permission.set', user: 'mon', vhost: '/', configure: '.*', write: '.*', read: '.*' });
    const r = await a.api.as('mon', 'pw').get('/api/definitions');
    expect(r.status).toBe(403);
    expect(r.json).toEqual({ error: 'not_authorised', reason: 'Not administrator user' });
  });
});
