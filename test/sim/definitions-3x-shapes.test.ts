import { describe, expect, test } from 'vitest';
import { Broker } from '../../engine/core/broker.ts';
import { VirtualScheduler } from '../../engine/core/clock.ts';
import { importDefinitions } from '../../engine/sim/definitions/apply.ts';

/**
 * Shapes real RabbitMQ 3.10.8 writes that the hand-written fixtures missed
 * (found by definitions-rabbitmq*.test.ts, which compare with a live node).
 */
const newBroker = (): Broker => new Broker({ scheduler: new VirtualScheduler(0), defaultUser: false });

const q = (name: string, vhost?: string): Record<string, unknown> => ({ name, ...(vhost === undefined ? {} : { vhost }), durable: true, auto_delete: false, arguments: {} });
const x = (name: string, vhost?: string): Record<string, unknown> => ({ name, ...(vhost === undefined ? {} : { vhost }), type: 'direct', durable: true, auto_delete: false, internal: false, arguments: {} });
const bind = (source: string, destination: string, destinationType: 'queue' | 'exchange', vhost?: string): Record<string, unknown> => ({
  source, ...(vhost === undefined ? {} : { vhost }), destination, destination_type: destinationType, routing_key: 'k', arguments: {},
});

describe('definitions.json as RabbitMQ 3.10.8 writes it', () => {
  test('rabbitmqctl export_definitions writes a vhost without limits as "limits": []; it loads', () => {
    const b = newBroker();
    const r = importDefinitions(b, { rabbit_version: '3.10.8', vhosts: [{ limits: [], metadata: { description: 'd', tags: [] }, name: 'v' }] });
    expect(r.warnings).toEqual([]);
    expect(b.vhost('v')!.description).toBe('d');
  });

  test('a core export keeps bindings of the internal exchanges it leaves out: they are skipped with a warning, the rest loads', () => {
    const b = newBroker();
    const file = {
      vhosts: [{ name: 'v' }],
      exchanges: [x('events', 'v')],
      queues: [q('work', 'v')],
      bindings: [bind('events', 'hidden', 'exchange', 'v'), bind('hidden', 'work', 'queue', 'v'), bind('events', 'work', 'queue', 'v'), bind('events', 'gone', 'queue', 'v')],
    };
    const r = importDefinitions(b, file);
    expect(r.warnings).toEqual([
      { path: 'bindings[0]', message: "destination exchange 'hidden' does not exist; skipped, as RabbitMQ does" },
      { path: 'bindings[1]', message: "source exchange 'hidden' does not exist; skipped, as RabbitMQ does" },
      { path: 'bindings[3]', message: "destination queue 'gone' does not exist; skipped, as RabbitMQ does" },
    ]);
    expect([...b.vhost('v')!.bindings.values()].map((bd) => `${bd.source}->${bd.destination}`)).toEqual(['events->work']);
  });

  test('a binding to an internal exchange the broker already has is kept', () => {
    const b = newBroker();
    b.execute({ type: 'exchange.declare', vhost: '/', name: 'hidden', exchangeType: 'direct', durable: true, autoDelete: false, internal: true, arguments: {} });
    const r = importDefinitions(b, { vhosts: [{ name: '/' }], exchanges: [x('events', '/')], bindings: [bind('events', 'hidden', 'exchange', '/')] });
    expect(r.warnings).toEqual([]);
    expect(b.vhost('/')!.bindings.size).toBe(1);
  });

  test('GET /api/definitions/{vhost} in 3.x names no format and leaves vhost on policies; it is recognised as single-vhost', () => {
    const file = {
      rabbit_version: '3.10.8',
      parameters: [],
      policies: [{ vhost: 'shop', name: 'DLX', pattern: '.*', 'apply-to': 'queues', definition: { 'dead-letter-exchange': 'dlx' }, priority: 0 }],
      queues: [q('work')],
      exchanges: [x('dlx')],
      bindings: [bind('dlx', 'work', 'queue')],
    };
    const into = newBroker();
    expect(importDefinitions(into, file, { vhost: 'copy' })).toMatchObject({ format: 'single_virtual_host', warnings: [] });
    expect(into.vhost('copy')!.queues.get('work')!.policy).toBe('DLX');
    const plain = newBroker();
    expect(importDefinitions(plain, file).format).toBe('single_virtual_host');
    expect(plain.vhost('/')!.queues.get('work')!.settings.deadLetterExchange).toBe('dlx');
  });

  test('imported into one vhost (POST /api/definitions/{vhost}), a cluster file gives only its vhost-scoped items, as RabbitMQ does', () => {
    const b = newBroker();
    const file = {
      users: [{ name: 'app', password_hash: '', tags: [] }],
      vhosts: [{ name: 'src' }],
      permissions: [{ user: 'app', vhost: 'src', configure: '.*', write: '.*', read: '.*' }],
      queues: [q('work', 'src')],
    };
    const r = importDefinitions(b, file, { vhost: 'dst' });
    expect(r.warnings).toEqual([
      { path: 'users', message: '1 ignored: a single-vhost import takes only policies, parameters, queues, exchanges and bindings' },
      { path: 'vhosts', message: '1 ignored: a single-vhost import takes only policies, parameters, queues, exchanges and bindings' },
      { path: 'permissions', message: '1 ignored: a single-vhost import takes only policies, parameters, queues, exchanges and bindings' },
    ]);
    expect([...b.vhosts.keys()]).toEqual(['/', 'dst']);
    expect(b.vhost('dst')!.queues.has('work')).toBe(true);
    expect(b.users.size).toBe(0);
  });
});
