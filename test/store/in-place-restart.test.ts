import { afterEach, describe, expect, test } from 'vitest';
import type { AmqpError } from '../../engine/core/errors.ts';
import { hashPassword } from '../../engine/core/users.ts';
import { attachStore, attachStoreNow, storeAttachmentOf } from '../../engine/store/attach-store.ts';
import type { StoreAttachment } from '../../engine/store/attach-store.ts';
import { MemoryStore } from '../../engine/store/memory-store.ts';
import { EngineHarness, declareQueue, text } from '../support/engine-harness.ts';
import { bodies } from './boot.ts';
import { PLACES, removeTempDirs } from './places.ts';

const PERSISTENT = { deliveryMode: 2 };

describe.each(PLACES)('restarting a broker in place with the %s store', (_kind, makePlace) => {
  const attached: StoreAttachment[] = [];
  afterEach(async () => {
    for (const a of attached.splice(0)) await a.close();
    removeTempDirs();
  });
  const boot = async () => {
    const h = new EngineHarness();
    const att = await attachStore(h.broker, makePlace().open());
    attached.push(att);
    return { h, att };
  };

  test('keeps persistent messages of durable queues, drops transient ones, and brings unacked ones back redelivered', async () => {
    const { h, att } = await boot();
    const { ch } = h.channel();
    declareQueue(ch, 'orders', {}, { durable: true });
    for (let i = 1; i <= 6; i++) ch.publish('', 'orders', false, i % 2 === 0 ? {} : PERSISTENT, text(`m${i}`));
    const held = ch.get('orders', false)!; // m1, persistent, unacked when the broker stops
    expect(held.redelivered).toBe(false);
    const broker = h.broker;
    await att.stopBroker();
    await att.startBroker();
    expect(h.broker).toBe(broker);
    expect(bodies(h.channel().ch, 'orders')).toEqual([
      { body: 'm1', redelivered: true },
      { body: 'm3', redelivered: false },
      { body: 'm5', redelivered: false },
    ]);
    expect(att.report.redelivered).toBe(1);
    expect(storeAttachmentOf(broker)).toBe(att);
  });

  test('a store attached to a broker that already holds messages adopts its persistent ones, so a restart keeps them', async () => {
    const h = new EngineHarness();
    const { ch } = h.channel();
    declareQueue(ch, 'orders', {}, { durable: true });
    declareQueue(ch, 'scratch', {}, { durable: false });
    for (let i = 1; i <= 4; i++) ch.publish('', 'orders', false, i % 2 === 0 ? {} : PERSISTENT, text(`m${i}`));
    ch.publish('', 'scratch', false, PERSISTENT, text('gone'));
    expect(ch.get('orders', false)!.redelivered).toBe(false); // m1 is unacked when the store arrives
    const att = await attachStore(h.broker, makePlace().open());
    attached.push(att);
    ch.publish('', 'orders', false, PERSISTENT, text('m5'));
    await att.stopBroker();
    await att.startBroker();
    expect(bodies(h.channel().ch, 'orders')).toEqual([
      { body: 'm1', redelivered: true },
      { body: 'm3', redelivered: false },
      { body: 'm5', redelivered: false },
    ]);
    expect(h.broker.vhosts.get('/')!.queues.has('scratch')).toBe(false);
  });

  test('durable topology, users and permissions come back; non-durable, exclusive and consumed auto-delete queues do not', async () => {
    const { h, att } = await boot();
    const b = h.broker;
    b.execute({ type: 'user.add', name: 'alice', passwordHash: hashPassword('secret', b.random), tags: [] });
    b.execute({ type: 'permission.set', user: 'alice', vhost: '/', configure: '^a', write: '.*', read: '.*' });
    b.execute({ type: 'exchange.declare', vhost: '/', name: 'events', exchangeType: 'topic', durable: true, autoDelete: false, internal: false, arguments: {} });
    b.execute({ type: 'exchange.declare', vhost: '/', name: 'scratch', exchangeType: 'fanout', durable: false, autoDelete: false, internal: false, arguments: {} });
    const { ch } = h.channel();
    declareQueue(ch, 'kept', {}, { durable: true });
    declareQueue(ch, 'transient-queue', {}, { durable: false });
    declareQueue(ch, 'mine', {}, { durable: true, exclusive: true });
    declareQueue(ch, 'auto', {}, { durable: true, autoDelete: true });
    declareQueue(ch, 'idle-auto', {}, { durable: true, autoDelete: true }); // never consumed: RabbitMQ 3.10 keeps it
    ch.consume('auto', '', false, false, {});
    b.execute({ type: 'binding.add', vhost: '/', source: 'events', destination: 'kept', destinationType: 'queue', routingKey: 'a.#', arguments: {} });
    for (const q of ['transient-queue', 'mine', 'auto']) ch.publish('', q, false, PERSISTENT, text(q));
    await att.stopBroker();
    expect(b.vhosts.size).toBe(0);
    expect(b.users.size).toBe(0);
    await att.startBroker();
    const v = b.vhost('/')!;
    expect([...v.queues.keys()]).toEqual(['kept', 'idle-auto']);
    expect(v.exchanges.has('events')).toBe(true);
    expect(v.exchanges.has('scratch')).toBe(false);
    expect([...v.bindings.values()].map((x) => `${x.source}->${x.destination}:${x.routingKey}`)).toContain('events->kept:a.#');
    expect(b.users.has('alice') && b.users.has('guest')).toBe(true);
    expect(b.permissions.allows('alice', '/', 'configure', 'abc')).toBe(true);
    expect(b.permissions.allows('alice', '/', 'configure', 'xyz')).toBe(false);
  });

  test('closes every connection with 320 CONNECTION_FORCED, refuses new ones while down, and reports the change as topology events', async () => {
    const { h, att } = await boot();
    const { ch, sink, conn } = h.channel();
    declareQueue(ch, 'q', {}, { durable: true });
    const forced: AmqpError[] = [];
    conn.onForcedClose = (e) => forced.push(e);
    const closed: (string | undefined)[] = [];
    const causes: string[] = [];
    h.broker.events.on('connection.closed', (e) => closed.push(e.reason));
    h.broker.events.on('topology', (e) => causes.push(`${e.command.type}:${e.cause}`));
    const stopped = att.stopBroker();
    expect(forced.map((e) => [e.code, e.replyText])).toEqual([[320, "CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'"]]);
    expect(closed).toEqual(["CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'"]);
    expect(conn.open).toBe(false);
    expect(sink.closes).toEqual([]);
    expect(causes).toContain('queue.delete:shutdown');
    expect(causes).toContain('vhost.delete:shutdown');
    expect(causes).toContain('user.delete:shutdown');
    expect(() => h.connect()).toThrow(/not running/);
    await stopped;
    await att.startBroker();
    expect(causes).toContain('queue.declare:command');
    expect(h.connect().open).toBe(true);
  });
});

describe('a memory store', () => {
  test('restarts the broker before returning, so virtual time never waits on a promise', () => {
    const h = new EngineHarness();
    const att = attachStoreNow(h.broker, new MemoryStore());
    const { ch } = h.channel();
    declareQueue(ch, 'q', {}, { durable: true });
    ch.publish('', 'q', false, PERSISTENT, text('kept'));
    void att.stopBroker();
    expect(h.broker.running).toBe(false);
    expect(att.canStartNow).toBe(true);
    const report = att.startBrokerNow();
    expect(h.broker.running).toBe(true);
    expect(report.messages).toBe(1);
    expect(bodies(h.channel().ch, 'q').map((m) => m.body)).toEqual(['kept']);
  });

  test('refuses to start a broker that is running, or to stop one twice', () => {
    const h = new EngineHarness();
    const att = attachStoreNow(h.broker, new MemoryStore());
    expect(() => att.startBrokerNow()).toThrow(/not stopped/);
    void att.stopBroker();
    expect(() => att.stopBroker()).toThrow(/not running/);
  });
});
