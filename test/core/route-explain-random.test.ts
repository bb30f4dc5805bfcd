import { describe, expect, test } from 'vitest';
import type { FieldTable } from '../../engine/core/field-value.ts';
import type { BasicProperties } from '../../engine/core/message.ts';
import { SeededRandom } from '../../engine/core/random.ts';
import { explainRoute } from '../../engine/core/route-explain.ts';
import { declareQueue, text } from '../support/engine-harness.ts';
import { bindExchange, bindQueue, declareExchange, queueOf, routingSetup } from '../support/core-helpers.ts';

const TYPES = ['direct', 'fanout', 'topic', 'headers'] as const;
const KEYS = ['a', 'b', 'a.b', 'c.b', 'a.b.c', ''];
const PATTERNS: Record<string, string[]> = { direct: ['a', 'b', 'a.b', ''], fanout: [''], topic: ['a.*', '#', 'a.#', '*.b', 'c', '*'], headers: [''] };

/**
 * Seeded random topologies (every exchange type, exchange-to-exchange
 * bindings with cycles, internal exchanges, alternate exchanges that exist or
 * not) and random messages (headers, CC keys): for each message the explain
 * must name exactly the queues a real publish fills, exactly the bindings
 * whose counters move, and the same return/drop fate.
 */
describe('route explain agrees with real routing', () => {
  test.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])('seed %i', (seed) => {
    const rnd = new SeededRandom(seed);
    const pick = <T,>(xs: readonly T[]): T => xs[rnd.int(xs.length)]!;
    const s = routingSetup();
    const queues = ['q0', 'q1', 'q2', 'q3', 'q4', 'q5'];
    for (const q of queues) declareQueue(s.ch, q);
    const exchanges = ['x0', 'x1', 'x2', 'x3', 'x4', 'x5'];
    const typeOf = new Map<string, string>();
    for (const [i, name] of exchanges.entries()) {
      const type = pick(TYPES);
      typeOf.set(name, type);
      const ae = rnd.next() < 0.4 ? { 'alternate-exchange': pick([...exchanges, 'missing']) } : {};
      declareExchange(s.h, name, type, { internal: i >= 4 && rnd.next() < 0.5, arguments: ae });
    }
    const headerArgs = (): FieldTable => {
      const args: FieldTable = { 'x-match': pick(['all', 'any']) };
      if (rnd.next() < 0.7) args['k1'] = pick(['v1', 'v2']);
      if (rnd.next() < 0.5) args['k2'] = 'v1';
      return args;
    };
    for (let i = 0; i < 16; i++) {
      const source = pick(exchanges);
      const type = typeOf.get(source)!;
      const key = pick(PATTERNS[type]!);
      const args = type === 'headers' ? headerArgs() : {};
      if (rnd.next() < 0.3) bindExchange(s.h, pick(exchanges), source, key, args);
      else bindQueue(s.h, pick(queues), source, key, args);
    }
    const v = s.h.broker.vhost('/')!;
    const publishable = exchanges.filter((x) => !v.exchanges.get(x)!.internal);
    for (let m = 0; m < 40; m++) {
      const exchange = pick(publishable);
      const routingKey = pick(KEYS);
      const headers: FieldTable = {};
      if (rnd.next() < 0.6) headers['k1'] = pick(['v1', 'v2']);
      if (rnd.next() < 0.4) headers['k2'] = pick(['v1', 'v2']);
      if (rnd.next() < 0.2) headers['CC'] = [pick(KEYS)];
      const props: BasicProperties = Object.keys(headers).length > 0 ? { headers } : {};
      const e = explainRoute(s.h.broker, v, { exchange, routingKey, properties: props, bodySize: 1, mandatory: true });

      const depth = new Map(queues.map((q) => [q, queueOf(s.h, q).messageCount]));
      const counts = new Map([...v.bindings.values()].map((b) => [b.key, b.routed]));
      const returns = s.sink.returns.length;
      s.ch.publish(exchange, routingKey, true, props, text('m'));

      const filled = queues.filter((q) => queueOf(s.h, q).messageCount === depth.get(q)! + 1);
      expect(queues.filter((q) => queueOf(s.h, q).messageCount > depth.get(q)! + 1)).toEqual([]);
      expect(e.queues.map((q) => q.queue).sort()).toEqual(filled);
      const moved = [...v.bindings.values()].filter((b) => b.routed !== counts.get(b.key)).map((b) => b.key);
      expect([...v.bindings.values()].every((b) => b.routed - counts.get(b.key)! <= 1)).toBe(true);
      const matched = new Set(e.hops.flatMap((h) => h.bindings.filter((b) => b.matched).map((b) => b.binding.key)));
      expect([...matched].sort()).toEqual(moved.sort());
      expect(e.outcome === 'returned').toBe(s.sink.returns.length === returns + 1);
      expect(e.outcome).toBe(filled.length > 0 ? 'routed' : 'returned');
    }
  });
});
