import { describe, expect, test } from 'vitest';
import type { Channel } from '../../engine/core/channel.ts';
import type { CommandContext } from '../../engine/core/commands.ts';
import type { PermissionKind, PermissionSpec } from '../../engine/core/permissions.ts';
import { EngineHarness, declareQueue } from '../support/engine-harness.ts';
import { amqpError, bindExchange, bindQueue, ctxOf, declareExchange, expectAmqpError, publish, queueDeclare, unbindQueue } from '../support/core-helpers.ts';

const ALL: PermissionSpec = { configure: '.*', write: '.*', read: '.*' };

/** A broker with some topology (made by the broker itself) and user `bob` holding `perms` on `/`. */
function asBob(perms: PermissionSpec) {
  const h = new EngineHarness();
  const admin = h.channel();
  declareQueue(admin.ch, 'q');
  for (const x of ['x', 'src', 'ae', 'dlx']) declareExchange(h, x, 'direct');
  bindQueue(h, 'q', 'x', 'k');
  h.broker.execute({ type: 'user.add', name: 'bob', passwordHash: '', tags: [] });
  h.broker.execute({ type: 'permission.set', user: 'bob', vhost: '/', ...perms });
  const bob = h.channel(h.connect('bob'));
  return { h, ch: bob.ch, ctx: ctxOf(bob.conn) };
}

type Op = (o: { h: EngineHarness; ch: Channel; ctx: CommandContext }) => unknown;

/**
 * RabbitMQ's operation table (docs/access-control.md §authorisation): for each operation, the
 * permission each resource needs, in the order RabbitMQ checks them.
 */
const TABLE: [op: string, run: Op, needs: [PermissionKind, 'queue' | 'exchange', string][]][] = [
  ['exchange.declare', ({ h, ctx }) => declareExchange(h, 'new-x', 'fanout', {}, ctx), [['configure', 'exchange', 'new-x']]],
  ['exchange.declare with an alternate exchange', ({ h, ctx }) => declareExchange(h, 'new-x', 'fanout', { arguments: { 'alternate-exchange': 'ae' } }, ctx),
    [['configure', 'exchange', 'new-x'], ['read', 'exchange', 'new-x'], ['write', 'exchange', 'ae']]],
  ['exchange.delete', ({ h, ctx }) => h.broker.execute({ type: 'exchange.delete', vhost: '/', name: 'x' }, ctx), [['configure', 'exchange', 'x']]],
  ['queue.declare', ({ h, ctx }) => h.broker.execute(queueDeclare('new-q'), ctx), [['configure', 'queue', 'new-q']]],
  ['queue.declare with a dead-letter exchange', ({ h, ctx }) => h.broker.execute(queueDeclare('new-q', { arguments: { 'x-dead-letter-exchange': 'dlx' } }), ctx),
    [['configure', 'queue', 'new-q'], ['read', 'queue', 'new-q'], ['write', 'exchange', 'dlx']]],
  ['queue.delete', ({ h, ctx }) => h.broker.execute({ type: 'queue.delete', vhost: '/', name: 'q' }, ctx), [['configure', 'queue', 'q']]],
  ['queue.purge', ({ h, ctx }) => h.broker.execute({ type: 'queue.purge', vhost: '/', name: 'q' }, ctx), [['read', 'queue', 'q']]],
  ['queue.bind', ({ h, ctx }) => bindQueue(h, 'q', 'src', 'k', {}, ctx), [['write', 'queue', 'q'], ['read', 'exchange', 'src']]],
  ['queue.unbind', ({ h, ctx }) => unbindQueue(h, 'q', 'x', 'k', {}, ctx), [['write', 'queue', 'q'], ['read', 'exchange', 'x']]],
  ['exchange.bind', ({ h, ctx }) => bindExchange(h, 'x', 'src', 'k', {}, ctx), [['write', 'exchange', 'x'], ['read', 'exchange', 'src']]],
  ['basic.publish', ({ ch }) => publish(ch, 'x', 'k'), [['write', 'exchange', 'x']]],
  ['basic.publish to the default exchange', ({ ch }) => publish(ch, '', 'q'), [['write', 'exchange', 'amq.default']]],
  ['basic.get', ({ ch }) => ch.get('q', true), [['read', 'queue', 'q']]],
  ['basic.consume', ({ ch }) => ch.consume('q', 'c', true, false, {}), [['read', 'queue', 'q']]],
];

describe('the operation table', () => {
  const rows = TABLE.flatMap(([op, run, needs]) => needs.map(([kind, type, name]) => [op, kind, type, name, run] as const));

  // Wording observed on RabbitMQ 3.10.8 (user bob limited to '^bob-.*'): 403, channel closed.
  test.each(rows)('%s needs %s on %s %s', (_op, kind, type, name, run) => {
    const o = asBob({ ...ALL, [kind]: '^$' });
    expectAmqpError(() => run(o), 403, 'channel', `ACCESS_REFUSED - access to ${type} '${name}' in vhost '/' refused for user 'bob'`);
  });

  test.each(TABLE)('%s succeeds with full permissions', (_op, run) => {
    const o = asBob(ALL);
    expect(() => run(o)).not.toThrow();
  });
});

describe('permission checks', () => {
  // Observed on 3.10.8: without permission, a missing queue or exchange answers 403, not 404.
  test.each<[string, Op, string]>([
    ['basic.get', ({ ch }) => ch.get('missing', true), "queue 'missing'"],
    ['basic.consume', ({ ch }) => ch.consume('missing', 'c', false, false, {}), "queue 'missing'"],
    ['queue.purge', ({ h, ctx }) => h.broker.execute({ type: 'queue.purge', vhost: '/', name: 'missing' }, ctx), "queue 'missing'"],
    ['queue.delete', ({ h, ctx }) => h.broker.execute({ type: 'queue.delete', vhost: '/', name: 'missing' }, ctx), "queue 'missing'"],
    ['exchange.delete', ({ h, ctx }) => h.broker.execute({ type: 'exchange.delete', vhost: '/', name: 'missing' }, ctx), "exchange 'missing'"],
  ])('come before the lookup: %s of a missing resource is a 403', (_op, run, what) => {
    const o = asBob({ configure: '^bob-', write: '^bob-', read: '^bob-' });
    expectAmqpError(() => run(o), 403, 'channel', `ACCESS_REFUSED - access to ${what} in vhost '/' refused for user 'bob'`);
  });

  test('with permission, a missing queue is still a 404', () => {
    const o = asBob({ configure: '^bob-', write: '^bob-', read: '^bob-' });
    expectAmqpError(() => o.ch.get('bob-missing', true), 404, 'channel', "NOT_FOUND - no queue 'bob-missing' in vhost '/'");
  });

  // Observed on 3.10.8: write on the queue is checked before the default-exchange refusal.
  test('queue.bind to the default exchange checks write on the queue first', () => {
    const o = asBob({ configure: '^bob-', write: '^bob-', read: '^bob-' });
    declareQueue(o.ch, 'bob-q');
    expectAmqpError(() => bindQueue(o.h, 'bob-q', '', 'k', {}, o.ctx), 403, 'channel', 'ACCESS_REFUSED - operation not permitted on the default exchange');
    expectAmqpError(() => bindQueue(o.h, 'q', '', 'k', {}, o.ctx), 403, 'channel', "ACCESS_REFUSED - access to queue 'q' in vhost '/' refused for user 'bob'");
  });

  // Observed on 3.10.8: a server-named queue needs configure on the name the server picked.
  test('a server-named queue needs configure on its generated amq.gen- name', () => {
    const o = asBob({ configure: '^bob-', write: '.*', read: '.*' });
    const e = amqpError(() => o.h.broker.execute(queueDeclare('', { exclusive: true }), o.ctx));
    expect([e.code, e.scope]).toEqual([403, 'channel']);
    expect(e.replyText).toMatch(/^ACCESS_REFUSED - access to queue 'amq\.gen-[\w-]{22}' in vhost '\/' refused for user 'bob'$/);
  });

  test('passive declares need no permission (before RabbitMQ 4.3.1)', () => {
    const o = asBob({ configure: '^$', write: '^$', read: '^$' });
    expect(o.h.broker.execute(queueDeclare('q', { passive: true }), o.ctx)).toMatchObject({ name: 'q' });
    expect(() => o.h.broker.execute({ type: 'exchange.declare', vhost: '/', name: 'x', exchangeType: 'direct', durable: false, autoDelete: false, internal: false, arguments: {}, passive: true }, o.ctx)).not.toThrow();
  });

  test.each([
    ['an empty pattern grants nothing', '', 'q', false],
    ["'^$' grants nothing", '^$', 'q', false],
    ['patterns are unanchored regular expressions', 'u', 'queue', true],
    ['anchors are honoured', '^q$', 'q2', false],
    ['alternation works', '^(a|q)$', 'q', true],
  ])('%s', (_t, pattern, queue, allowed) => {
    const o = asBob({ configure: '.*', write: '.*', read: pattern });
    declareQueue(o.ch, 'queue');
    declareQueue(o.ch, 'q2');
    const run = () => o.ch.get(queue, true);
    if (allowed) expect(run).not.toThrow();
    else expectAmqpError(run, 403, 'channel', `ACCESS_REFUSED - access to queue '${queue}' in vhost '/' refused for user 'bob'`);
  });
});

describe('vhost access', () => {
  test('a user without permissions in a vhost cannot connect to it (530, connection)', () => {
    const h = new EngineHarness();
    h.broker.execute({ type: 'user.add', name: 'bob', passwordHash: '', tags: [] });
    expectAmqpError(() => h.connect('bob'), 530, 'connection', "NOT_ALLOWED - access to vhost '/' refused for user 'bob'");
  });

  test('connecting to a missing vhost is a 530', () => {
    const h = new EngineHarness();
    expectAmqpError(() => h.connect('guest', 'nowhere'), 530, 'connection', 'NOT_ALLOWED - vhost nowhere not found');
  });

  test('the broker itself (the internal user) is never checked', () => {
    const h = new EngineHarness();
    h.broker.execute({ type: 'permission.set', user: 'guest', vhost: '/', configure: '^$', write: '^$', read: '^$' });
    const { ch } = h.channel();
    expect(() => declareQueue(ch, 'q')).not.toThrow();
  });

  test('a blank broker has guest/guest with full access to /', () => {
    const h = new EngineHarness();
    expect(h.broker.authenticate('guest', 'guest')?.tags).toEqual(['administrator']);
    expect(h.broker.authenticate('guest', 'wrong')).toBeUndefined();
    expect(h.broker.permissions.get('guest', '/')).toEqual(ALL);
  });
});
