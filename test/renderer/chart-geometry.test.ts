import { describe, expect, test } from 'vitest';
import { frameOf, linePath, scalesOf, xOf, yOf } from '../../renderer/src/panels/charts/plot-geometry.ts';
import type { Row } from '../../renderer/src/panels/charts/plot-geometry.ts';

const rows = (values: (number | null)[], step = 1000): Row[] => values.map((v, i) => ({ t: i * step, a: v }));

describe('chart geometry', () => {
  test('the plot sits where recharts put it: a 42 px value axis on the left, a 30 px time axis below', () => {
    expect(frameOf(369, 180)).toEqual({ width: 369, height: 180, left: 42, right: 357, top: 6, bottom: 150 });
  });

  test('values get recharts’ nice ticks from zero, and the top tick is the top of the plot', () => {
    const s = scalesOf(rows([10, 63_000, 41_000]), ['a']);
    expect(s.yTicks).toEqual([0, 20_000, 40_000, 60_000, 80_000]);
    expect([s.y0, s.y1]).toEqual([0, 80_000]);
    const f = frameOf(369, 180);
    expect(yOf(f, s, 0)).toBe(150);
    expect(yOf(f, s, 80_000)).toBe(6);
    // Nothing but zeros still gets an axis.
    expect(scalesOf(rows([0, 0]), ['a']).yTicks).toEqual([0, 1, 2, 3, 4]);
  });

  test('time runs over the window with five ticks from the first sample to the last', () => {
    const s = scalesOf(rows([1, 2, 3], 2000), ['a']);
    expect(s.xTicks).toEqual([0, 1000, 2000, 3000, 4000]);
    const f = frameOf(369, 180);
    expect(xOf(f, s, 0)).toBe(42);
    expect(xOf(f, s, 4000)).toBe(357);
    // One sample: drawn in the middle.
    expect(xOf(f, scalesOf(rows([5]), ['a']), 0)).toBe((42 + 357) / 2);
  });

  test('a line is straight segments through its samples and breaks where a value is unknown', () => {
    const f = frameOf(142, 136); // plot 42..130 wide, 6..106 high
    const s = scalesOf(rows([0, 4, null, 2, 4]), ['a']);
    expect([s.y0, s.y1]).toEqual([0, 4]);
    expect(linePath(f, s, rows([0, 4, null, 2, 4]), 'a')).toBe('M42,106L64,6M108,56L130,6');
    expect(linePath(f, s, rows([null, null]), 'a')).toBe('');
  });
});
