import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Broker } from '../../engine/core/broker.ts';
import type { WebHost } from '../../engine/adapters/http-host.ts';
import { hashPassword } from '../../engine/core/users.ts';
import { RecordingSink } from '../support/engine-harness.ts';
import type { Api } from './web-host-fixture.ts';
import { startTestHost } from './web-host-fixture.ts';
import {
  BINDING_FIELDS,
  CHANNEL_FIELDS,
  CONNECTION_FIELDS,
  EXCHANGE_FIELDS,
  GET_MESSAGE_FIELDS,
  OVERVIEW_FIELDS,
  QUEUE_FIELDS,
  VHOST_FIELDS,
  shapeMismatches,
} from './rabbitmq-shapes.ts';

let broker: Broker;
let host: WebHost;
let api: Api;
type Obj = Record<string, unknown>;

beforeAll(async () => {
  ({ broker, host, api } = await startTestHost());
  expect((await api.put('/api/exchanges/%2F/orders', { type: 'topic', durable: true })).status).toBe(201);
  expect((await api.put('/api/queues/%2F/orders.eu', { durable: true, arguments: { 'x-max-length': 100 } })).status).toBe(201);
  broker.execute({ type: 'binding.add', vhost: '/', source: 'orders', destination: 'orders.eu', destinationType: 'queue', routingKey: 'eu.#', arguments: {} });
  const conn = broker.connect({ user: 'guest', vhost: '/', kind: 'amqp', peerHost: '127.0.0.1', peerPort: 50123 });
  conn.openChannel(1, new RecordingSink()).confirmSelect();
});
afterAll(async () => host.close());

describe('authentication', () => {
  test('refuses a request without credentials with 401 and a challenge', async () => {
    const res = await fetch(new URL('/api/overview', host.url));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Basic');
    expect(await res.json()).toEqual({ error: 'not_authorized', reason: 'Login failed' });
  });

  test('refuses a wrong password', async () => {
    expect((await api.as('guest', 'nope').get('/api/overview')).status).toBe(401);
  });

  test('refuses a user without a management tag', async () => {
    broker.execute({ type: 'user.add', name: 'app', passwordHash: hashPassword('pw', broker.random), tags: [] });
    expect((await api.as('app', 'pw').get('/api/queues')).json).toEqual({ error: 'not_authorized', reason: 'Not management user' });
  });

  test('refuses a Host header that is not loopback (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      const req = request({ host: '127.0.0.1', port: host.port, path: '/api/overview', headers: { host: 'evil.example:15672' } }, (res) => resolve(res.statusCode ?? 0));
      req.end();
    });
    expect(status).toBe(403);
  });
});

describe('reading', () => {
  test('GET /api/overview has the documented fields and totals', async () => {
    const { json } = await api.get('/api/overview');
    expect(shapeMismatches(json, OVERVIEW_FIELDS)).toEqual([]);
    expect((json as Obj)['object_totals']).toMatchObject({ queues: 1, connections: 1, channels: 1 });
  });

  test('GET /api/queues, per vhost and one queue have the documented fields', async () => {
    const all = (await api.get('/api/queues')).json as Obj[];
    const inVhost = (await api.get('/api/queues/%2F')).json as Obj[];
    const one = (await api.get('/api/queues/%2F/orders.eu')).json as Obj;
    expect(all).toHaveLength(1);
    expect(inVhost).toEqual(all);
    expect(shapeMismatches(one, QUEUE_FIELDS)).toEqual([]);
    expect(one).toMatchObject({ name: 'orders.eu', vhost: '/', type: 'classic', arguments: { 'x-max-length': 100 }, messages: 0 });
    expect((one['message_stats'] as Obj)['publish_details']).toEqual({ rate: 0 });
  });

  test('GET /api/exchanges lists the pre-declared ones; amq.default names the default exchange', async () => {
    const all = (await api.get('/api/exchanges')).json as Obj[];
    expect(all.map((x) => x['name'])).toEqual(expect.arrayContaining(['', 'amq.direct', 'amq.topic', 'orders']));
    for (const x of all) expect(shapeMismatches(x, EXCHANGE_FIELDS)).toEqual([]);
    expect(((await api.get('/api/exchanges/%2F/amq.default')).json as Obj)['name']).toBe('');
    expect(((await api.get('/api/exchanges/%2F/orders')).json as Obj)['type']).toBe('topic');
  });

  test('GET /api/bindings includes the default-exchange binding of each queue', async () => {
    const all = (await api.get('/api/bindings')).json as Obj[];
    for (const b of all) expect(shapeMismatches(b, BINDING_FIELDS)).toEqual([]);
    expect(all).toContainEqual(expect.objectContaining({ source: '', destination: 'orders.eu', routing_key: 'orders.eu', properties_key: 'orders.eu' }));
    expect(all).toContainEqual(expect.objectContaining({ source: 'orders', destination: 'orders.eu', routing_key: 'eu.#', destination_type: 'queue' }));
  });

  test('GET /api/vhosts, /api/connections and /api/channels have the documented fields', async () => {
    const [v] = (await api.get('/api/vhosts')).json as Obj[];
    expect(shapeMismatches(v, VHOST_FIELDS)).toEqual([]);
    const [c] = (await api.get('/api/connections')).json as Obj[];
    expect(shapeMismatches(c, CONNECTION_FIELDS)).toEqual([]);
    expect(c).toMatchObject({ type: 'network', protocol: 'AMQP 0-9-1', peer_port: 50123 });
    const [ch] = (await api.get('/api/channels')).json as Obj[];
    expect(shapeMismatches(ch, CHANNEL_FIELDS)).toEqual([]);
    expect(ch).toMatchObject({ number: 1, confirm: true });
  });

  // Shapes as RabbitMQ 3.10.8 answers with management.rates_mode = detailed (checked against a live node).
  test('GET /api/channels/{name} lists publishes per exchange; GET /api/exchanges/{vhost}/{name} lists incoming per channel', async () => {
    const conn = broker.connect({ user: 'guest', vhost: '/', kind: 'amqp', name: '127.0.0.1:50200 -> 127.0.0.1:5672', peerHost: '127.0.0.1', peerPort: 50200 });
    const pub = conn.openChannel(1, new RecordingSink());
    const sub = conn.openChannel(2, new RecordingSink());
    try {
      pub.confirmSelect();
      for (let i = 0; i < 3; i++) pub.publish('orders', 'eu.de', false, {}, new Uint8Array(1));
      pub.publish('orders', 'us.ca', false, {}, new Uint8Array(1));
      pub.publish('amq.fanout', '', true, {}, new Uint8Array(1));
      sub.consume('orders.eu', 'c', false, false, {});
      sub.ack(2, true);
      const name = encodeURIComponent('127.0.0.1:50200 -> 127.0.0.1:5672 (1)');
      const detail = (await api.get(`/api/channels/${name}`)).json as Obj;
      expect(shapeMismatches(detail, CHANNEL_FIELDS)).toEqual([]);
      const stats = (publish: number, confirm: number, ret: number, drop: number) => ({
        publish, publish_details: { rate: 0 }, confirm, confirm_details: { rate: 0 },
        return_unroutable: ret, return_unroutable_details: { rate: 0 }, drop_unroutable: drop, drop_unroutable_details: { rate: 0 },
      });
      expect(detail['publishes']).toEqual([
        { exchange: { name: 'orders', vhost: '/' }, stats: stats(4, 4, 0, 1) },
        { exchange: { name: 'amq.fanout', vhost: '/' }, stats: stats(1, 1, 1, 0) },
      ]);
      const x = (await api.get('/api/exchanges/%2F/orders')).json as Obj;
      expect(x['incoming']).toEqual([
        { channel_details: { name: '127.0.0.1:50200 -> 127.0.0.1:5672 (1)', number: 1, node: 'rabbit@brokerlab', connection_name: '127.0.0.1:50200 -> 127.0.0.1:5672', peer_host: '127.0.0.1', peer_port: 50200, user: 'guest' }, stats: stats(4, 4, 0, 1) },
      ]);
      const list = (await api.get('/api/channels')).json as Obj[];
      const subJson = list.find((c) => c['name'] === '127.0.0.1:50200 -> 127.0.0.1:5672 (2)')!;
      expect(subJson['message_stats']).toMatchObject({ deliver: 3, deliver_get: 3, redeliver: 0, ack: 2, deliver_details: { rate: 0 }, ack_details: { rate: 0 } });
      expect((await api.get(`/api/channels/${encodeURIComponent('nobody (1)')}`)).status).toBe(404);
      sub.ack(3, false);
    } finally {
      conn.close();
    }
  });

  test('an unknown object is 404 with RabbitMQ error JSON', async () => {
    const r = await api.get('/api/queues/%2F/missing');
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ error: 'Object Not Found', reason: 'Not Found' });
    expect((await api.get('/api/nothing-here')).status).toBe(404);
  });
});

describe('messages', () => {
  test('publish answers routed true or false', async () => {
    const ok = await api.post('/api/exchanges/%2F/orders/publish', { routing_key: 'eu.de', payload: 'hello', payload_encoding: 'string', properties: { delivery_mode: 2, headers: { n: 1 } } });
    expect(ok.json).toEqual({ routed: true });
    const lost = await api.post('/api/exchanges/%2F/orders/publish', { routing_key: 'us.ca', payload: 'x', payload_encoding: 'string', properties: {} });
    expect(lost.json).toEqual({ routed: false });
  });

  test('get with ack_requeue_true returns the documented message and leaves it queued', async () => {
    const r = await api.post('/api/queues/%2F/orders.eu/get', { count: 5, ackmode: 'ack_requeue_true', encoding: 'auto', truncate: 50000 });
    const msgs = r.json as Obj[];
    expect(msgs).toHaveLength(1);
    expect(shapeMismatches(msgs[0], GET_MESSAGE_FIELDS)).toEqual([]);
    expect(msgs[0]).toMatchObject({ payload: 'hello', payload_encoding: 'string', exchange: 'orders', routing_key: 'eu.de', message_count: 0, properties: { delivery_mode: 2, headers: { n: 1 } } });
    expect(((await api.get('/api/queues/%2F/orders.eu')).json as Obj)['messages']).toBe(1);
  });

  test('get accepts counts as strings, as the management UI sends them; base64 on request', async () => {
    const r = await api.post('/api/queues/%2F/orders.eu/get', { count: '1', ackmode: 'ack_requeue_true', encoding: 'base64', truncate: '3' });
    expect((r.json as Obj[])[0]).toMatchObject({ payload: Buffer.from('hel').toString('base64'), payload_encoding: 'base64', payload_bytes: 5, redelivered: true });
  });

  test('a bad get body is 400 naming the field', async () => {
    const r = await api.post('/api/queues/%2F/orders.eu/get', { count: 1, ackmode: 'maybe' });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: 'bad_request', reason: expect.stringContaining('ackmode') });
  });

  test('DELETE contents purges ready messages', async () => {
    expect((await api.delete('/api/queues/%2F/orders.eu/contents')).status).toBe(204);
    expect(((await api.get('/api/queues/%2F/orders.eu')).json as Obj)['messages_ready']).toBe(0);
  });

  test('a broker refusal maps to RabbitMQ status and error', async () => {
    const r = await api.post('/api/exchanges/%2F/nope/publish', { routing_key: 'k', payload: 'x', payload_encoding: 'string', properties: {} });
    // As RabbitMQ 3.10.8 answers (management-oracle.test.ts): the channel error, as a 400.
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error: 'bad_request', reason: "404 NOT_FOUND - no exchange 'nope' in vhost '/'" });
    const bad = await api.put('/api/queues/%2F/orders.eu', { durable: true, arguments: { 'x-max-length': 5 } });
    expect(bad.status).toBe(400);
    expect((bad.json as Obj)['reason']).toContain("inequivalent arg 'x-max-length'");
  });
});

describe('/metrics', () => {
  test('serves Prometheus text with per-queue gauges and per-exchange counters', async () => {
    await api.post('/api/exchanges/%2F/orders/publish', { routing_key: 'eu.fr', payload: 'x', payload_encoding: 'string', properties: {} });
    const res = await fetch(new URL('/metrics', host.url));
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await res.text();
    expect(text).toContain('# TYPE rabbitmq_queue_messages_ready gauge');
    expect(text).toContain('rabbitmq_queue_messages_ready{vhost="/",queue="orders.eu"} 1');
    expect(text).toMatch(/rabbitmq_exchange_messages_published_in_total\{vhost="\/",exchange="orders"\} \d+/);
    expect(text).toContain('# TYPE rabbitmq_global_messages_received_total counter');
  });
});
