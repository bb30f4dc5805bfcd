import { describe, expect, test } from 'vitest';
import { Broker } from '../../engine/core/broker.ts';
import { VirtualScheduler } from '../../engine/core/clock.ts';
import { importDefinitions } from '../../engine/sim/definitions/apply.ts';
import { exportDefinitions } from '../../engine/sim/definitions/export.ts';

/** A 3.x/4.x management export as operators write them: a DLX, a length limit and an HA leftover set by policy. */
const exported = {
  rabbit_version: '3.10.8',
  users: [],
  vhosts: [{ name: '/' }, { name: 'shop' }],
  permissions: [],
  policies: [
    { vhost: 'shop', name: 'DLX', pattern: '^orders\\.', 'apply-to': 'queues', definition: { 'dead-letter-exchange': 'dlx', 'dead-letter-routing-key': 'dead' }, priority: 7 },
    { vhost: 'shop', name: 'cap', pattern: '.*', 'apply-to': 'queues', definition: { 'max-length': 1000, 'ha-mode': 'all', 'ha-sync-mode': 'automatic' }, priority: 1 },
    { vhost: 'shop', name: 'AE', pattern: '^events$', 'apply-to': 'exchanges', definition: { 'alternate-exchange': 'unrouted' }, priority: 0 },
    { vhost: 'shop', name: 'log', pattern: '^log$', 'apply-to': 'streams', definition: { 'max-age': '1D' }, priority: 0 },
  ],
  queues: [
    { name: 'orders.new', vhost: 'shop', durable: true, auto_delete: false, arguments: { 'x-max-length': 50 } },
    { name: 'audit', vhost: 'shop', durable: true, auto_delete: false, arguments: {} },
  ],
  exchanges: [
    { name: 'events', vhost: 'shop', type: 'topic', durable: true, auto_delete: false, internal: false, arguments: {} },
    { name: 'unrouted', vhost: 'shop', type: 'fanout', durable: true, auto_delete: false, internal: false, arguments: {} },
  ],
  bindings: [],
};

const newBroker = (): Broker => new Broker({ scheduler: new VirtualScheduler(0), defaultUser: false });

describe('definitions.json policies', () => {
  test('import applies them: each queue and exchange gets its highest-priority match', () => {
    const b = newBroker();
    const r = importDefinitions(b, exported);
    const v = b.vhost('shop')!;
    expect([...v.policies.keys()]).toEqual(['DLX', 'cap', 'AE']);
    const orders = v.queues.get('orders.new')!;
    expect([orders.policy, orders.settings.deadLetterExchange, orders.settings.deadLetterRoutingKey, orders.settings.maxLength]).toEqual(['DLX', 'dlx', 'dead', 50]);
    const audit = v.queues.get('audit')!;
    expect([audit.policy, audit.settings.maxLength]).toEqual(['cap', 1000]);
    expect(v.exchanges.get('events')!.alternateExchange).toBe('unrouted');
    expect(r.warnings).toEqual([
      { path: 'policies[1].definition', message: 'ha-mode, ha-sync-mode kept but not modelled' },
      { path: 'policies[3].apply-to', message: 'stream queues are not supported by Brokerlab yet; skipped' },
    ]);
  });

  test('export writes them in the cluster shape and the single-vhost shape, and they round-trip', () => {
    const b = newBroker();
    importDefinitions(b, exported);
    const out = exportDefinitions(b, { flavour: 'core' });
    expect(out['policies']).toEqual(exported.policies.slice(0, 3));
    const single = exportDefinitions(b, { vhost: 'shop' });
    expect((single['policies'] as object[])[0]).toEqual({ name: 'DLX', pattern: '^orders\\.', 'apply-to': 'queues', definition: { 'dead-letter-exchange': 'dlx', 'dead-letter-routing-key': 'dead' }, priority: 7 });
    const b2 = newBroker();
    importDefinitions(b2, out);
    expect(exportDefinitions(b2, { flavour: 'core' })).toEqual(out);
    const b3 = newBroker();
    importDefinitions(b3, single, { vhost: 'copy' });
    expect(b3.vhost('copy')!.queues.get('audit')!.policy).toBe('cap');
  });

  test('a policy RabbitMQ would refuse fails the whole import at its path', () => {
    const b = newBroker();
    const file = { queues: [{ name: 'q', vhost: '/', arguments: {} }], policies: [{ vhost: '/', name: 'bad', pattern: '.*', definition: { 'max-length': -1 } }] };
    expect(() => importDefinitions(b, file)).toThrow(/policies\[0\].*-1 is not a valid maximum length/);
    expect(b.vhost('/')!.queues.has('q')).toBe(false);
  });
});
