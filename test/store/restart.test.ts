import { afterEach, describe, expect, test } from 'vitest';
import { topologyCommands } from '../../engine/store/durable-topology.ts';
import { attachStore } from '../../engine/store/attach-store.ts';
import { hashPassword } from '../../engine/core/users.ts';
import { EngineHarness, declareQueue, text } from '../support/engine-harness.ts';
import type { Booted } from './boot.ts';
import { bodies, boot, crashAndBoot, synced } from './boot.ts';
import type { CrashablePlace } from './places.ts';
import { PLACES, removeTempDirs } from './places.ts';

const PERSISTENT = { deliveryMode: 2 };

describe.each(PLACES)('restart with the %s store', (_kind, makePlace) => {
  const running: Booted[] = [];
  afterEach(async () => {
    for (const b of running.splice(0)) await b.att.close();
    removeTempDirs();
  });
  const start = async (place: CrashablePlace, opts = {}) => {
    const b = await boot(place, opts);
    running.push(b);
    return b;
  };
  const crash = async (b: Booted, place: CrashablePlace, opts = {}) => {
    const r = await crashAndBoot(b, place, opts);
    running.push(r.next);
    return r;
  };

  test('keeps queue order; acked messages stay gone; delivered ones come back redelivered', async () => {
    const place = makePlace();
    const a = await start(place);
    const { ch } = a.h.channel();
    declareQueue(ch, 'orders', {}, { durable: true });
    for (let i = 1; i <= 12; i++) ch.publish('', 'orders', false, PERSISTENT, text(`m${i}`));
    for (let i = 0; i < 3; i++) ch.get('orders', true); // m1..m3 acked
    const held = [ch.get('orders', false)!, ch.get('orders', false)!]; // m4, m5 unacked
    expect(held.map((r) => r.redelivered)).toEqual([false, false]);
    const { next } = await crash(a, place);
    const got = bodies(next.h.channel().ch, 'orders');
    expect(got.map((g) => g.body)).toEqual(['m4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11', 'm12']);
    expect(got.filter((g) => g.redelivered).map((g) => g.body)).toEqual(['m4', 'm5']);
    expect(next.att.report.redelivered).toBe(2);
  });

  test('keeps priority order', async () => {
    const place = makePlace();
    const a = await start(place);
    const { ch } = a.h.channel();
    declareQueue(ch, 'prio', { 'x-max-priority': 5 }, { durable: true });
    const prios = [0, 3, 5, 1, 3, 9, 0, 5, 2, 3];
    prios.forEach((p, i) => ch.publish('', 'prio', false, { deliveryMode: 2, priority: p }, text(`p${p}-${i}`)));
    const before = (() => {
      const peek = a.h.broker.vhost('/')!.queues.get('prio')!.ready.peekMany(100);
      return peek.map((e) => new TextDecoder().decode(e.msg.body));
    })();
    const { next } = await crash(a, place);
    expect(bodies(next.h.channel().ch, 'prio').map((g) => g.body)).toEqual(before);
    expect(before.slice(0, 3)).toEqual(['p5-2', 'p9-5', 'p5-7']);
  });

  test('durable topology, users, vhosts and permissions survive; transient topology does not', async () => {
    const place = makePlace();
    const a = await start(place);
    const b = a.h.broker;
    b.execute({ type: 'vhost.add', name: 'prod', description: 'production', tags: ['eu'] });
    b.execute({ type: 'user.add', name: 'alice', passwordHash: hashPassword('secret', b.random), tags: ['monitoring'] });
    b.execute({ type: 'permission.set', user: 'alice', vhost: 'prod', configure: '^alice\\.', write: '.*', read: '^(alice|shared)\\.' });
    b.execute({ type: 'user.delete', name: 'guest' });
    const x = (name: string, durable: boolean, type = 'topic', args = {}) =>
      b.execute({ type: 'exchange.declare', vhost: 'prod', name, exchangeType: type, durable, autoDelete: false, internal: false, arguments: args });
    const q = (name: string, durable: boolean, args = {}) =>
      b.execute({ type: 'queue.declare', vhost: 'prod', name, durable, exclusive: false, autoDelete: false, arguments: args });
    const bind = (source: string, destination: string, destinationType: 'queue' | 'exchange', routingKey: string, args = {}) =>
      b.execute({ type: 'binding.add', vhost: 'prod', source, destination, destinationType, routingKey, arguments: args });
    x('ae', true, 'fanout');
    x('events', true, 'topic', { 'alternate-exchange': 'ae' });
    x('audit', true, 'headers');
    x('scratch', false);
    q('alice.orders', true, { 'x-max-length': 100, 'x-dead-letter-exchange': 'ae', 'x-message-ttl': 60000 });
    q('shared.tmp', false);
    bind('events', 'alice.orders', 'queue', 'order.#');
    bind('events', 'audit', 'exchange', '#');
    bind('audit', 'alice.orders', 'queue', '', { 'x-match': 'any', kind: 'order' });
    bind('events', 'shared.tmp', 'queue', '#');
    bind('scratch', 'alice.orders', 'queue', 'x');
    q('to-delete', true);
    b.execute({ type: 'queue.delete', vhost: 'prod', name: 'to-delete' });
    const expected = topologyCommands(b);
    const { next } = await crash(a, place);
    const nb = next.h.broker;
    expect(topologyCommands(nb)).toEqual(expected);
    expect([...nb.users.keys()]).toEqual(['alice']);
    expect(nb.authenticate('alice', 'secret')).toBeDefined();
    expect(nb.permissions.get('alice', 'prod')).toEqual({ configure: '^alice\\.', write: '.*', read: '^(alice|shared)\\.' });
    const v = nb.vhost('prod')!;
    expect(v.description).toBe('production');
    expect([...v.queues.keys()]).toEqual(['alice.orders']);
    expect(v.exchanges.has('scratch')).toBe(false);
    expect(v.exchanges.get('events')!.alternateExchange).toBe('ae');
    expect(v.queues.get('alice.orders')!.settings.maxLength).toBe(100);
    expect([...v.bindings.values()].map((bd) => `${bd.source}->${bd.destination}`).sort()).toEqual(['audit->alice.orders', 'events->alice.orders', 'events->audit']);
  });

  test('transient messages and messages in transient queues are not kept', async () => {
    const place = makePlace();
    const a = await start(place);
    const { ch } = a.h.channel();
    declareQueue(ch, 'durable', {}, { durable: true });
    declareQueue(ch, 'transient', {}, { durable: false });
    ch.publish('', 'durable', false, {}, text('transient in durable'));
    ch.publish('', 'durable', false, PERSISTENT, text('persistent in durable'));
    ch.publish('', 'transient', false, PERSISTENT, text('persistent in transient'));
    expect(a.store.stats().liveMessages).toBe(1);
    const { next } = await crash(a, place);
    const c = next.h.channel().ch;
    expect(bodies(c, 'durable').map((g) => g.body)).toEqual(['persistent in durable']);
    expect(next.h.broker.vhost('/')!.queues.has('transient')).toBe(false);
  });

  test('publisher confirms for persistent messages wait for the store', async () => {
    const place = makePlace();
    const a = await start(place);
    const { ch, sink } = a.h.channel();
    declareQueue(ch, 'q', {}, { durable: true });
    ch.confirmSelect();
    ch.publish('', 'q', false, {}, text('transient'));
    ch.publish('', 'q', false, PERSISTENT, text('persistent'));
    expect(sink.confirms.map((c) => c.seq)).toEqual([1]);
    await synced(a.store);
    expect(sink.confirms.map((c) => c.seq)).toEqual([1, 2]);
  });

  test('a quorum queue counts the crash as a failed delivery and applies its delivery limit', async () => {
    let place = makePlace();
    let b = await start(place);
    declareQueue(b.h.channel().ch, 'qq', { 'x-queue-type': 'quorum', 'x-delivery-limit': 1 }, { durable: true });
    b.h.channel().ch.publish('', 'qq', false, PERSISTENT, text('poison'));
    b.h.channel().ch.get('qq', false);
    ({ next: b, place } = await crash(b, place));
    const again = b.h.channel().ch.get('qq', false)!;
    expect(again.redelivered).toBe(true);
    expect(again.properties.headers?.['x-delivery-count']).toEqual({ $type: 'int64', value: 1 });
    ({ next: b, place } = await crash(b, place));
    expect(b.h.broker.vhost('/')!.queues.get('qq')!.messageCount).toBe(0);
    expect(b.store.stats().liveMessages).toBe(0);
  });

  test('messages that expired while the broker was down are dead-lettered at start', async () => {
    const place = makePlace();
    const a = await start(place);
    const { ch } = a.h.channel();
    declareQueue(ch, 'dead', {}, { durable: true });
    declareQueue(ch, 'ttl', { 'x-message-ttl': 60_000, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dead' }, { durable: true });
    ch.publish('', 'ttl', false, PERSISTENT, text('late'));
    const { next } = await crash(a, place, { advanceMs: 120_000 });
    const c = next.h.channel().ch;
    expect(bodies(c, 'ttl')).toEqual([]);
    expect(bodies(c, 'dead').map((g) => g.body)).toEqual(['late']);
  });

  test('deleting a durable queue drops its messages, even those a channel still holds', async () => {
    let place = makePlace();
    let b = await start(place);
    const { ch } = b.h.channel();
    declareQueue(ch, 'q', {}, { durable: true });
    for (let i = 0; i < 3; i++) ch.publish('', 'q', false, PERSISTENT, text(`old${i}`));
    ch.get('q', false);
    b.h.broker.execute({ type: 'queue.delete', vhost: '/', name: 'q' });
    declareQueue(ch, 'q', {}, { durable: true });
    ch.publish('', 'q', false, PERSISTENT, text('new'));
    expect(b.store.stats().liveMessages).toBe(1);
    ({ next: b, place } = await crash(b, place));
    expect(bodies(b.h.channel().ch, 'q').map((g) => g.body)).toEqual(['new']);
  });

  test('reports the recovery in a log line and a store.recovered event', async () => {
    const place = makePlace();
    const a = await start(place);
    const { ch } = a.h.channel();
    declareQueue(ch, 'q', {}, { durable: true });
    ch.publish('', 'q', false, PERSISTENT, text('x'));
    await synced(a.store);
    const h = new EngineHarness();
    const events: unknown[] = [];
    h.broker.events.on('store.recovered', (e) => events.push(e));
    const lines: string[] = [];
    const att = await attachStore(h.broker, place.crash().open(), { log: (l) => lines.push(l) });
    running.push({ h, att, store: att.store, logs: lines });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ messages: 1, redelivered: 0, dropped: [] });
    expect(lines[0]).toMatch(/^store: recovered \d+ topology commands and 1 messages \(0 redelivered\)$/);
  });

  test('compaction keeps the topology; a store with a long history restarts to the same state', async () => {
    const place = makePlace();
    const a = await start(place);
    const b = a.h.broker;
    for (let i = 0; i < 1500; i++) {
      b.execute({ type: 'queue.declare', vhost: '/', name: `q${i % 40}`, durable: true, exclusive: false, autoDelete: false, arguments: {} });
      if (i % 3 === 0) b.execute({ type: 'queue.delete', vhost: '/', name: `q${(i * 7) % 40}` });
    }
    expect(a.store.commandsSinceSnapshot).toBeLessThan(1000);
    const expected = topologyCommands(b);
    const { next } = await crash(a, place);
    expect(topologyCommands(next.h.broker)).toEqual(expected);
  });
});
