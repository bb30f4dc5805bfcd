import { describe, expect, test } from 'vitest';
import type { FieldTable } from '../../engine/core/field-value.ts';
import { EngineHarness, declareQueue } from '../support/engine-harness.ts';
import {
  bindExchange,
  bindQueue,
  declareExchange,
  drain,
  exchangeOf,
  expectAmqpError,
  publish,
  unbindQueue,
} from '../support/core-helpers.ts';

const DEFAULT_X = 'operation not permitted on the default exchange';

/** A broker with queues `names` declared on one channel. */
function setup(...names: string[]) {
  const h = new EngineHarness();
  const { ch, sink, conn } = h.channel();
  for (const n of names) declareQueue(ch, n);
  /** Which of `names` hold a message, and how many copies each. */
  const reached = (): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const n of names) {
      const c = drain(ch, n).length;
      if (c > 0) out[n] = c;
    }
    return out;
  };
  return { h, ch, sink, conn, reached };
}

describe('direct exchange', () => {
  const bindings: [queue: string, key: string][] = [
    ['q1', 'orange'],
    ['q2', 'black'],
    ['q2', 'green'],
    ['q3', 'black'],
  ];
  // docs/exchanges.md §Direct and tutorial four: exact key equality only.
  test.each<[routingKey: string, expected: Record<string, number>]>([
    ['orange', { q1: 1 }],
    ['black', { q2: 1, q3: 1 }],
    ['green', { q2: 1 }],
    ['Orange', {}],
    ['orange.x', {}],
    ['', {}],
  ])('routes %j to the queues bound with exactly that key', (rk, expected) => {
    const { h, ch, reached } = setup('q1', 'q2', 'q3');
    declareExchange(h, 'logs', 'direct');
    for (const [q, k] of bindings) bindQueue(h, q, 'logs', k);
    publish(ch, 'logs', rk);
    expect(reached()).toEqual(expected);
  });

  test('a queue bound under two matching bindings gets one copy', () => {
    const { h, ch, reached } = setup('q');
    declareExchange(h, 'x', 'direct');
    bindQueue(h, 'q', 'x', 'k');
    bindQueue(h, 'q', 'x', 'k', { extra: 1 });
    publish(ch, 'x', 'k');
    expect(reached()).toEqual({ q: 1 });
  });

  test('unbinding stops the routing for that key only', () => {
    const { h, ch, reached } = setup('q');
    declareExchange(h, 'x', 'direct');
    bindQueue(h, 'q', 'x', 'a');
    bindQueue(h, 'q', 'x', 'b');
    unbindQueue(h, 'q', 'x', 'a');
    publish(ch, 'x', 'a');
    publish(ch, 'x', 'b');
    expect(reached()).toEqual({ q: 1 });
  });
});

describe('fanout exchange', () => {
  test.each(['', 'anything', 'a.b.c'])('copies a message with key %j to every bound queue', (rk) => {
    const { h, ch, reached } = setup('a', 'b', 'c');
    declareExchange(h, 'f', 'fanout');
    bindQueue(h, 'a', 'f', '');
    bindQueue(h, 'b', 'f', 'ignored');
    publish(ch, 'f', rk);
    expect(reached()).toEqual({ a: 1, b: 1 });
  });
});

describe('topic exchange through the broker', () => {
  // The examples of tutorial five (tutorials/tutorial-five-java.md).
  test.each<[string, Record<string, number>]>([
    ['quick.orange.rabbit', { Q1: 1, Q2: 1 }],
    ['lazy.orange.elephant', { Q1: 1, Q2: 1 }],
    ['quick.orange.fox', { Q1: 1 }],
    ['lazy.brown.fox', { Q2: 1 }],
    ['lazy.pink.rabbit', { Q2: 1 }],
    ['quick.brown.fox', {}],
    ['orange', {}],
    ['quick.orange.new.rabbit', {}],
    ['lazy.orange.new.rabbit', { Q2: 1 }],
    ['lazy', { Q2: 1 }],
  ])('routes %j as tutorial five says', (rk, expected) => {
    const { h, ch, reached } = setup('Q1', 'Q2');
    declareExchange(h, 'topic_logs', 'topic');
    bindQueue(h, 'Q1', 'topic_logs', '*.orange.*');
    bindQueue(h, 'Q2', 'topic_logs', '*.*.rabbit');
    bindQueue(h, 'Q2', 'topic_logs', 'lazy.#');
    publish(ch, 'topic_logs', rk);
    expect(reached()).toEqual(expected);
  });

  test('amq.topic with a lone # behaves as fanout, even for the empty key', () => {
    const { h, ch, reached } = setup('all');
    bindQueue(h, 'all', 'amq.topic', '#');
    publish(ch, 'amq.topic', '');
    publish(ch, 'amq.topic', 'a.b');
    expect(reached()).toEqual({ all: 2 });
  });
});

describe('headers exchange through the broker', () => {
  const cases: [string, FieldTable, FieldTable | undefined, boolean][] = [
    ['all matches when every pair is equal', { 'x-match': 'all', a: 1, b: 'x' }, { a: 1, b: 'x', c: true }, true],
    ['all fails when one pair differs', { 'x-match': 'all', a: 1, b: 'x' }, { a: 1, b: 'y' }, false],
    ['x-match defaults to all', { a: 1, b: 'x' }, { a: 1 }, false],
    ['any matches when one pair is equal', { 'x-match': 'any', a: 1, b: 'x' }, { b: 'x' }, true],
    ['any fails when none is equal', { 'x-match': 'any', a: 1 }, { a: 2 }, false],
    ['a message without headers matches nothing', { 'x-match': 'any', a: 1 }, undefined, false],
    ['a void binding value means the header is present', { 'x-match': 'all', a: null }, { a: 'whatever' }, true],
  ];
  test.each(cases)('%s', (_title, bindArgs, headers, routed) => {
    const { h, ch, reached } = setup('q');
    bindQueue(h, 'q', 'amq.headers', 'ignored-key', bindArgs);
    publish(ch, 'amq.headers', 'any-key', 'm', headers === undefined ? {} : { headers });
    expect(reached()).toEqual(routed ? { q: 1 } : {});
  });

  // Wording observed on RabbitMQ 3.10.8 (rabbit_exchange_type_headers:validate_binding).
  test('a binding with an unknown x-match is refused with 406', () => {
    const { h } = setup('q');
    expectAmqpError(() => bindQueue(h, 'q', 'amq.headers', '', { 'x-match': 'bogus' }), 406, 'channel',
      'PRECONDITION_FAILED - Invalid x-match field value <<"bogus">>; expected all, any, all-with-x, or any-with-x');
  });

  test('amq.match is a second pre-declared headers exchange', () => {
    const { h, ch, reached } = setup('q');
    bindQueue(h, 'q', 'amq.match', '', { 'x-match': 'any', k: 'v' });
    publish(ch, 'amq.match', '', 'm', { headers: { k: 'v' } });
    expect(reached()).toEqual({ q: 1 });
  });
});

describe('the default exchange', () => {
  test('routes to the queue named by the routing key', () => {
    const { ch, reached } = setup('orders', 'other');
    publish(ch, '', 'orders');
    expect(reached()).toEqual({ orders: 1 });
  });

  test('a key naming no queue routes nowhere', () => {
    const { ch, reached } = setup('orders');
    publish(ch, '', 'missing');
    expect(reached()).toEqual({});
  });

  // Every refusal below was observed on RabbitMQ 3.10.8 with amqplib: 403, channel closed.
  test.each<[string, (h: EngineHarness) => void]>([
    ['queue.bind', (h) => bindQueue(h, 'q', '', 'q')],
    ['queue.unbind', (h) => unbindQueue(h, 'q', '', 'q')],
    ['exchange.bind with it as destination', (h) => bindExchange(h, '', 'amq.direct', 'k')],
    ['exchange.bind with it as source', (h) => bindExchange(h, 'amq.direct', '', 'k')],
    ['exchange.declare', (h) => declareExchange(h, '', 'direct')],
    ['passive exchange.declare', (h) => h.broker.execute({ type: 'exchange.declare', vhost: '/', name: '', exchangeType: 'direct', durable: false, autoDelete: false, internal: false, arguments: {}, passive: true })],
    ['exchange.delete', (h) => h.broker.execute({ type: 'exchange.delete', vhost: '/', name: '' })],
  ])('refuses %s with 403', (_op, run) => {
    const { h } = setup('q');
    expectAmqpError(() => run(h), 403, 'channel', `ACCESS_REFUSED - ${DEFAULT_X}`);
  });
});

describe('pre-declared amq.* exchanges', () => {
  test.each([
    ['amq.direct', 'direct'],
    ['amq.fanout', 'fanout'],
    ['amq.topic', 'topic'],
    ['amq.headers', 'headers'],
    ['amq.match', 'headers'],
  ])('%s exists in every vhost as a durable %s exchange', (name, type) => {
    const h = new EngineHarness();
    h.broker.execute({ type: 'vhost.add', name: 'other' });
    for (const v of ['/', 'other']) {
      const x = exchangeOf(h, name, v);
      expect({ type: x?.type, durable: x?.durable, internal: x?.internal }).toEqual({ type, durable: true, internal: false });
    }
  });

  test('redeclaring amq.direct with its own properties succeeds', () => {
    const h = new EngineHarness();
    expect(() => declareExchange(h, 'amq.direct', 'direct', { durable: true })).not.toThrow();
  });

  test('redeclaring amq.direct as fanout is a 406 like any inequivalent redeclare', () => {
    const h = new EngineHarness();
    expectAmqpError(() => declareExchange(h, 'amq.direct', 'fanout', { durable: true }), 406, 'channel',
      "PRECONDITION_FAILED - inequivalent arg 'type' for exchange 'amq.direct' in vhost '/': received 'fanout' but current is 'direct'");
  });

  test('declaring a new exchange under the amq. prefix is refused', () => {
    const h = new EngineHarness();
    expectAmqpError(() => declareExchange(h, 'amq.custom', 'direct'), 403, 'channel', "ACCESS_REFUSED - exchange name 'amq.custom' contains reserved prefix 'amq.*'");
  });

  // RabbitMQ checks the name before looking the exchange up (rabbit_channel check_exchange_deletion),
  // so a missing amq.* exchange is refused too (observed on 3.10.8).
  test.each(['amq.direct', 'amq.missing'])('deleting %s is refused', (name) => {
    const h = new EngineHarness();
    expectAmqpError(() => h.broker.execute({ type: 'exchange.delete', vhost: '/', name }), 403, 'channel',
      `ACCESS_REFUSED - deletion of system exchange '${name}' in vhost '/' not allowed`);
  });
});

describe('internal exchanges', () => {
  test('refuse a direct publish with 403', () => {
    const { h, ch } = setup();
    declareExchange(h, 'inner', 'fanout', { internal: true });
    expectAmqpError(() => publish(ch, 'inner', ''), 403, 'channel', "ACCESS_REFUSED - cannot publish to internal exchange 'inner' in vhost '/'");
  });

  test('still route what reaches them through an exchange-to-exchange binding', () => {
    const { h, ch, reached } = setup('q');
    declareExchange(h, 'front', 'fanout');
    declareExchange(h, 'inner', 'fanout', { internal: true });
    bindExchange(h, 'inner', 'front', '');
    bindQueue(h, 'q', 'inner', '');
    publish(ch, 'front', '');
    expect(reached()).toEqual({ q: 1 });
  });
});

describe('publishing to a missing exchange', () => {
  test('is a 404 channel error', () => {
    const { ch } = setup();
    expectAmqpError(() => publish(ch, 'nope', 'k'), 404, 'channel', "NOT_FOUND - no exchange 'nope' in vhost '/'");
  });
});

describe('auto-delete exchanges', () => {
  // Observed on RabbitMQ 3.10.8: deleted when the last binding *from* them goes, never before a first binding.
  test('are deleted when their last binding is removed, not before', () => {
    const { h } = setup('q');
    declareExchange(h, 'ad', 'direct', { autoDelete: true });
    bindQueue(h, 'q', 'ad', 'a');
    bindQueue(h, 'q', 'ad', 'b');
    unbindQueue(h, 'q', 'ad', 'a');
    expect(exchangeOf(h, 'ad')).toBeDefined();
    unbindQueue(h, 'q', 'ad', 'b');
    expect(exchangeOf(h, 'ad')).toBeUndefined();
  });

  test('stay while they never had a binding', () => {
    const { h } = setup();
    declareExchange(h, 'ad', 'direct', { autoDelete: true });
    h.clock.advance(60_000);
    expect(exchangeOf(h, 'ad')).toBeDefined();
  });

  test('go when the only bound queue is deleted', () => {
    const { h } = setup('q');
    declareExchange(h, 'ad', 'direct', { autoDelete: true });
    bindQueue(h, 'q', 'ad', 'a');
    h.broker.execute({ type: 'queue.delete', vhost: '/', name: 'q' });
    expect(exchangeOf(h, 'ad')).toBeUndefined();
  });

  test('go when the destination exchange of their only binding is deleted', () => {
    const { h } = setup();
    declareExchange(h, 'ad', 'direct', { autoDelete: true });
    declareExchange(h, 'dest', 'direct');
    bindExchange(h, 'dest', 'ad', 'k');
    h.broker.execute({ type: 'exchange.delete', vhost: '/', name: 'dest' });
    expect(exchangeOf(h, 'ad')).toBeUndefined();
  });

  test('stay when only a binding *to* them is removed (they are its destination)', () => {
    const { h } = setup();
    declareExchange(h, 'src', 'direct');
    declareExchange(h, 'ad', 'direct', { autoDelete: true });
    bindExchange(h, 'ad', 'src', 'k');
    h.broker.execute({ type: 'exchange.delete', vhost: '/', name: 'src' });
    expect(exchangeOf(h, 'ad')).toBeDefined();
  });
});

describe('exchange.delete', () => {
  test('if-unused refuses an exchange that is the source of a binding', () => {
    const { h } = setup('q');
    declareExchange(h, 'x', 'fanout');
    bindQueue(h, 'q', 'x', '');
    expectAmqpError(() => h.broker.execute({ type: 'exchange.delete', vhost: '/', name: 'x', ifUnused: true }), 406, 'channel',
      "PRECONDITION_FAILED - exchange 'x' in vhost '/' in use");
  });

  test('if-unused ignores bindings where the exchange is only the destination', () => {
    const { h } = setup();
    declareExchange(h, 'src', 'fanout');
    declareExchange(h, 'x', 'fanout');
    bindExchange(h, 'x', 'src', '');
    h.broker.execute({ type: 'exchange.delete', vhost: '/', name: 'x', ifUnused: true });
    expect(exchangeOf(h, 'x')).toBeUndefined();
    expect(exchangeOf(h, 'src')?.bindings.size).toBe(0);
  });

  test('deleting a missing exchange succeeds', () => {
    const h = new EngineHarness();
    expect(h.broker.execute({ type: 'exchange.delete', vhost: '/', name: 'ghost' })).toEqual({ type: 'ok' });
  });
});

describe('exchange-to-exchange bindings', () => {
  test('route through a chain of exchanges in one pass', () => {
    const { h, ch, reached } = setup('q');
    declareExchange(h, 'a', 'topic');
    declareExchange(h, 'b', 'direct');
    bindExchange(h, 'b', 'a', 'orders.#');
    bindQueue(h, 'q', 'b', 'orders.eu');
    publish(ch, 'a', 'orders.eu');
    publish(ch, 'a', 'orders.us');
    expect(reached()).toEqual({ q: 1 });
  });

  test('a cycle of exchanges delivers one copy per queue (observed on 3.10.8)', () => {
    const { h, ch, reached } = setup('q');
    declareExchange(h, 'x', 'fanout');
    declareExchange(h, 'y', 'fanout');
    bindExchange(h, 'y', 'x', '');
    bindExchange(h, 'x', 'y', '');
    bindQueue(h, 'q', 'x', '');
    bindQueue(h, 'q', 'y', '');
    publish(ch, 'x', '');
    expect(reached()).toEqual({ q: 1 });
  });

  test('an exchange bound to itself routes without looping', () => {
    const { h, ch, reached } = setup('q');
    declareExchange(h, 'self', 'fanout');
    bindExchange(h, 'self', 'self', '');
    bindQueue(h, 'q', 'self', '');
    publish(ch, 'self', '');
    expect(reached()).toEqual({ q: 1 });
  });

  test('deleting the destination exchange removes the binding', () => {
    const { h, ch, reached } = setup('q');
    declareExchange(h, 'src', 'fanout');
    declareExchange(h, 'dst', 'fanout');
    bindExchange(h, 'dst', 'src', '');
    bindQueue(h, 'q', 'dst', '');
    h.broker.execute({ type: 'exchange.delete', vhost: '/', name: 'dst' });
    publish(ch, 'src', '');
    expect(reached()).toEqual({});
    expect(exchangeOf(h, 'src')?.bindings.size).toBe(0);
  });
});

describe('alternate exchanges', () => {
  const ae = (name: string): FieldTable => ({ 'alternate-exchange': name });

  test('receive what the exchange cannot route', () => {
    const { h, ch, reached } = setup('main', 'unrouted');
    declareExchange(h, 'ae', 'fanout');
    bindQueue(h, 'unrouted', 'ae', '');
    declareExchange(h, 'x', 'direct', { arguments: ae('ae') });
    bindQueue(h, 'main', 'x', 'known');
    publish(ch, 'x', 'known');
    publish(ch, 'x', 'unknown');
    expect(reached()).toEqual({ main: 1, unrouted: 1 });
  });

  test('chain until one routes', () => {
    const { h, ch, reached } = setup('last');
    declareExchange(h, 'ae2', 'fanout');
    bindQueue(h, 'last', 'ae2', '');
    declareExchange(h, 'ae1', 'direct', { arguments: ae('ae2') });
    declareExchange(h, 'x', 'direct', { arguments: ae('ae1') });
    publish(ch, 'x', 'k');
    expect(reached()).toEqual({ last: 1 });
  });

  test('count as routed: a mandatory publish is not returned', () => {
    const { h, ch, sink } = setup('unrouted');
    declareExchange(h, 'ae', 'fanout');
    bindQueue(h, 'unrouted', 'ae', '');
    declareExchange(h, 'x', 'direct', { arguments: ae('ae') });
    publish(ch, 'x', 'k', 'm', {}, true);
    expect(sink.returns).toEqual([]);
  });

  test('a chain that routes nowhere returns a mandatory message', () => {
    const { h, ch, sink } = setup();
    declareExchange(h, 'ae', 'direct');
    declareExchange(h, 'x', 'direct', { arguments: ae('ae') });
    publish(ch, 'x', 'k', 'm', {}, true);
    expect(sink.returns.map((r) => [r.code, r.text])).toEqual([[312, 'NO_ROUTE']]);
  });

  test('a cycle of alternate exchanges terminates and the message is unroutable', () => {
    const { h, ch, sink } = setup();
    declareExchange(h, 'x', 'direct', { arguments: ae('y') });
    declareExchange(h, 'y', 'direct', { arguments: ae('x') });
    publish(ch, 'x', 'k', 'm', {}, true);
    expect(sink.returns).toHaveLength(1);
  });

  test('a missing alternate exchange is ignored', () => {
    const { h, ch, sink } = setup();
    declareExchange(h, 'x', 'direct', { arguments: ae('not-declared') });
    publish(ch, 'x', 'k', 'm', {}, true);
    expect(sink.returns).toHaveLength(1);
  });

  // rabbit_exchange:route1/process_alternate, observed on 3.10.8: the AE of an exchange fires only
  // when its own bindings match nothing; an e2e binding that matched counts even if its
  // destination then routes nowhere.
  test('fire only when the exchange itself matched no binding', () => {
    const { h, ch, reached } = setup('unrouted');
    declareExchange(h, 'ae', 'fanout');
    bindQueue(h, 'unrouted', 'ae', '');
    declareExchange(h, 'y', 'direct');
    declareExchange(h, 'x', 'direct', { arguments: ae('ae') });
    bindExchange(h, 'y', 'x', 'k');
    publish(ch, 'x', 'k', 'matched-e2e');
    publish(ch, 'x', 'other', 'no-match');
    expect(drain(ch, 'unrouted')).toEqual(['no-match']);
    expect(reached()).toEqual({});
  });

  test('redeclaring with a different alternate exchange is a 406', () => {
    const h = new EngineHarness();
    declareExchange(h, 'x', 'direct');
    expectAmqpError(() => declareExchange(h, 'x', 'direct', { arguments: ae('ae') }), 406, 'channel',
      "PRECONDITION_FAILED - inequivalent arg 'alternate-exchange' for exchange 'x' in vhost '/': received the value 'ae' of type 'longstr' but current is none");
  });
});

describe('sender-selected distribution (CC and BCC headers)', () => {
  // Observed on RabbitMQ 3.10.8: CC and BCC keys route too; BCC is stripped before delivery.
  test('CC and BCC route to their keys; BCC is removed from the delivered headers', () => {
    const { ch } = setup('a', 'b', 'c');
    publish(ch, '', 'a', 'm', { headers: { CC: ['b'], BCC: ['c'], other: 1 } });
    for (const q of ['a', 'b', 'c']) {
      const r = ch.get(q, true);
      expect(r?.message.routingKey).toBe('a');
      expect(r?.properties.headers).toEqual({ CC: ['b'], other: 1 });
    }
  });

  test('a queue reached by the key and a CC key gets one copy', () => {
    const { h, ch, reached } = setup('q');
    bindQueue(h, 'q', 'amq.direct', 'a');
    bindQueue(h, 'q', 'amq.direct', 'b');
    publish(ch, 'amq.direct', 'a', 'm', { headers: { CC: ['b'] } });
    expect(reached()).toEqual({ q: 1 });
  });
});

describe('exchange.declare', () => {
  test('an unknown exchange type closes the connection with 503', () => {
    const h = new EngineHarness();
    expectAmqpError(() => declareExchange(h, 'x', 'bogus'), 503, 'connection', "COMMAND_INVALID - unknown exchange type 'bogus'");
  });

  test('passive declare of a missing exchange is a 404', () => {
    const h = new EngineHarness();
    expectAmqpError(
      () => h.broker.execute({ type: 'exchange.declare', vhost: '/', name: 'nope', exchangeType: 'direct', durable: false, autoDelete: false, internal: false, arguments: {}, passive: true }),
      404, 'channel', "NOT_FOUND - no exchange 'nope' in vhost '/'");
  });

  // Wording observed on RabbitMQ 3.10.8.
  test.each<[string, Parameters<typeof declareExchange>[3], string]>([
    ['type', {}, "inequivalent arg 'type' for exchange 'x' in vhost '/': received 'fanout' but current is 'direct'"],
    ['durable', { durable: true }, "inequivalent arg 'durable' for exchange 'x' in vhost '/': received 'true' but current is 'false'"],
    ['auto_delete', { autoDelete: true }, "inequivalent arg 'auto_delete' for exchange 'x' in vhost '/': received 'true' but current is 'false'"],
    ['internal', { internal: true }, "inequivalent arg 'internal' for exchange 'x' in vhost '/': received 'true' but current is 'false'"],
  ])('redeclaring with a different %s is a 406', (field, opts, detail) => {
    const h = new EngineHarness();
    declareExchange(h, 'x', 'direct');
    expectAmqpError(() => declareExchange(h, 'x', field === 'type' ? 'fanout' : 'direct', opts), 406, 'channel', `PRECONDITION_FAILED - ${detail}`);
  });
});

describe('queue.bind', () => {
  // Observed on 3.10.8: the exchange is checked first.
  test.each<[string, string, string]>([
    ['a missing exchange', 'q', "NOT_FOUND - no exchange 'nox' in vhost '/'"],
    ['a missing queue', 'noq', "NOT_FOUND - no queue 'noq' in vhost '/'"],
  ])('to %s is a 404', (_what, queue, replyText) => {
    const { h } = setup('q');
    const exchange = queue === 'q' ? 'nox' : 'amq.direct';
    expectAmqpError(() => bindQueue(h, queue, exchange, 'k'), 404, 'channel', replyText);
  });

  test('with both missing reports the exchange', () => {
    const h = new EngineHarness();
    expectAmqpError(() => bindQueue(h, 'noq', 'nox', 'k'), 404, 'channel', "NOT_FOUND - no exchange 'nox' in vhost '/'");
  });

  test('unbinding a missing binding or queue succeeds', () => {
    const { h } = setup('q');
    expect(() => unbindQueue(h, 'q', 'amq.direct', 'never-bound')).not.toThrow();
    expect(() => unbindQueue(h, 'noq', 'amq.direct', 'k')).not.toThrow();
  });

  test('binding twice is idempotent', () => {
    const { h, ch, reached } = setup('q');
    bindQueue(h, 'q', 'amq.direct', 'k');
    bindQueue(h, 'q', 'amq.direct', 'k');
    expect(exchangeOf(h, 'amq.direct')?.bindings.size).toBe(1);
    publish(ch, 'amq.direct', 'k');
    expect(reached()).toEqual({ q: 1 });
  });
});
