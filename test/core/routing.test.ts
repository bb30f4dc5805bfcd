import { describe, expect, test } from 'vitest';
import type { FieldTable } from '../../engine/core/field-value.ts';
import { EngineHarness } from '../support/engine-harness.ts';
import { bindExchange, bindQueue, declareExchange, exchangeOf, expectAmqpError, publish, routingSetup, unbindQueue } from '../support/core-helpers.ts';

const DEFAULT_X = 'operation not permitted on the default exchange';

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
    const { h, ch, reached } = routingSetup('q1', 'q2', 'q3');
    declareExchange(h, 'logs', 'direct');
    for (const [q, k] of bindings) bindQueue(h, q, 'logs', k);
    publish(ch, 'logs', rk);
    expect(reached()).toEqual(expected);
  });

  test('a queue bound under two matching bindings gets one copy', () => {
    const { h, ch, reached } = routingSetup('q');
    declareExchange(h, 'x', 'direct');
    bindQueue(h, 'q', 'x', 'k');
    bindQueue(h, 'q', 'x', 'k', { extra: 1 });
    publish(ch, 'x', 'k');
    expect(reached()).toEqual({ q: 1 });
  });

  test('unbinding stops the routing for that key only', () => {
    const { h, ch, reached } = routingSetup('q');
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
    const { h, ch, reached } = routingSetup('a', 'b', 'c');
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
    const { h, ch, reached } = routingSetup('Q1', 'Q2');
    declareExchange(h, 'topic_logs', 'topic');
    bindQueue(h, 'Q1', 'topic_logs', '*.orange.*');
    bindQueue(h, 'Q2', 'topic_logs', '*.*.rabbit');
    bindQueue(h, 'Q2', 'topic_logs', 'lazy.#');
    publish(ch, 'topic_logs', rk);
    expect(reached()).toEqual(expected);
  });

  test('amq.topic with a lone # behaves as fanout, even for the empty key', () => {
    const { h, ch, reached } = routingSetup('all');
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
    const { h, ch, reached } = routingSetup('q');
    bindQueue(h, 'q', 'amq.headers', 'ignored-key', bindArgs);
    publish(ch, 'amq.headers', 'any-key', 'm', headers === undefined ? {} : { headers });
    expect(reached()).toEqual(routed ? { q: 1 } : {});
  });

  // Wording observed on RabbitMQ 3.10.8 (rabbit_exchange_type_headers:validate_binding).
  test('a binding with an unknown x-match is refused with 406', () => {
    const { h } = routingSetup('q');
    expectAmqpError(() => bindQueue(h, 'q', 'amq.headers', '', { 'x-match': 'bogus' }), 406, 'channel',
      'PRECONDITION_FAILED - Invalid x-match field value <<"bogus">>; expected all, any, all-with-x, or any-with-x');
  });

  test('amq.match is a second pre-declared headers exchange', () => {
    const { h, ch, reached } = routingSetup('q');
    bindQueue(h, 'q', 'amq.match', '', { 'x-match': 'any', k: 'v' });
    publish(ch, 'amq.match', '', 'm', { headers: { k: 'v' } });
    expect(reached()).toEqual({ q: 1 });
  });
});

describe('the default exchange', () => {
  test('routes to the queue named by the routing key', () => {
    const { ch, reached } = routingSetup('orders', 'other');
    publish(ch, '', 'orders');
    expect(reached()).toEqual({ orders: 1 });
  });

  test('a key naming no queue routes nowhere', () => {
    const { ch, reached } = routingSetup('orders');
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
    const { h } = routingSetup('q');
    expectAmqpError(() => run(h), 403, 'channel', `ACCESS_REFUSED - ${DEFAULT_X}`);
  });
});

describe('publishing to a missing exchange', () => {
  test('is a 404 channel error', () => {
    const { ch } = routingSetup();
    expectAmqpError(() => publish(ch, 'nope', 'k'), 404, 'channel', "NOT_FOUND - no exchange 'nope' in vhost '/'");
  });
});

describe('sender-selected distribution (CC and BCC headers)', () => {
  // Observed on RabbitMQ 3.10.8: CC and BCC keys route too; BCC is stripped before delivery.
  test('CC and BCC route to their keys; BCC is removed from the delivered headers', () => {
    const { ch } = routingSetup('a', 'b', 'c');
    publish(ch, '', 'a', 'm', { headers: { CC: ['b'], BCC: ['c'], other: 1 } });
    for (const q of ['a', 'b', 'c']) {
      const r = ch.get(q, true);
      expect(r?.message.routingKey).toBe('a');
      expect(r?.properties.headers).toEqual({ CC: ['b'], other: 1 });
    }
  });

  test('a queue reached by the key and a CC key gets one copy', () => {
    const { h, ch, reached } = routingSetup('q');
    bindQueue(h, 'q', 'amq.direct', 'a');
    bindQueue(h, 'q', 'amq.direct', 'b');
    publish(ch, 'amq.direct', 'a', 'm', { headers: { CC: ['b'] } });
    expect(reached()).toEqual({ q: 1 });
  });

  // Observed on RabbitMQ 3.10.8 (rabbit_exchange:route1): every exchange on the
  // path routes all of the message's keys, whichever key brought it there.
  test('an exchange reached through a binding routes every key, not only the one that reached it', () => {
    const { h, ch, reached } = routingSetup('viaB', 'viaA');
    declareExchange(h, 'x1', 'direct');
    declareExchange(h, 'x2', 'direct');
    bindExchange(h, 'x2', 'x1', 'a');
    bindQueue(h, 'viaB', 'x2', 'b');
    bindQueue(h, 'viaA', 'x2', 'a');
    publish(ch, 'x1', 'a', 'm', { headers: { CC: ['b'] } });
    expect(reached()).toEqual({ viaA: 1, viaB: 1 });
  });

  test('the alternate exchange is used only when no key matched at all', () => {
    const { h, ch, reached } = routingSetup('q', 'unrouted');
    declareExchange(h, 'ae', 'fanout');
    declareExchange(h, 'x', 'direct', { arguments: { 'alternate-exchange': 'ae' } });
    bindQueue(h, 'q', 'x', 'a');
    bindQueue(h, 'unrouted', 'ae', '');
    publish(ch, 'x', 'a', 'm1', { headers: { CC: ['zzz'] } });
    expect(reached()).toEqual({ q: 1 });
    publish(ch, 'x', 'zzz', 'm2', { headers: { CC: ['yyy'] } });
    expect(reached()).toEqual({ unrouted: 1 });
  });

  test('an exchange reached twice through two keys gives its queues one copy', () => {
    const { h, ch, reached } = routingSetup('q');
    declareExchange(h, 'x1', 'direct');
    declareExchange(h, 'x2', 'topic');
    bindExchange(h, 'x2', 'x1', 'a');
    bindExchange(h, 'x2', 'x1', 'c');
    bindQueue(h, 'q', 'x2', '#');
    publish(ch, 'x1', 'a', 'm', { headers: { CC: ['c'] } });
    expect(reached()).toEqual({ q: 1 });
  });
});

describe('queue.bind', () => {
  // Observed on 3.10.8: the exchange is checked first.
  test.each<[string, string, string]>([
    ['a missing exchange', 'q', "NOT_FOUND - no exchange 'nox' in vhost '/'"],
    ['a missing queue', 'noq', "NOT_FOUND - no queue 'noq' in vhost '/'"],
  ])('to %s is a 404', (_what, queue, replyText) => {
    const { h } = routingSetup('q');
    const exchange = queue === 'q' ? 'nox' : 'amq.direct';
    expectAmqpError(() => bindQueue(h, queue, exchange, 'k'), 404, 'channel', replyText);
  });

  test('with both missing reports the exchange', () => {
    const h = new EngineHarness();
    expectAmqpError(() => bindQueue(h, 'noq', 'nox', 'k'), 404, 'channel', "NOT_FOUND - no exchange 'nox' in vhost '/'");
  });

  test('unbinding a missing binding or queue succeeds', () => {
    const { h } = routingSetup('q');
    expect(() => unbindQueue(h, 'q', 'amq.direct', 'never-bound')).not.toThrow();
    expect(() => unbindQueue(h, 'noq', 'amq.direct', 'k')).not.toThrow();
  });

  test('binding twice is idempotent', () => {
    const { h, ch, reached } = routingSetup('q');
    bindQueue(h, 'q', 'amq.direct', 'k');
    bindQueue(h, 'q', 'amq.direct', 'k');
    expect(exchangeOf(h, 'amq.direct')?.bindings.size).toBe(1);
    publish(ch, 'amq.direct', 'k');
    expect(reached()).toEqual({ q: 1 });
  });
});
