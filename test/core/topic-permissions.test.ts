import { describe, expect, test } from 'vitest';
import { EngineHarness, declareQueue } from '../support/engine-harness.ts';
import { bindExchange, bindQueue, ctxOf, declareExchange, expectAmqpError, publish, unbindQueue } from '../support/core-helpers.ts';

type TopicSpec = { exchange: string; write: string; read: string };

/** `bob` with full permissions on `/`, topic exchanges `t` and `t2`, direct `d`, queue `q`, and the given topic permissions. */
function asBob(...topic: TopicSpec[]) {
  const h = new EngineHarness();
  const admin = h.channel();
  declareQueue(admin.ch, 'q');
  declareExchange(h, 't', 'topic');
  declareExchange(h, 't2', 'topic');
  declareExchange(h, 'd', 'direct');
  h.broker.execute({ type: 'user.add', name: 'bob', passwordHash: '', tags: [] });
  h.broker.execute({ type: 'permission.set', user: 'bob', vhost: '/', configure: '.*', write: '.*', read: '.*' });
  for (const t of topic) h.broker.execute({ type: 'topic-permission.set', user: 'bob', vhost: '/', ...t });
  const bob = h.channel(h.connect('bob'));
  return { h, ch: bob.ch, ctx: ctxOf(bob.conn) };
}

// Refusal text observed on 3.10.8 (user guest, exchange tx1, write '^(a\.|{username}\.|v\.{vhost}$)', read '^r\.'):
// "ACCESS_REFUSED - access to topic 'x.y' in exchange 'tx1' in vhost '/' refused for user 'guest'", 403, channel closed.
const refused = (key: string, exchange = 't') => `ACCESS_REFUSED - access to topic '${key}' in exchange '${exchange}' in vhost '/' refused for user 'bob'`;

describe('topic authorisation on basic.publish', () => {
  test('the routing key must match write', () => {
    const o = asBob({ exchange: 't', write: '^a\\.', read: '.*' });
    expect(() => publish(o.ch, 't', 'a.b')).not.toThrow();
    expectAmqpError(() => publish(o.ch, 't', 'x.y'), 403, 'channel', refused('x.y'));
  });

  // Observed on 3.10.8: '' stands for '^$', so only the empty routing key passes.
  test("an empty write pattern allows only the empty routing key", () => {
    const o = asBob({ exchange: 't', write: '', read: '' });
    expect(() => publish(o.ch, 't', '')).not.toThrow();
    expectAmqpError(() => publish(o.ch, 't', 'a'), 403, 'channel', refused('a'));
  });

  test('without a topic permission for the exchange, everything is allowed', () => {
    const o = asBob({ exchange: 't', write: '^$', read: '^$' });
    expect(() => publish(o.ch, 't2', 'x.y')).not.toThrow();
  });

  // Observed on 3.10.8: a topic permission on a direct exchange does nothing.
  test('only topic exchanges are checked', () => {
    const o = asBob({ exchange: 'd', write: '^nothing$', read: '^nothing$' });
    expect(() => publish(o.ch, 'd', 'x.y')).not.toThrow();
    expect(() => bindQueue(o.h, 'q', 'd', 'z', {}, o.ctx)).not.toThrow();
  });

  test('{username} and {vhost} are expanded before matching', () => {
    const o = asBob({ exchange: 't', write: '^({username}\\.|v\\.{vhost}$)', read: '^{username}\\.' });
    expect(() => publish(o.ch, 't', 'bob.x')).not.toThrow();
    expect(() => publish(o.ch, 't', 'v./')).not.toThrow();
    expect(() => bindQueue(o.h, 'q', 't', 'bob.#', {}, o.ctx)).not.toThrow();
    expectAmqpError(() => publish(o.ch, 't', 'alice.x'), 403, 'channel', refused('alice.x'));
  });

  test('inside a transaction the check happens at publish time', () => {
    const o = asBob({ exchange: 't', write: '^a', read: '.*' });
    o.ch.txSelect();
    expectAmqpError(() => publish(o.ch, 't', 'b'), 403, 'channel', refused('b'));
  });

  test('the broker itself is never checked', () => {
    const o = asBob({ exchange: 't', write: '^$', read: '^$' });
    o.h.broker.execute({ type: 'topic-permission.set', user: 'guest', vhost: '/', exchange: 't', write: '^$', read: '^$' });
    expect(() => bindQueue(o.h, 'q', 't', 'any')).not.toThrow();
  });
});

describe('topic authorisation on bindings', () => {
  test('queue.bind, queue.unbind and exchange.bind check the binding key against read on the source', () => {
    const o = asBob({ exchange: 't', write: '.*', read: '^r\\.' });
    expect(() => bindQueue(o.h, 'q', 't', 'r.#', {}, o.ctx)).not.toThrow();
    expectAmqpError(() => bindQueue(o.h, 'q', 't', 'z.#', {}, o.ctx), 403, 'channel', refused('z.#'));
    expectAmqpError(() => unbindQueue(o.h, 'q', 't', 'z.#', {}, o.ctx), 403, 'channel', refused('z.#'));
    expectAmqpError(() => bindExchange(o.h, 't2', 't', 'z.#', {}, o.ctx), 403, 'channel', refused('z.#'));
    // Observed on 3.10.8: the destination's topic permission is not consulted.
    expect(() => bindExchange(o.h, 't', 't2', 'z.#', {}, o.ctx)).not.toThrow();
  });

  test('a missing source exchange is a 404, not a topic refusal', () => {
    const o = asBob({ exchange: 'nosuch', write: '^$', read: '^$' });
    expectAmqpError(() => bindQueue(o.h, 'q', 'nosuch', 'z', {}, o.ctx), 404, 'channel', "NOT_FOUND - no exchange 'nosuch' in vhost '/'");
  });
});

describe('topic-permission commands', () => {
  // Texts observed on 3.10.8 from rabbitmqctl set_topic_permissions: "User nouser does not exist",
  // "Virtual host novh does not exist", and (log) "regular expression '(' is invalid".
  test('unknown user or vhost and bad expressions are refused, naming what is wrong', () => {
    const h = new EngineHarness();
    const set = (user: string, vhost: string, write: string, read: string) => () =>
      h.broker.execute({ type: 'topic-permission.set', user, vhost, exchange: 'amq.topic', write, read });
    expectAmqpError(set('nouser', '/', 'a', '.*'), 404, 'channel', 'NOT_FOUND - User nouser does not exist');
    expectAmqpError(set('guest', 'novh', 'a', '.*'), 404, 'channel', 'NOT_FOUND - Virtual host novh does not exist');
    expectAmqpError(set('guest', '/', '(', '.*'), 406, 'channel', "PRECONDITION_FAILED - regular expression '(' is invalid");
    expectAmqpError(set('guest', '/', 'a', '('), 406, 'channel', "PRECONDITION_FAILED - regular expression '(' is invalid");
    expect(h.broker.topicPermissions.entries()).toEqual([]);
  });

  test('set replaces; clear with an exchange clears one, without clears all of the user in the vhost', () => {
    const h = new EngineHarness();
    h.broker.execute({ type: 'vhost.add', name: 'v' });
    h.broker.execute({ type: 'permission.set', user: 'guest', vhost: 'v', configure: '.*', write: '.*', read: '.*' });
    const set = (vhost: string, exchange: string, write: string) => h.broker.execute({ type: 'topic-permission.set', user: 'guest', vhost, exchange, write, read: '.*' });
    set('/', 'a', '1');
    set('/', 'a', '2');
    set('/', 'b', '3');
    set('v', 'a', '4');
    expect(h.broker.topicPermissions.get('guest', '/', 'a')?.write).toBe('2');
    h.broker.execute({ type: 'topic-permission.clear', user: 'guest', vhost: '/', exchange: 'a' });
    expect(h.broker.topicPermissions.entries().map((p) => `${p.vhost}:${p.exchange}`)).toEqual(['/:b', 'v:a']);
    h.broker.execute({ type: 'topic-permission.clear', user: 'guest', vhost: '/' });
    expect(h.broker.topicPermissions.entries().map((p) => `${p.vhost}:${p.exchange}`)).toEqual(['v:a']);
    h.broker.execute({ type: 'vhost.delete', name: 'v' });
    expect(h.broker.topicPermissions.entries()).toEqual([]);
  });

  test('deleting a user drops their topic permissions', () => {
    const o = asBob({ exchange: 't', write: '^$', read: '^$' });
    o.h.broker.execute({ type: 'user.delete', name: 'bob' });
    expect(o.h.broker.topicPermissions.entries()).toEqual([]);
  });
});
