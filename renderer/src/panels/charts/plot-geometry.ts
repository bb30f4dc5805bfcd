import { getNiceTickValues } from 'recharts';

/** A chart row: its time and each drawn series' value (null where unknown: the line breaks there). */
export type Row = { t: number } & Record<string, number | null>;

/** The plot's frame inside the chart, as recharts lays out a LineChart with a 42 px Y axis and the default 30 px X axis. */
export const MARGIN = { top: 6, right: 12, bottom: 30, left: 42 } as const;

export interface Frame {
  width: number;
  height: number;
  /** The plot area (where lines go) in chart pixels. */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export function frameOf(width: number, height: number): Frame {
  return { width, height, left: MARGIN.left, right: Math.max(MARGIN.left, width - MARGIN.right), top: MARGIN.top, bottom: Math.max(MARGIN.top, height - MARGIN.bottom) };
}

/** What the axes show: the time span with five evenly spaced ticks, and the value span widened to recharts' nice ticks. */
export interface Scales {
  t0: number;
  t1: number;
  xTicks: number[];
  y0: number;
  y1: number;
  yTicks: number[];
}

/** Scales for `rows` over the series `keys`: values from 0 (or below, if any are) to the data's top, on nice ticks as recharts' default Y axis. */
export function scalesOf(rows: readonly Row[], keys: readonly string[]): Scales {
  const t0 = rows[0]?.t ?? 0;
  const t1 = rows[rows.length - 1]?.t ?? 0;
  const xTicks = t1 > t0 ? [0, 1, 2, 3, 4].map((i) => Math.round(t0 + ((t1 - t0) * i) / 4)) : [t0];
  let lo = 0;
  let hi = 0;
  for (const r of rows)
    for (const k of keys) {
      const v = r[k];
      if (v === null || v === undefined) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  const yTicks = getNiceTickValues([lo, hi], 5, true);
  return { t0, t1, xTicks, y0: Math.min(lo, yTicks[0] ?? lo), y1: Math.max(hi, yTicks[yTicks.length - 1] ?? hi), yTicks };
}

/** Pixel position of time `t` (a one-instant span sits in the middle, as a linear scale over an empty domain does). */
export function xOf(f: Frame, s: Scales, t: number): number {
  return s.t1 > s.t0 ? f.left + ((t - s.t0) / (s.t1 - s.t0)) * (f.right - f.left) : (f.left + f.right) / 2;
}

export function yOf(f: Frame, s: Scales, v: number): number {
  return s.y1 > s.y0 ? f.bottom - ((v - s.y0) / (s.y1 - s.y0)) * (f.bottom - f.top) : (f.top + f.bottom) / 2;
}

const r3 = (n: number): number => Math.round(n * 1000) / 1000;

/**
 * One series as an SVG path: straight segments between known points; an
 * unknown value breaks the line (a new `M` after it), as recharts draws a
 * linear line without connectNulls.
 */
export function linePath(f: Frame, s: Scales, rows: readonly Row[], key: string): string {
  let d = '';
  let pen = false;
  for (const r of rows) {
    const v = r[key];
    if (v === null || v === undefined) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${r3(xOf(f, s, r.t))},${r3(yOf(f, s, v))}`;
    pen = true;
  }
  return d;
}
