import { describe, expect, test } from 'vitest';
import { Broker } from '../../engine/core/broker.ts';
import { VirtualScheduler } from '../../engine/core/clock.ts';
import { importDefinitions } from '../../engine/sim/definitions/apply.ts';
import { exportDefinitions } from '../../engine/sim/definitions/export.ts';
import { planDefinitions } from '../../engine/sim/definitions/import.ts';

/** The shape of rabbitmq-server's definition_import_SUITE case1.json, as a 4.2 core export writes it. */
const clusterFile = {
  rabbit_version: '4.2.0',
  rabbitmq_version: '4.2.0',
  users: [{ name: 'app', password_hash: 'yzziNyeQBrfr0UmXEBr+K8zVO9+9wBKGOuI15/cAJ4Pp4AKF', hashing_algorithm: 'rabbit_password_hashing_sha256', tags: 'management,policymaker', limits: {} }],
  vhosts: [
    { name: '/', limits: {}, metadata: { description: '', tags: [], default_queue_type: 'undefined' } },
    { name: 'orders', limits: {}, metadata: { description: 'order flow', tags: ['prod'], default_queue_type: 'quorum' } },
  ],
  permissions: [{ user: 'app', vhost: 'orders', configure: '.*', write: '.*', read: '.*' }],
  topic_permissions: [],
  parameters: [],
  global_parameters: [{ name: 'cluster_name', value: 'rabbit@x' }],
  policies: [{ vhost: 'orders', name: 'DLX', pattern: '.*', 'apply-to': 'queues', priority: 7, definition: { 'dead-letter-exchange': 'dlx' } }],
  queues: [
    { name: 'orders', vhost: 'orders', type: 'quorum', durable: true, auto_delete: false, arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 20 } },
    { name: 'audit', vhost: 'orders', type: 'stream', durable: true, auto_delete: false, arguments: { 'x-queue-type': 'stream' } },
    { name: 'work', vhost: '/', durable: true, auto_delete: false, arguments: { 'x-max-length': 100 } },
  ],
  exchanges: [
    { name: 'events', vhost: 'orders', type: 'topic', durable: true, auto_delete: false, internal: false, arguments: {} },
    { name: 'amq.topic', vhost: 'orders', type: 'topic', durable: true, auto_delete: false, internal: false, arguments: {} },
    { name: 'delayed', vhost: 'orders', type: 'x-delayed-message', durable: true, auto_delete: false, arguments: { 'x-delayed-type': 'direct' } },
  ],
  bindings: [
    { source: 'events', vhost: 'orders', destination: 'orders', destination_type: 'queue', routing_key: 'order.#', arguments: {} },
    { source: 'events', vhost: 'orders', destination: 'audit', destination_type: 'queue', routing_key: '#', arguments: {} },
  ],
};

const newBroker = (): Broker => new Broker({ scheduler: new VirtualScheduler(0) });

describe('definitions.json', () => {
  describe('import', () => {
    test('loads a 4.x cluster export and skips what the engine does not model, with warnings', () => {
      const b = newBroker();
      const r = importDefinitions(b, clusterFile);
      expect(r).toMatchObject({ format: 'cluster', version: '4.2.0' });
      expect(b.vhost('orders')!.queues.get('orders')!.type).toBe('quorum');
      expect(b.vhost('orders')!.defaultQueueType).toBe('quorum');
      expect(b.vhost('/')!.defaultQueueType).toBe('classic');
      expect(b.users.get('app')!.tags).toEqual(['management', 'policymaker']);
      expect(b.vhost('orders')!.bindings.size).toBe(1);
      expect(r.warnings.map((w) => w.path)).toEqual(['global_parameters', 'exchanges[1]', 'exchanges[2].type', 'queues[1]', 'bindings[1]']);
    });

    test('normalises default_queue_type "undefined" (rabbitmq-server#10468)', () => {
      const plan = planDefinitions({ vhosts: [{ name: 'v', metadata: { default_queue_type: 'undefined' } }] });
      expect(plan.ok && plan.commands[0]!.command).toEqual({ type: 'vhost.add', name: 'v' });
    });

    test('imports a single-vhost file into the chosen vhost', () => {
      const b = newBroker();
      const file = { rabbitmq_version: '4.2.0', rabbitmq_definition_format: 'single_virtual_host', original_vhost_name: 'src', queues: [{ name: 'q', durable: true, auto_delete: false, arguments: {} }], exchanges: [], bindings: [] };
      importDefinitions(b, file, { vhost: 'dst' });
      expect(b.vhost('dst')!.queues.has('q')).toBe(true);
      expect(b.vhost('src')).toBeUndefined();
    });

    test('leaves existing queues untouched', () => {
      const b = newBroker();
      b.execute({ type: 'queue.declare', vhost: '/', name: 'work', durable: true, exclusive: false, autoDelete: false, arguments: {} });
      const r = importDefinitions(b, { queues: [{ name: 'work', vhost: '/', durable: false, arguments: { 'x-max-length': 1 } }] });
      expect(r.applied).toBe(0);
      expect(r.warnings).toEqual([{ path: 'queues[0]', message: 'already exists; left untouched' }]);
      expect(b.vhost('/')!.queues.get('work')!.durable).toBe(true);
    });

    test('applies nothing when any command would fail', () => {
      const b = newBroker();
      const file = { queues: [{ name: 'good', vhost: '/', arguments: {} }, { name: 'bad', vhost: '/', arguments: { 'x-max-length': 'lots' } }] };
      expect(() => importDefinitions(b, file)).toThrow(/queues\[1\]\.arguments\.x-max-length: PRECONDITION_FAILED/);
      expect(b.vhost('/')!.queues.has('good')).toBe(false);
    });

    test('names the path of a malformed entry', () => {
      const plan = planDefinitions({ bindings: [{ source: 'x', destination: 'q', destination_type: 'topic' }] });
      expect(plan.ok ? [] : plan.issues).toEqual([{ path: 'bindings[0].destination_type', message: 'must be "queue" or "exchange"' }]);
    });
  });

  describe('export', () => {
    function brokerWithTopology(): Broker {
      const b = newBroker();
      importDefinitions(b, clusterFile);
      const conn = b.connect({ user: '', vhost: 'orders', kind: 'simulated' });
      b.execute({ type: 'queue.declare', vhost: 'orders', name: 'mine', durable: false, exclusive: true, autoDelete: false, arguments: { 'x-queue-type': 'classic' } }, { connectionId: conn.id });
      b.execute({ type: 'binding.add', vhost: 'orders', source: 'events', destination: 'mine', destinationType: 'queue', routingKey: '#', arguments: {} });
      b.execute({ type: 'exchange.declare', vhost: 'orders', name: 'hidden', exchangeType: 'fanout', durable: true, autoDelete: false, internal: true, arguments: {} });
      return b;
    }

    test('writes the 4.2 HTTP cluster shape without exclusive queues, amq.* or internal exchanges', () => {
      const out = exportDefinitions(brokerWithTopology());
      expect(Object.keys(out)).toEqual([
        'rabbit_version', 'rabbitmq_version', 'product_name', 'product_version', 'rabbitmq_definition_format', 'original_cluster_name', 'explanation',
        'users', 'vhosts', 'permissions', 'topic_permissions', 'parameters', 'global_parameters', 'policies', 'queues', 'exchanges', 'bindings',
      ]);
      expect(out['queues']).toEqual([
        { name: 'work', vhost: '/', type: 'classic', durable: true, auto_delete: false, arguments: { 'x-max-length': 100 } },
        { name: 'orders', vhost: 'orders', type: 'quorum', durable: true, auto_delete: false, arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 20 } },
      ]);
      expect(out['exchanges']).toEqual([{ name: 'events', vhost: 'orders', type: 'topic', durable: true, auto_delete: false, arguments: {} }]);
      expect(out['bindings']).toEqual([{ source: 'events', vhost: 'orders', destination: 'orders', destination_type: 'queue', routing_key: 'order.#', arguments: {} }]);
    });

    test('writes the 3.13 HTTP shape: internal flag, no queue type, no format keys', () => {
      const out = exportDefinitions(brokerWithTopology(), { rabbitmqVersion: '3.13.7' });
      expect(out['rabbitmq_definition_format']).toBeUndefined();
      expect((out['queues'] as object[])[0]).not.toHaveProperty('type');
      expect(out['exchanges']).toContainEqual({ name: 'hidden', vhost: 'orders', type: 'fanout', durable: true, auto_delete: false, internal: true, arguments: {} });
    });

    test('writes a single-vhost export without per-item vhosts', () => {
      const out = exportDefinitions(brokerWithTopology(), { vhost: 'orders' });
      expect(out).toMatchObject({ rabbitmq_definition_format: 'single_virtual_host', original_vhost_name: 'orders' });
      expect(out['queues']).toEqual([{ name: 'orders', type: 'quorum', durable: true, auto_delete: false, arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 20 } }]);
      expect(out).not.toHaveProperty('users');
    });

    test('round-trips: what it exports imports into a blank broker and exports the same', () => {
      const first = exportDefinitions(brokerWithTopology(), { flavour: 'core' });
      const b2 = new Broker({ scheduler: new VirtualScheduler(0), defaultUser: false });
      importDefinitions(b2, first);
      expect(exportDefinitions(b2, { flavour: 'core' })).toEqual(first);
    });
  });
});
