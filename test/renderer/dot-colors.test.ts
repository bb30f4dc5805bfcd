import { describe, expect, test } from 'vitest';
import { keyColor, keyParts, planDots, readPlan, templateKeys } from '../../renderer/src/graph/edges/dot-colors.ts';
import { dotPlans, outcomeParts } from '../../renderer/src/graph/edges/edge-rate.ts';
import type { NodeStats } from '../../renderer/src/model/node-stats.ts';
import { newCounts, countsRecord } from '../../engine/metrics/counts.ts';

/** Stats with these rates (all others zero). */
function stats(rates: Partial<NodeStats['rates']>): NodeStats {
  const zero = countsRecord(newCounts()) as unknown as NodeStats['rates'];
  return { rates: { ...zero, ...rates }, counts: countsRecord(newCounts()) };
}

const labels = (plan: string): string[] => readPlan(plan).map((d) => d.label);
const tally = (plan: string): Record<string, number> => labels(plan).reduce<Record<string, number>>((t, l) => ({ ...t, [l]: (t[l] ?? 0) + 1 }), {});

describe('message dot colours', () => {
  test('dots are shared by weight, every present share keeps a dot, and colours are spread along the edge', () => {
    const plan = planDots(
      [
        { color: 'a', label: 'A', weight: 6 },
        { color: 'b', label: 'B', weight: 2 },
      ],
      8,
    );
    expect(tally(plan)).toEqual({ A: 6, B: 2 });
    // Not a train of A then B: the Bs sit among the As.
    expect(labels(plan)).not.toEqual(['A', 'A', 'A', 'A', 'A', 'A', 'B', 'B']);
    // A rare share (1 in 100) still shows as one dot of eight.
    expect(tally(planDots([{ color: 'a', label: 'A', weight: 99 }, { color: 'b', label: 'B', weight: 1 }], 8))).toEqual({ A: 7, B: 1 });
    expect(readPlan(planDots([{ color: 'a', label: 'A', weight: 1 }], 3))).toHaveLength(3);
    expect(planDots([{ color: 'a', label: 'A', weight: 0 }], 3)).toBe('');
  });

  test('outcomes: returned publishes, redeliveries and expired dead-letters get their own colour', () => {
    expect(tally(dotPlans(4, 'publish', stats({ publish: 4, returnUnroutable: 1 }), [], {}).planOutcome)).toEqual({ published: 3, 'returned (unroutable)': 1 });
    expect(tally(dotPlans(5, 'consume', stats({ deliverManualAck: 5, redelivered: 1 }), [], {}).planOutcome)).toEqual({ delivered: 4, redelivered: 1 });
    expect(tally(dotPlans(2, 'dead-letter', stats({ deadLetteredExpired: 1, deadLetteredRejected: 1 }), [], {}).planOutcome)).toEqual({ 'dead-lettered': 1, 'expired, dead-lettered': 1 });
    expect(outcomeParts('binding', undefined)).toEqual([{ color: 'var(--o-published)', label: 'routed', weight: 1 }]);
    // Before any rate is known, the edge's usual colour.
    expect(labels(dotPlans(2, 'consume', undefined, [], {}).planOutcome)).toEqual(['delivered', 'delivered']);
  });

  test("by key: a queue's keys weighed by their bindings' rates; without keys, the outcome colours", () => {
    const keys = [
      { key: 'eu.orders', binding: 'b1' },
      { key: 'us.orders', binding: 'b2' },
    ];
    const p = dotPlans(8, 'consume', stats({ deliverManualAck: 8 }), keys, { b1: 6, b2: 2 });
    expect(tally(p.planKey)).toEqual({ 'routing key eu.orders': 6, 'routing key us.orders': 2 });
    expect(readPlan(p.planKey).find((d) => d.label.endsWith('eu.orders'))?.color).toBe(keyColor('eu.orders'));
    // No rates yet: evenly.
    expect(tally(dotPlans(4, 'consume', undefined, keys, {}).planKey)).toEqual({ 'routing key eu.orders': 2, 'routing key us.orders': 2 });
    const none = dotPlans(3, 'publish', undefined, [], {});
    expect(none.planKey).toBe(none.planOutcome);
    expect(keyParts([{ key: '' }], () => 0)[0]?.label).toBe('routing key (empty)');
  });

  test('a key has one colour everywhere, different keys (almost always) differ', () => {
    expect(keyColor('eu.orders')).toBe(keyColor('eu.orders'));
    const colours = new Set(['eu.orders', 'us.orders', 'asia.orders', 'payments', 'audit.log'].map(keyColor));
    expect(colours.size).toBe(5);
  });

  test("a producer's key template lists the keys it makes", () => {
    expect(templateKeys('{eu|us|asia}.orders')).toEqual(['eu.orders', 'us.orders', 'asia.orders']);
    expect(templateKeys('order.{int:1-100}')).toEqual(['order.*']);
    expect(templateKeys('{a|b}.{c|d}')).toEqual(['a.c', 'a.d', 'b.c', 'b.d']);
    expect(templateKeys('events')).toEqual(['events']);
    expect(templateKeys('')).toEqual(['']);
    expect(templateKeys('{a|b|c}.{d|e|f}', 4)).toHaveLength(4);
  });
});
