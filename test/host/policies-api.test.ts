import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { WebHost } from '../../engine/adapters/http-host.ts';
import type { Broker } from '../../engine/core/broker.ts';
import { parseInvoke } from '../../engine/host/contract.ts';
import { topologySnapshot } from '../../engine/host/topology-snapshot.ts';
import { describeCommand } from '../../renderer/src/model/event-log.ts';
import type { Api } from './web-host-fixture.ts';
import { startTestHost } from './web-host-fixture.ts';

let broker: Broker;
let host: WebHost;
let api: Api;

beforeAll(async () => {
  ({ broker, host, api } = await startTestHost());
  broker.execute({ type: 'vhost.add', name: 'other' });
  broker.execute({ type: 'queue.declare', vhost: '/', name: 'orders', durable: true, exclusive: false, autoDelete: false, arguments: { 'x-max-length': 100 } });
  broker.execute({ type: 'exchange.declare', vhost: '/', name: 'events', exchangeType: 'topic', durable: true, autoDelete: false, internal: false, arguments: {} });
  broker.execute({ type: 'policy.set', vhost: '/', name: 'cap', pattern: '^orders$', applyTo: 'queues', priority: 3, definition: { 'max-length': 10, 'ha-mode': 'all' } });
  broker.execute({ type: 'policy.set', vhost: '/', name: 'AE', pattern: '^events$', applyTo: 'exchanges', definition: { 'alternate-exchange': 'unrouted' } });
  broker.execute({ type: 'policy.set', vhost: 'other', name: 'ttl', pattern: '.*', definition: { 'message-ttl': 1000 } });
});
afterAll(async () => host.close());

describe('policies', () => {
  test('the topology snapshot lists each vhost policy and the policy in effect, with the effective limit', () => {
    const snap = topologySnapshot(broker);
    expect(snap.vhosts.find((v) => v.name === '/')!.policies).toEqual([
      { name: 'cap', pattern: '^orders$', applyTo: 'queues', priority: 3, definition: { 'max-length': 10, 'ha-mode': 'all' }, unmodelled: ['ha-mode'] },
      { name: 'AE', pattern: '^events$', applyTo: 'exchanges', priority: 0, definition: { 'alternate-exchange': 'unrouted' }, unmodelled: [] },
    ]);
    const q = snap.queues.find((x) => x.name === 'orders')!;
    expect([q.policy, q.maxLength, q.arguments]).toEqual(['cap', 10, { 'x-max-length': 100 }]);
    const x = snap.exchanges.find((e) => e.name === 'events')!;
    expect([x.policy, x.alternateExchange]).toEqual(['AE', 'unrouted']);
    expect(snap.exchanges.find((e) => e.name === 'amq.topic')!.policy).toBeUndefined();
  });

  test('GET /api/policies and /api/policies/{vhost} list them as RabbitMQ does; queues and exchanges name theirs', async () => {
    const all = await api.get('/api/policies');
    expect(all.status).toBe(200);
    expect((all.json as { vhost: string; name: string }[]).map((p) => `${p.vhost}:${p.name}`)).toEqual(['/:cap', '/:AE', 'other:ttl']);
    expect((await api.get('/api/policies/other')).json).toEqual([{ vhost: 'other', name: 'ttl', pattern: '.*', 'apply-to': 'all', definition: { 'message-ttl': 1000 }, priority: 0 }]);
    expect((await api.get('/api/policies/%2F/cap')).json).toMatchObject({ name: 'cap', 'apply-to': 'queues', priority: 3 });
    expect((await api.get('/api/queues/%2F/orders')).json).toMatchObject({ policy: 'cap' });
    expect((await api.get('/api/exchanges/%2F/events')).json).toMatchObject({ policy: 'AE' });
    expect((await api.get('/api/policies/nowhere')).status).toBe(404);
  });
});

describe('policy commands across the contract', () => {
  test('topology:apply accepts policy.set/clear and refuses a bad apply-to by name', () => {
    expect(parseInvoke('topology:apply', { type: 'policy.set', vhost: '/', name: 'p', pattern: '.*', applyTo: 'queues', priority: 2, definition: { 'max-length': 5 } }).ok).toBe(true);
    expect(parseInvoke('topology:apply', { type: 'policy.clear', vhost: '/', name: 'p' }).ok).toBe(true);
    const bad = parseInvoke('topology:apply', { type: 'policy.set', vhost: '/', name: 'p', pattern: '.*', applyTo: 'streams', definition: {} });
    expect(bad.ok ? '' : bad.error.message).toContain('applyTo');
  });

  test('a policy change reaches the event log as a line', () => {
    const c = { type: 'policy.set', vhost: '/', name: 'cap', pattern: '^orders$', applyTo: 'queues', priority: 3, definition: { 'max-length': 10 } } as const;
    expect(describeCommand(c).text).toBe("set policy 'cap' (pattern '^orders$', apply-to queues, priority 3) on vhost '/'");
    expect(describeCommand({ type: 'policy.clear', vhost: '/', name: 'cap' }).text).toBe("cleared policy 'cap' on vhost '/'");
  });
});
