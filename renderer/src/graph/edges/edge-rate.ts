import { headline } from '../../model/node-stats.ts';
import { rate as fmtRate } from '../../util/format.ts';
import type { NodeStats } from '../../model/node-stats.ts';

/** Messages per second a node sends out of it (`out`) or takes in (`in`). */
export function sideRate(st: NodeStats | undefined, side: 'in' | 'out'): number {
  if (!st) return 0;
  const r = st.rates;
  const h = headline(r);
  if (side === 'out') return r.publishOut || r.publish || h.delivered;
  return r.publishIn || h.delivered || r.publish;
}

/** Share of a consume edge's deliveries that were redeliveries, 0..1. */
export function redeliveredShare(st: NodeStats | undefined): number {
  if (!st) return 0;
  const h = headline(st.rates);
  return h.delivered > 0 ? Math.min(1, h.redelivered / h.delivered) : 0;
}

/** Rates above this animate a dashed stroke; at or below, single messages travel as dots. */
export const DOT_LIMIT = 8;

/** Dash speed for a rate: faster flow, faster dashes (seconds per cycle). */
export function flowSpeed(rate: number): string {
  return `${Math.max(0.25, 1.4 - Math.log10(Math.max(1, rate)) * 0.3).toFixed(2)}s`;
}

/** Stroke width for a rate: thicker with each order of magnitude. */
export function flowWidth(rate: number): number {
  return rate <= 0 ? 1.6 : Math.min(6, 1.8 + Math.log10(1 + rate) * 0.9);
}

/**
 * An edge's flow as `useLiveStats` reads it: whether it flows, animates, or
 * carries dots (how many, what share redelivered; `dotsAtAnyRate`: at most
 * DOT_LIMIT of them however fast) decide what is drawn;
 * its width, dash speed and rate label are written into the DOM.
 */
export function edgeFlow(r: number, redelivered = 0, dotsAtAnyRate = false) {
  const dots = r > 0 && (dotsAtAnyRate || r <= DOT_LIMIT) ? Math.min(DOT_LIMIT, Math.max(1, Math.round(r))) : 0;
  return { on: r > 0, fast: r > DOT_LIMIT, dots, redelivered: dots > 0 ? redelivered : 0, width: `${flowWidth(r)}px`, speed: flowSpeed(r), rate: r > 0 ? fmtRate(r) : '' };
}

/** What an edge draws (not its numbers): it re-renders when this changes. */
export function edgeShape(f: ReturnType<typeof edgeFlow>): string {
  return `${f.on} ${f.fast} ${f.dots} ${f.redelivered}`;
}
