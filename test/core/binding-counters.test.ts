import { describe, expect, test } from 'vitest';
import { declareQueue } from '../support/engine-harness.ts';
import { bindExchange, bindQueue, declareExchange, publish, routingSetup, unbindQueue } from '../support/core-helpers.ts';

type Setup = ReturnType<typeof routingSetup>;

/** Each binding's counter, as `source>destination:key` → messages routed. */
function counts(s: Setup): Record<string, number> {
  const out: Record<string, number> = {};
  for (const b of s.h.broker.vhost('/')!.bindings.values()) out[`${b.source}>${b.destination}:${b.routingKey}`] = b.routed;
  return out;
}

describe('per-binding message counters', () => {
  test('count the messages each binding routed, not the ones it did not match', () => {
    const s = routingSetup('a', 'b');
    declareExchange(s.h, 'x', 'direct');
    bindQueue(s.h, 'a', 'x', 'green');
    bindQueue(s.h, 'b', 'x', 'red');
    for (let i = 0; i < 3; i++) publish(s.ch, 'x', 'green');
    publish(s.ch, 'x', 'blue');
    expect(counts(s)).toEqual({ 'x>a:green': 3, 'x>b:red': 0 });
  });

  test('two matching patterns to one queue: each binding counts, the queue gets one copy', () => {
    const s = routingSetup('q');
    declareExchange(s.h, 'x', 'topic');
    bindQueue(s.h, 'q', 'x', 'orders.#');
    bindQueue(s.h, 'q', 'x', '*.eu');
    publish(s.ch, 'x', 'orders.eu');
    expect(counts(s)).toEqual({ 'x>q:orders.#': 1, 'x>q:*.eu': 1 });
    expect(s.reached()).toEqual({ q: 1 });
  });

  test('a message counts once per binding even when CC keys walk the exchange again', () => {
    const s = routingSetup('q');
    declareExchange(s.h, 'x', 'fanout');
    bindQueue(s.h, 'q', 'x', '');
    publish(s.ch, 'x', 'a', 'm', { headers: { CC: ['b', 'c'] } });
    expect(counts(s)).toEqual({ 'x>q:': 1 });
  });

  test('exchange-to-exchange bindings count what flows through them', () => {
    const s = routingSetup('q');
    declareExchange(s.h, 'front', 'topic');
    declareExchange(s.h, 'back', 'fanout');
    bindExchange(s.h, 'back', 'front', 'a.*');
    bindQueue(s.h, 'q', 'back', '');
    publish(s.ch, 'front', 'a.b');
    publish(s.ch, 'front', 'z');
    expect(counts(s)).toEqual({ 'front>back:a.*': 1, 'back>q:': 1 });
  });

  test('dead-lettered messages count on the dead-letter exchange bindings', () => {
    const s = routingSetup();
    declareExchange(s.h, 'dlx', 'fanout');
    declareQueue(s.ch, 'dead');
    declareQueue(s.ch, 'work', { 'x-dead-letter-exchange': 'dlx' });
    bindQueue(s.h, 'dead', 'dlx', '');
    publish(s.ch, '', 'work');
    const got = s.ch.get('work', false)!;
    s.ch.reject(got.deliveryTag, false);
    expect(counts(s)).toEqual({ 'dlx>dead:': 1 });
  });

  test('a binding removed and added again starts from zero', () => {
    const s = routingSetup('q');
    declareExchange(s.h, 'x', 'fanout');
    bindQueue(s.h, 'q', 'x', '');
    publish(s.ch, 'x', '');
    unbindQueue(s.h, 'q', 'x', '');
    bindQueue(s.h, 'q', 'x', '');
    expect(counts(s)).toEqual({ 'x>q:': 0 });
  });
});
