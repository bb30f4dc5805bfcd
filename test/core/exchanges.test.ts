import { describe, expect, test } from 'vitest';
import type { FieldTable } from '../../engine/core/field-value.ts';
import { EngineHarness } from '../support/engine-harness.ts';
import { bindExchange, bindQueue, declareExchange, drain, exchangeOf, expectAmqpError, publish, routingSetup, unbindQueue } from '../support/core-helpers.ts';

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
    const { h, ch } = routingSetup();
    declareExchange(h, 'inner', 'fanout', { internal: true });
    expectAmqpError(() => publish(ch, 'inner', ''), 403, 'channel', "ACCESS_REFUSED - cannot publish to internal exchange 'inner' in vhost '/'");
  });

  test('still route what reaches them through an exchange-to-exchange binding', () => {
    const { h, ch, reached } = routingSetup('q');
    declareExchange(h, 'front', 'fanout');
    declareExchange(h, 'inner', 'fanout', { internal: true });
    bindExchange(h, 'inner', 'front', '');
    bindQueue(h, 'q', 'inner', '');
    publish(ch, 'front', '');
    expect(reached()).toEqual({ q: 1 });
  });
});

describe('auto-delete exchanges', () => {
  // Observed on RabbitMQ 3.10.8: deleted when the last binding *from* them goes, never before a first binding.
  test('are deleted when their last binding is removed, not before', () => {
    const { h } = routingSetup('q');
    declareExchange(h, 'ad', 'direct', { autoDelete: true });
    bindQueue(h, 'q', 'ad', 'a');
    bindQueue(h, 'q', 'ad', 'b');
    unbindQueue(h, 'q', 'ad', 'a');
    expect(exchangeOf(h, 'ad')).toBeDefined();
    unbindQueue(h, 'q', 'ad', 'b');
    expect(exchangeOf(h, 'ad')).toBeUndefined();
  });

  test('stay while they never had a binding', () => {
    const { h } = routingSetup();
    declareExchange(h, 'ad', 'direct', { autoDelete: true });
    h.clock.advance(60_000);
    expect(exchangeOf(h, 'ad')).toBeDefined();
  });

  test('go when the only bound queue is deleted', () => {
    const { h } = routingSetup('q');
    declareExchange(h, 'ad', 'direct', { autoDelete: true });
    bindQueue(h, 'q', 'ad', 'a');
    h.broker.execute({ type: 'queue.delete', vhost: '/', name: 'q' });
    expect(exchangeOf(h, 'ad')).toBeUndefined();
  });

  test('go when the destination exchange of their only binding is deleted', () => {
    const { h } = routingSetup();
    declareExchange(h, 'ad', 'direct', { autoDelete: true });
    declareExchange(h, 'dest', 'direct');
    bindExchange(h, 'dest', 'ad', 'k');
    h.broker.execute({ type: 'exchange.delete', vhost: '/', name: 'dest' });
    expect(exchangeOf(h, 'ad')).toBeUndefined();
  });

  test('stay when only a binding *to* them is removed (they are its destination)', () => {
    const { h } = routingSetup();
    declareExchange(h, 'src', 'direct');
    declareExchange(h, 'ad', 'direct', { autoDelete: true });
    bindExchange(h, 'ad', 'src', 'k');
    h.broker.execute({ type: 'exchange.delete', vhost: '/', name: 'src' });
    expect(exchangeOf(h, 'ad')).toBeDefined();
  });
});

describe('exchange.delete', () => {
  test('if-unused refuses an exchange that is the source of a binding', () => {
    const { h } = routingSetup('q');
    declareExchange(h, 'x', 'fanout');
    bindQueue(h, 'q', 'x', '');
    expectAmqpError(() => h.broker.execute({ type: 'exchange.delete', vhost: '/', name: 'x', ifUnused: true }), 406, 'channel',
      "PRECONDITION_FAILED - exchange 'x' in vhost '/' in use");
  });

  test('if-unused ignores bindings where the exchange is only the destination', () => {
    const { h } = routingSetup();
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
    const { h, ch, reached } = routingSetup('q');
    declareExchange(h, 'a', 'topic');
    declareExchange(h, 'b', 'direct');
    bindExchange(h, 'b', 'a', 'orders.#');
    bindQueue(h, 'q', 'b', 'orders.eu');
    publish(ch, 'a', 'orders.eu');
    publish(ch, 'a', 'orders.us');
    expect(reached()).toEqual({ q: 1 });
  });

  test('a cycle of exchanges delivers one copy per queue (observed on 3.10.8)', () => {
    const { h, ch, reached } = routingSetup('q');
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
    const { h, ch, reached } = routingSetup('q');
    declareExchange(h, 'self', 'fanout');
    bindExchange(h, 'self', 'self', '');
    bindQueue(h, 'q', 'self', '');
    publish(ch, 'self', '');
    expect(reached()).toEqual({ q: 1 });
  });

  test('deleting the destination exchange removes the binding', () => {
    const { h, ch, reached } = routingSetup('q');
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
    const { h, ch, reached } = routingSetup('main', 'unrouted');
    declareExchange(h, 'ae', 'fanout');
    bindQueue(h, 'unrouted', 'ae', '');
    declareExchange(h, 'x', 'direct', { arguments: ae('ae') });
    bindQueue(h, 'main', 'x', 'known');
    publish(ch, 'x', 'known');
    publish(ch, 'x', 'unknown');
    expect(reached()).toEqual({ main: 1, unrouted: 1 });
  });

  test('chain until one routes', () => {
    const { h, ch, reached } = routingSetup('last');
    declareExchange(h, 'ae2', 'fanout');
    bindQueue(h, 'last', 'ae2', '');
    declareExchange(h, 'ae1', 'direct', { arguments: ae('ae2') });
    declareExchange(h, 'x', 'direct', { arguments: ae('ae1') });
    publish(ch, 'x', 'k');
    expect(reached()).toEqual({ last: 1 });
  });

  test('count as routed: a mandatory publish is not returned', () => {
    const { h, ch, sink } = routingSetup('unrouted');
    declareExchange(h, 'ae', 'fanout');
    bindQueue(h, 'unrouted', 'ae', '');
    declareExchange(h, 'x', 'direct', { arguments: ae('ae') });
    publish(ch, 'x', 'k', 'm', {}, true);
    expect(sink.returns).toEqual([]);
  });

  test('a chain that routes nowhere returns a mandatory message', () => {
    const { h, ch, sink } = routingSetup();
    declareExchange(h, 'ae', 'direct');
    declareExchange(h, 'x', 'direct', { arguments: ae('ae') });
    publish(ch, 'x', 'k', 'm', {}, true);
    expect(sink.returns.map((r) => [r.code, r.text])).toEqual([[312, 'NO_ROUTE']]);
  });

  test('a cycle of alternate exchanges terminates and the message is unroutable', () => {
    const { h, ch, sink } = routingSetup();
    declareExchange(h, 'x', 'direct', { arguments: ae('y') });
    declareExchange(h, 'y', 'direct', { arguments: ae('x') });
    publish(ch, 'x', 'k', 'm', {}, true);
    expect(sink.returns).toHaveLength(1);
  });

  test('a missing alternate exchange is ignored', () => {
    const { h, ch, sink } = routingSetup();
    declareExchange(h, 'x', 'direct', { arguments: ae('not-declared') });
    publish(ch, 'x', 'k', 'm', {}, true);
    expect(sink.returns).toHaveLength(1);
  });

  // rabbit_exchange:route1/process_alternate, observed on 3.10.8: the AE of an exchange fires only
  // when its own bindings match nothing; an e2e binding that matched counts even if its
  // destination then routes nowhere.
  test('fire only when the exchange itself matched no binding', () => {
    const { h, ch, reached } = routingSetup('unrouted');
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
