/**
 * The management API side by side with RabbitMQ's own (Debian's 3.10.8 with
 * rabbitmq_management): the same definitions imported into both over
 * POST /api/definitions, the same requests sent to both, the answers compared.
 * Values must be equal; every field RabbitMQ has and Brokerlab lacks must be
 * one named below with the reason.
 */
import amqp from 'amqplib';
import type { Channel, ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AmqpListener } from '../../engine/adapters/tcp-listener.ts';
import { startAmqpListener } from '../../engine/adapters/tcp-listener.ts';
import type { WebHost } from '../../engine/adapters/http-host.ts';
import type { Broker } from '../../engine/core/broker.ts';
import type { RabbitmqNode } from '../support/rabbitmq-node.ts';
import { rabbitmqUnavailable, startRabbitmq } from '../support/rabbitmq-node.ts';
import { Api, startTestHost } from './web-host-fixture.ts';

type Obj = Record<string, unknown>;

/** Fields only RabbitMQ has, and why Brokerlab leaves them out. */
const RABBITMQ_ONLY: Record<string, string> = {
  garbage_collection: 'Erlang process garbage-collection settings: there is no Erlang process',
  reductions: 'Erlang reductions: there is no Erlang process',
  reductions_details: 'Erlang reductions: there is no Erlang process',
  release_series_support_status: "RabbitMQ's own release support status",
  // Quorum queues: Brokerlab runs one node, so there is no Raft cluster to describe.
  leader: 'Raft leader node of a quorum queue (one node here)',
  members: 'Raft members of a quorum queue (one node here)',
  online: 'Raft members online (one node here)',
  open_files: "a quorum queue's Erlang file handles",
  memory: "the queue's Erlang process memory: there is no process; message_bytes gives the bodies",
  backing_queue_status: "classic queue internals (RabbitMQ's q1-q4 and delta lists)",
  idle_since: 'Brokerlab does not track when a queue or channel last did something',
  single_active_consumer_ctag: "3.10's spelling for quorum queues only; Brokerlab gives single_active_consumer_tag for every queue type, as 3.10 does for classic queues",
  // A vhost's own totals: Brokerlab counts per broker, queue, exchange, connection and channel, not per vhost.
  message_stats: "per-vhost message totals (GET /api/overview has the broker's)",
  send_oct: "per-vhost socket totals (each connection has its own)",
  send_oct_details: "per-vhost socket totals (each connection has its own)",
  recv_oct: "per-vhost socket totals (each connection has its own)",
  recv_oct_details: "per-vhost socket totals (each connection has its own)",
};

/** Fields RABBITMQ_ONLY may excuse only on these paths (message_stats is required everywhere else). */
const ONLY_ON: Record<string, string> = { message_stats: '/api/vhosts/%2F' };

const DEFINITIONS = {
  users: [{ name: 'app', password_hash: 'kI3GCqW5JLMJa4iX1lo7X4D6XbYqlLgxIs30+P6tENUV2POR', hashing_algorithm: 'rabbit_password_hashing_sha256', tags: ['management'] }],
  vhosts: [{ name: '/' }, { name: 'shop' }],
  permissions: [
    { user: 'guest', vhost: '/', configure: '.*', write: '.*', read: '.*' },
    { user: 'guest', vhost: 'shop', configure: '.*', write: '.*', read: '.*' },
    { user: 'app', vhost: '/', configure: '^app\\.', write: '.*', read: '.*' },
  ],
  topic_permissions: [{ user: 'app', vhost: '/', exchange: 'orders', write: '^eu\\.', read: '.*' }],
  policies: [{ vhost: '/', name: 'cap', pattern: '^orders\\.', 'apply-to': 'queues', priority: 1, definition: { 'max-length': 50 } }],
  exchanges: [
    { name: 'orders', vhost: '/', type: 'topic', durable: true, auto_delete: false, internal: false, arguments: {} },
    { name: 'hdr', vhost: '/', type: 'headers', durable: true, auto_delete: false, internal: false, arguments: { 'alternate-exchange': 'orders' } },
  ],
  queues: [
    { name: 'orders.eu', vhost: '/', durable: true, auto_delete: false, arguments: { 'x-max-length': 100 } },
    { name: 'jobs', vhost: '/', durable: true, auto_delete: false, arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 5 } },
  ],
  bindings: [
    { source: 'orders', vhost: '/', destination: 'orders.eu', destination_type: 'queue', routing_key: 'eu.#', arguments: {} },
    { source: 'orders', vhost: '/', destination: 'jobs', destination_type: 'queue', routing_key: 'job s.~1', arguments: {} },
    { source: 'hdr', vhost: '/', destination: 'jobs', destination_type: 'queue', routing_key: '', arguments: { 'x-match': 'all', kind: 'job' } },
    { source: 'hdr', vhost: '/', destination: 'orders', destination_type: 'exchange', routing_key: 'x', arguments: { 'x-match': 'any', region: 'eu' } },
  ],
};

const skip = rabbitmqUnavailable();
let rabbit: RabbitmqNode;
let host: WebHost;
let broker: Broker;
let listener: AmqpListener;
let rmq: Api;
let bl: Api;
const clients: ChannelModel[] = [];

/** The same request to both; the two answers. */
async function both(method: string, path: string, body?: unknown): Promise<{ rmq: { status: number; json: unknown }; bl: { status: number; json: unknown } }> {
  const [a, b] = await Promise.all([rmq.request(method, path, body), bl.request(method, path, body)]);
  return { rmq: { status: a.status, json: a.json }, bl: { status: b.status, json: b.json } };
}

/** RabbitMQ's statistics arrive on its own interval: wait until `ready` holds for its answer to `path`. */
async function rabbitSettles(path: string, ready: (json: unknown) => boolean): Promise<unknown> {
  for (let i = 0; i < 120; i++) {
    const { json } = await rmq.get(path);
    if (ready(json)) return json;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`RabbitMQ's answer to ${path} never settled`);
}

/** RabbitMQ's fields that Brokerlab's object lacks, less the ones named in RABBITMQ_ONLY. */
function missingFields(path: string, rabbitObj: unknown, ours: unknown): string[] {
  const theirs = Object.keys((rabbitObj ?? {}) as Obj);
  const have = new Set(Object.keys((ours ?? {}) as Obj));
  const excused = (k: string): boolean => k in RABBITMQ_ONLY && (ONLY_ON[k] === undefined || ONLY_ON[k] === path);
  return theirs.filter((k) => !have.has(k) && !excused(k));
}

/**
 * Hashes made on each broker differ by their random salt: the default `guest`
 * user's, and `nohash`'s (made without a password: RabbitMQ stores a hash no
 * password matches, Brokerlab an empty one; neither can log in by password).
 */
function withoutSaltedHashes(json: unknown): unknown {
  const blank = (u: Obj): Obj => (u['name'] === 'guest' || u['name'] === 'nohash' ? { ...u, password_hash: '<random salt>' } : u);
  return Array.isArray(json) ? (json as Obj[]).map(blank) : json;
}

/**
 * RabbitMQ 3.10 writes `x-delivery-count: 0` on a quorum queue's first
 * delivery; 4.x (the semantics Brokerlab follows) only on redeliveries.
 */
function without310DeliveryCountZero(json: unknown): unknown {
  return (json as Obj[]).map((m) => {
    const props = m['properties'] as Obj;
    const headers = props['headers'] as Obj | undefined;
    if (headers?.['x-delivery-count'] !== 0) return m;
    const { 'x-delivery-count': _zero, ...rest } = headers;
    return { ...m, properties: { ...props, headers: rest } };
  });
}

function byKey(list: unknown, key: (o: Obj) => string): Obj[] {
  return [...(list as Obj[])].sort((a, b) => key(a).localeCompare(key(b)));
}

describe.skipIf(skip !== undefined)(`the management API beside RabbitMQ's${skip ? ` (${skip})` : ''}`, () => {
  beforeAll(async () => {
    [rabbit, { host, broker }] = await Promise.all([startRabbitmq({ management: true, config: ['collect_statistics_interval = 500'] }), startTestHost()]);
    rmq = new Api(rabbit.managementUrl!);
    bl = new Api(host.url);
    const imported = await both('POST', '/api/definitions', DEFINITIONS);
    expect(imported.rmq.status).toBe(204);
    expect(imported.bl.status).toBe(204);
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    await listener?.close();
    await host?.close();
    await rabbit?.stop();
  });

  test('policies, topic permissions, users and permissions read back the same', async () => {
    for (const path of ['/api/policies', '/api/topic-permissions', '/api/whoami', '/api/users', '/api/users/app', '/api/permissions', '/api/permissions/%2F/app', '/api/users/app/permissions', '/api/vhosts/shop/permissions']) {
      const r = await both('GET', path);
      expect({ ...r.bl, json: withoutSaltedHashes(r.bl.json) }, path).toEqual({ ...r.rmq, json: withoutSaltedHashes(r.rmq.json) });
    }
  });

  test('bindings: the same list, with RabbitMQ\'s URL-safe properties keys', async () => {
    const r = await both('GET', '/api/bindings/%2F');
    const key = (o: Obj): string => `${String(o['source'])}|${String(o['destination'])}|${String(o['routing_key'])}`;
    const strip = (list: Obj[]): Obj[] => list.map((o) => ({ ...o, properties_key: String(o['properties_key']).replace(/~.+$/, '~<args hash>') }));
    // The arguments hash after `~` is RabbitMQ's erlang:phash2 of an Erlang term: an opaque token, compared up to it.
    expect(strip(byKey(r.bl.json, key))).toEqual(strip(byKey(r.rmq.json, key)));
    const keys = (r.rmq.json as Obj[]).map((o) => o['properties_key']);
    expect(keys).toContain('eu.%23');
    expect(keys).toContain('job+s.%7E1');
  });

  test('publishing through the management API routes the same, and a get returns the same messages', async () => {
    const publishes: [string, Obj][] = [
      ['orders', { routing_key: 'eu.de', payload: 'hello', payload_encoding: 'string', properties: { delivery_mode: 2, headers: { n: 1 } } }],
      ['orders', { routing_key: 'us.x', payload: 'lost', payload_encoding: 'string', properties: {} }],
      ['hdr', { routing_key: 'eu.ae', payload: 'via the alternate exchange', payload_encoding: 'string', properties: { headers: { kind: 'other' } } }],
      ['hdr', { routing_key: '', payload: 'a job', payload_encoding: 'string', properties: { headers: { kind: 'job' }, priority: 3 } }],
    ];
    for (const [x, body] of publishes) {
      const r = await both('POST', `/api/exchanges/%2F/${x}/publish`, body);
      expect(r.bl, JSON.stringify(body)).toEqual(r.rmq);
    }
    for (const q of ['orders.eu', 'jobs']) {
      const get = { count: 5, ackmode: 'ack_requeue_true', encoding: 'auto', truncate: 50000 };
      const first = await both('POST', `/api/queues/%2F/${q}/get`, get);
      expect(first.bl, q).toEqual({ ...first.rmq, json: without310DeliveryCountZero(first.rmq.json) });
      const again = await both('POST', `/api/queues/%2F/${q}/get`, get); // requeued: now redelivered
      expect(again.bl, q).toEqual(again.rmq);
    }
  });

  test('errors come back with the same status and words', async () => {
    const cases: [string, string, unknown][] = [
      ['GET', '/api/queues/%2F/nope', undefined],
      ['GET', '/api/users/nobody', undefined],
      ['PUT', '/api/queues/%2F/orders.eu', { durable: true, arguments: { 'x-max-length': 5 } }],
      ['POST', '/api/exchanges/%2F/nope/publish', { routing_key: 'k', payload: 'x', payload_encoding: 'string', properties: {} }],
    ];
    for (const [method, path, body] of cases) {
      const r = await both(method, path, body);
      expect(r.bl, `${method} ${path}`).toEqual(r.rmq);
    }
  });

  test('queues, exchanges, vhosts, the overview, connections and channels carry every field RabbitMQ\'s do', async () => {
    listener = await startAmqpListener(broker, { port: 0 });
    for (const url of [rabbit.url, `amqp://guest:guest@127.0.0.1:${listener.port}`]) {
      const c = await amqp.connect(url);
      clients.push(c);
      const ch: Channel = await c.createChannel();
      await ch.prefetch(5);
      await ch.consume('orders.eu', () => undefined, { noAck: false });
      ch.publish('orders', 'eu.fr', Buffer.from('x'));
    }
    const queue = (json: unknown): boolean => typeof json === 'object' && json !== null && 'messages' in json && 'message_stats' in json && (json as Obj)['consumers'] === 1;
    const pairs: [string, (json: unknown) => boolean, (json: unknown) => unknown][] = [
      ['/api/queues/%2F/orders.eu', queue, (j) => j],
      ['/api/queues/%2F/jobs', (j) => typeof j === 'object' && j !== null && 'messages' in j, (j) => j],
      ['/api/exchanges/%2F/orders', (j) => typeof j === 'object' && j !== null && 'message_stats' in j, (j) => j],
      ['/api/vhosts/%2F', (j) => typeof j === 'object' && j !== null && 'messages' in j, (j) => j],
      ['/api/overview', (j) => typeof j === 'object' && j !== null && 'message_stats' in j, (j) => j],
      ['/api/connections', (j) => Array.isArray(j) && j.length === 1 && 'channels' in (j[0] as Obj), (j) => (j as Obj[])[0]],
      ['/api/channels', (j) => Array.isArray(j) && j.length === 1 && 'consumer_count' in (j[0] as Obj), (j) => (j as Obj[])[0]],
    ];
    const missing: Record<string, string[]> = {};
    for (const [path, ready, pick] of pairs) {
      const theirs = pick(await rabbitSettles(path, ready));
      const ours = pick((await bl.get(path)).json);
      const m = missingFields(path, theirs, ours);
      if (m.length > 0) missing[path] = m;
      if (path.startsWith('/api/queues/')) {
        // The same queue, the same state: compare what both know, not only that the fields exist.
        const same = ['name', 'vhost', 'type', 'durable', 'auto_delete', 'exclusive', 'arguments', 'policy', 'effective_policy_definition', 'consumers', 'messages_ready', 'messages_unacknowledged', 'messages_persistent', 'message_bytes_persistent', 'message_bytes'];
        const pickSame = (o: unknown): Obj => Object.fromEntries(same.map((k) => [k, (o as Obj)[k]]));
        expect(pickSame(ours), path).toEqual(pickSame(theirs));
        const consumer = (o: unknown): Obj => {
          const c = ((o as Obj)['consumer_details'] as Obj[])[0] ?? {};
          return { ack_required: c['ack_required'], active: c['active'], activity_status: c['activity_status'], exclusive: c['exclusive'], prefetch_count: c['prefetch_count'], queue: c['queue'], keys: Object.keys(c).sort() };
        };
        expect(consumer(ours), path).toEqual(consumer(theirs));
      }
    }
    expect(missing).toEqual({});
  });

  test('admin writes (vhosts, users, permissions, topic permissions, policies, bindings) answer and apply the same', async () => {
    const steps: [string, string, unknown?][] = [
      ['PUT', '/api/vhosts/extra', {}],
      ['PUT', '/api/vhosts/extra', {}],
      ['PUT', '/api/users/ops', { password: 's3cret', tags: 'monitoring,policymaker' }],
      ['PUT', '/api/users/ops', { password_hash: 'kI3GCqW5JLMJa4iX1lo7X4D6XbYqlLgxIs30+P6tENUV2POR', tags: ['management'] }],
      ['PUT', '/api/users/nohash', { tags: '' }],
      ['PUT', '/api/permissions/extra/ops', { configure: '.*', write: '.*', read: '^ops' }],
      ['PUT', '/api/permissions/extra/ops', { configure: '', write: '.*', read: '^ops' }],
      ['PUT', '/api/permissions/extra/nobody', { configure: '.*', write: '.*', read: '.*' }],
      ['PUT', '/api/topic-permissions/%2F/ops', { exchange: 'orders', write: '^a', read: '.*' }],
      ['PUT', '/api/policies/%2F/ttl', { pattern: '^jobs$', definition: { 'message-ttl': 1000 }, 'apply-to': 'queues', priority: 2 }],
      ['PUT', '/api/policies/%2F/ttl', { pattern: '^jobs$', definition: { 'message-ttl': 2000 }, 'apply-to': 'queues', priority: 2 }],
      ['POST', '/api/bindings/%2F/e/orders/q/jobs', { routing_key: 'a.#', arguments: {} }],
      ['POST', '/api/bindings/%2F/e/orders/e/hdr', { routing_key: 'to hdr', arguments: {} }],
      ['POST', '/api/bindings/%2F/e/orders/q/missing', { routing_key: 'x' }],
    ];
    for (const [method, path, body] of steps) {
      const [a, b] = await Promise.all([rmq.request(method, path, body), bl.request(method, path, body)]);
      const answer = (x: { status: number; json: unknown; headers: Headers }): Obj => ({ status: x.status, location: x.headers.get('location'), ...(x.status >= 400 && { json: x.json }) });
      expect(answer(b), `${method} ${path}`).toEqual(answer(a));
    }
    const stripOne = (o: Obj): Obj => ('properties_key' in o ? { ...o, properties_key: String(o['properties_key']).replace(/~.+$/, '~<args hash>') } : o);
    const strip = (json: unknown): unknown => (Array.isArray(json) ? json.map(stripOne) : typeof json === 'object' && json !== null ? stripOne(json as Obj) : json);
    const reads = [
      '/api/vhosts/extra/permissions',
      '/api/users/ops/permissions',
      '/api/topic-permissions/%2F/ops',
      '/api/policies/%2F/ttl',
      '/api/bindings/%2F/e/orders/q/jobs',
      '/api/bindings/%2F/e/orders/e/hdr',
      '/api/bindings/%2F/e/orders/q/jobs/a.%2523',
      '/api/exchanges/%2F/orders/bindings/source',
      '/api/exchanges/%2F/orders/bindings/destination',
      '/api/queues/%2F/jobs/bindings',
    ];
    for (const path of reads) {
      const r = await both('GET', path);
      expect({ ...r.bl, json: strip(r.bl.json) }, path).toEqual({ ...r.rmq, json: strip(r.rmq.json) });
    }
    const ops = await both('GET', '/api/users/ops');
    expect((ops.bl.json as Obj)['tags']).toEqual((ops.rmq.json as Obj)['tags']);
    const teardown: [string, string][] = [
      ['DELETE', '/api/bindings/%2F/e/orders/q/jobs/a.%2523'],
      ['DELETE', '/api/bindings/%2F/e/orders/q/jobs/a.%2523'],
      ['DELETE', '/api/policies/%2F/ttl'],
      ['DELETE', '/api/topic-permissions/%2F/ops'],
      ['DELETE', '/api/permissions/extra/ops'],
      ['DELETE', '/api/permissions/extra/ops'],
      ['DELETE', '/api/users/ops'],
      ['DELETE', '/api/users/ops'],
      ['DELETE', '/api/vhosts/extra'],
      ['DELETE', '/api/vhosts/extra'],
    ];
    for (const [method, path] of teardown) {
      const r = await both(method, path);
      expect(r.bl.status, `${method} ${path}`).toBe(r.rmq.status);
    }
    for (const path of ['/api/bindings/%2F/e/orders/q/jobs', '/api/policies', '/api/users']) {
      const r = await both('GET', path);
      expect({ ...r.bl, json: withoutSaltedHashes(strip(r.bl.json)) }, path).toEqual({ ...r.rmq, json: withoutSaltedHashes(strip(r.rmq.json)) });
    }
  });
});
