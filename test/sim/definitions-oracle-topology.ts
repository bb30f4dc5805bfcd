/**
 * One rich topology, written once as data and built two ways: in Brokerlab
 * through its Commands, and on a real RabbitMQ through rabbitmqctl and
 * amqplib, as operators do. Plus the messages both brokers are sent and where
 * they must land, so "unchanged" is checked as behaviour too.
 */
import { isDeepStrictEqual } from 'node:util';
import amqp from 'amqplib';
import type { Options } from 'amqplib';
import type { Broker } from '../../engine/core/broker.ts';
import type { Command, DestinationType, QueueType } from '../../engine/core/commands.ts';
import type { FieldTable } from '../../engine/core/field-value.ts';
import { SHA256_ALGORITHM, hashPassword } from '../../engine/core/users.ts';
import type { RabbitmqNode } from '../support/rabbitmq-node.ts';
import { managementApi } from './definitions-oracle.ts';

export const SHOP = 'shop';

export const VHOST = { name: SHOP, description: 'shop floor', tags: ['prod', 'eu'], defaultQueueType: 'classic' as QueueType };
export const USERS = [
  { name: 'app', password: 'app-secret', tags: ['management', 'policymaker'] },
  { name: 'ops', password: 'ops-secret', tags: ['administrator'] },
];
export const PERMISSIONS = [
  { user: 'app', vhost: SHOP, configure: '^app\\.', write: '.*', read: '.*' },
  { user: 'ops', vhost: SHOP, configure: '.*', write: '.*', read: '.*' },
  { user: 'ops', vhost: '/', configure: '.*', write: '.*', read: '.*' },
];
export const TOPIC_PERMISSIONS = [{ user: 'app', vhost: SHOP, exchange: 'events', write: '^(orders|audit)\\.', read: '.*' }];
export const POLICIES = [
  { vhost: SHOP, name: 'DLX', pattern: '^work\\.', applyTo: 'queues' as const, priority: 5, definition: { 'dead-letter-exchange': 'dlx' } },
  { vhost: SHOP, name: 'AE', pattern: '^direct-in$', applyTo: 'exchanges' as const, priority: 0, definition: { 'alternate-exchange': 'unrouted' } },
  { vhost: '/', name: 'cap', pattern: '.*', applyTo: 'all' as const, priority: 1, definition: { 'max-length': 1000, 'message-ttl': 600000 } },
];

interface ExchangeSpec { vhost: string; name: string; type: string; durable: boolean; autoDelete: boolean; internal: boolean; arguments: FieldTable }
const exchange = (name: string, type: string, o: Partial<ExchangeSpec> = {}): ExchangeSpec => ({ vhost: SHOP, name, type, durable: true, autoDelete: false, internal: false, arguments: {}, ...o });
export const EXCHANGES: ExchangeSpec[] = [
  exchange('events', 'topic'),
  exchange('fan', 'fanout', { durable: false, autoDelete: true }),
  exchange('hidden', 'direct', { internal: true }),
  exchange('hdrs', 'headers'),
  exchange('unrouted', 'fanout'),
  exchange('direct-in', 'direct', { arguments: { 'alternate-exchange': 'unrouted' } }),
  exchange('dlx', 'fanout'),
  exchange('plain', 'direct', { vhost: '/' }),
];

interface QueueSpec { vhost: string; name: string; durable: boolean; autoDelete: boolean; arguments: FieldTable }
const queue = (name: string, args: FieldTable = {}, o: Partial<QueueSpec> = {}): QueueSpec => ({ vhost: SHOP, name, durable: true, autoDelete: false, arguments: args, ...o });
export const QUEUES: QueueSpec[] = [
  queue('work.orders', { 'x-message-ttl': 60000, 'x-max-length': 3, 'x-overflow': 'drop-head' }),
  queue('work.capped', { 'x-max-length-bytes': 1000000, 'x-overflow': 'reject-publish', 'x-dead-letter-exchange': 'dlx', 'x-dead-letter-routing-key': 'dead' }),
  queue('prio', { 'x-max-priority': 10, 'x-expires': 3600000, 'x-single-active-consumer': true }),
  queue('transient', {}, { durable: false, autoDelete: true }),
  queue('quorum', { 'x-queue-type': 'quorum', 'x-delivery-limit': 5 }),
  queue('dead'),
  queue('lost'),
  queue('h.all'),
  queue('h.any'),
  queue('plain.q', {}, { vhost: '/' }),
];

interface BindingSpec { vhost: string; source: string; destination: string; destinationType: DestinationType; routingKey: string; arguments: FieldTable }
const bind = (source: string, destination: string, routingKey: string, o: Partial<BindingSpec> = {}): BindingSpec => ({ vhost: SHOP, source, destination, destinationType: 'queue', routingKey, arguments: {}, ...o });
export const BINDINGS: BindingSpec[] = [
  bind('events', 'hidden', 'orders.#', { destinationType: 'exchange' }),
  bind('hidden', 'work.orders', 'orders.new'),
  bind('events', 'quorum', '#.eu'),
  bind('events', 'fan', 'audit.*', { destinationType: 'exchange' }),
  bind('fan', 'transient', ''),
  bind('fan', 'prio', ''),
  bind('direct-in', 'work.capped', 'capped'),
  bind('dlx', 'dead', ''),
  bind('unrouted', 'lost', ''),
  bind('hdrs', 'h.all', '', { arguments: { 'x-match': 'all', region: 'eu', kind: 'order' } }),
  bind('hdrs', 'h.any', '', { arguments: { 'x-match': 'any', region: 'us', priority: 1 } }),
  bind('plain', 'plain.q', 'k', { vhost: '/' }),
];

/** The internal exchange or a binding to or from it: what files that leave internal exchanges out lose. */
export const touchesHidden = (i: Record<string, unknown>): boolean => i['name'] === 'hidden' || i['source'] === 'hidden' || i['destination'] === 'hidden';

/** Build the topology in Brokerlab, one Command at a time. */
export function buildInBrokerlab(broker: Broker): void {
  const run = (c: Command): void => void broker.execute(c);
  run({ type: 'vhost.add', ...VHOST });
  for (const u of USERS) run({ type: 'user.add', name: u.name, passwordHash: hashPassword(u.password, broker.random), hashingAlgorithm: SHA256_ALGORITHM, tags: u.tags });
  for (const p of PERMISSIONS) run({ type: 'permission.set', ...p });
  for (const p of TOPIC_PERMISSIONS) run({ type: 'topic-permission.set', ...p });
  for (const p of POLICIES) run({ type: 'policy.set', ...p });
  for (const x of EXCHANGES) run({ type: 'exchange.declare', vhost: x.vhost, name: x.name, exchangeType: x.type, durable: x.durable, autoDelete: x.autoDelete, internal: x.internal, arguments: x.arguments });
  for (const q of QUEUES) run({ type: 'queue.declare', vhost: q.vhost, name: q.name, durable: q.durable, exclusive: false, autoDelete: q.autoDelete, arguments: q.arguments });
  for (const b of BINDINGS) run({ type: 'binding.add', ...b });
}

/**
 * Build the same topology on RabbitMQ as operators do: each kind of access and
 * policy setting once through rabbitmqctl (add_vhost, add_user, set_user_tags,
 * set_permissions, set_topic_permissions, set_policy), the rest through the
 * management API (each rabbitmqctl call boots a VM: about 1.5 s of CPU), and
 * exchanges, queues and bindings declared over AMQP with amqplib.
 */
export async function buildInRabbitmq(node: RabbitmqNode): Promise<void> {
  const api = managementApi(node);
  const [user, ...users] = USERS;
  const [permission, ...permissions] = PERMISSIONS;
  const [policy, ...policies] = POLICIES;
  const path = (...parts: string[]): string => parts.map(encodeURIComponent).join('/');
  await Promise.all([
    node.ctl(['add_vhost', SHOP, '--description', VHOST.description, '--tags', VHOST.tags.join(','), '--default-queue-type', VHOST.defaultQueueType]),
    node.ctl(['add_user', user!.name, user!.password]),
    ...users.map((u) => api.send('PUT', `/api/users/${path(u.name)}`, { password: u.password, tags: u.tags.join(',') })),
  ]);
  await Promise.all([
    node.ctl(['set_user_tags', user!.name, ...user!.tags]),
    node.ctl(['set_permissions', '-p', permission!.vhost, permission!.user, permission!.configure, permission!.write, permission!.read]),
    ...permissions.map((p) => api.send('PUT', `/api/permissions/${path(p.vhost, p.user)}`, { configure: p.configure, write: p.write, read: p.read })),
    ...TOPIC_PERMISSIONS.map((p) => node.ctl(['set_topic_permissions', '-p', p.vhost, p.user, p.exchange, p.write, p.read])),
    node.ctl(['set_policy', '-p', policy!.vhost, '--priority', String(policy!.priority), '--apply-to', policy!.applyTo, policy!.name, policy!.pattern, JSON.stringify(policy!.definition)]),
    ...policies.map((p) => api.send('PUT', `/api/policies/${path(p.vhost, p.name)}`, { pattern: p.pattern, 'apply-to': p.applyTo, priority: p.priority, definition: p.definition })),
  ]);
  for (const vhost of ['/', SHOP]) {
    const conn = await amqp.connect(amqpUrl(node.port, 'ops', vhost));
    try {
      const ch = await conn.createChannel();
      for (const x of EXCHANGES.filter((e) => e.vhost === vhost)) {
        await ch.assertExchange(x.name, x.type, { durable: x.durable, autoDelete: x.autoDelete, internal: x.internal, arguments: x.arguments });
      }
      for (const q of QUEUES.filter((e) => e.vhost === vhost)) await ch.assertQueue(q.name, { durable: q.durable, autoDelete: q.autoDelete, arguments: q.arguments });
      for (const b of BINDINGS.filter((e) => e.vhost === vhost)) {
        if (b.destinationType === 'queue') await ch.bindQueue(b.destination, b.source, b.routingKey, b.arguments);
        else await ch.bindExchange(b.destination, b.source, b.routingKey, b.arguments);
      }
    } finally {
      await conn.close();
    }
  }
}

/** The password each user logs in with. */
const passwords: Record<string, string> = { guest: 'guest', ...Object.fromEntries(USERS.map((u) => [u.name, u.password])) };

export function amqpUrl(port: number, user: string, vhost: string, password = passwords[user] ?? ''): string {
  return `amqp://${user}:${password}@127.0.0.1:${port}/${encodeURIComponent(vhost)}`;
}

interface Publish { vhost: string; exchange: string; routingKey: string; headers?: Record<string, unknown>; count?: number }
/** What both brokers are sent: as `app` in shop (its imported password must work), as `guest` in `/`. */
export const MESSAGES: Publish[] = [
  { vhost: SHOP, exchange: 'events', routingKey: 'orders.new', count: 5 }, // e2e to the internal exchange; max-length 3 drops 2 to the policy's DLX
  { vhost: SHOP, exchange: 'events', routingKey: 'orders.eu' },
  { vhost: SHOP, exchange: 'events', routingKey: 'audit.login', count: 2 },
  { vhost: SHOP, exchange: 'direct-in', routingKey: 'capped' },
  { vhost: SHOP, exchange: 'direct-in', routingKey: 'nowhere', count: 2 }, // to the alternate exchange
  { vhost: SHOP, exchange: 'hdrs', routingKey: '', headers: { region: 'eu', kind: 'order' } },
  { vhost: SHOP, exchange: 'hdrs', routingKey: '', headers: { region: 'us' } },
  { vhost: SHOP, exchange: 'hdrs', routingKey: '', headers: { priority: 1 } },
  { vhost: SHOP, exchange: 'hdrs', routingKey: '', headers: { region: 'eu' } }, // matches neither: dropped
  { vhost: '/', exchange: 'plain', routingKey: 'k' },
];

/** Where MESSAGES land, by `vhost/queue`. */
export const EXPECTED_DEPTHS: Record<string, number> = {
  'shop/work.orders': 3, 'shop/work.capped': 1, 'shop/prio': 2, 'shop/transient': 2, 'shop/quorum': 1,
  'shop/dead': 2, 'shop/lost': 2, 'shop/h.all': 1, 'shop/h.any': 2, '/plain.q': 1,
};

/** Publish MESSAGES with confirms to the broker on `port`. */
export async function publishAll(port: number): Promise<void> {
  for (const vhost of ['/', SHOP]) {
    const conn = await amqp.connect(amqpUrl(port, vhost === SHOP ? 'app' : 'guest', vhost));
    try {
      const ch = await conn.createConfirmChannel();
      for (const m of MESSAGES.filter((x) => x.vhost === vhost)) {
        const opts: Options.Publish = m.headers ? { headers: m.headers } : {};
        for (let i = 0; i < (m.count ?? 1); i++) ch.publish(m.exchange, m.routingKey, Buffer.from(`${m.routingKey}#${i}`), opts);
      }
      await ch.waitForConfirms();
    } finally {
      await conn.close();
    }
  }
}

async function depthsNow(port: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const vhost of ['/', SHOP]) {
    const conn = await amqp.connect(amqpUrl(port, 'ops', vhost));
    try {
      const ch = await conn.createChannel();
      for (const q of QUEUES.filter((x) => x.vhost === vhost)) out[`${vhost === '/' ? '' : vhost}/${q.name}`] = (await ch.checkQueue(q.name)).messageCount;
    } finally {
      await conn.close();
    }
  }
  return out;
}

/**
 * Every queue's depth, read until it equals `expected` (dead-lettering reaches
 * its queue a moment after the publish is confirmed) or for at most 10 s:
 * the caller asserts on what it returns.
 */
export async function queueDepths(port: number, expected = EXPECTED_DEPTHS): Promise<Record<string, number>> {
  const until = Date.now() + 10_000;
  for (;;) {
    const d = await depthsNow(port);
    if (isDeepStrictEqual(d, expected) || Date.now() > until) return d;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Publish as `app` to `events` with a key its topic permission refuses; resolves with the channel's close reason. */
async function topicRefusal(port: number): Promise<string> {
  const conn = await amqp.connect(amqpUrl(port, 'app', SHOP));
  conn.on('error', () => {});
  try {
    const ch = await conn.createChannel();
    const closed = new Promise<string>((resolve) => ch.on('error', (e: Error) => resolve(e.message)));
    ch.publish('events', 'secret.plans', Buffer.from('x'));
    return await closed;
  } finally {
    await conn.close().catch(() => {});
  }
}

/**
 * What the broker on `port` does with the topology: how it answers `app` with
 * a wrong password and with a routing key its topic permission refuses, and
 * where MESSAGES land (logging in as `app` with its password to publish).
 */
export async function behaviour(port: number): Promise<{ wrongPassword: string; topicRefusal: string; depths: Record<string, number> }> {
  const wrongPassword = await amqp.connect(amqpUrl(port, 'app', SHOP, 'not-the-password')).then(
    async (c) => {
      await c.close();
      return 'logged in';
    },
    (e: Error) => e.message,
  );
  const refusal = await topicRefusal(port);
  await publishAll(port);
  return { wrongPassword, topicRefusal: refusal, depths: await queueDepths(port) };
}
