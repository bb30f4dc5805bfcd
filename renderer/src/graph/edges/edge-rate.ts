import { headline } from '../../model/node-stats.ts';
import { rate as fmtRate } from '../../util/format.ts';
import type { NodeStats } from '../../model/node-stats.ts';
import type { DotKey, DotPart } from './dot-colors.ts';
import { keyParts, planDots } from './dot-colors.ts';

/** Messages per second a node sends out of it (`out`) or takes in (`in`). */
export function sideRate(st: NodeStats | undefined, side: 'in' | 'out'): number {
  if (!st) return 0;
  const r = st.rates;
  const h = headline(r);
  if (side === 'out') return r.publishOut || r.publish || h.delivered;
  return r.publishIn || h.delivered || r.publish;
}

/** Rates above this animate a dashed stroke; at or below, single messages travel as dots. */
export const DOT_LIMIT = 8;

/**
 * Dash speed for a rate: faster flow, faster dashes (seconds per cycle), in
 * 0.05 s steps: a rate wobbling by a few percent leaves it as it is.
 */
export function flowSpeed(rate: number): string {
  return `${(Math.round(Math.max(0.25, 1.4 - Math.log10(Math.max(1, rate)) * 0.3) * 20) / 20).toFixed(2)}s`;
}

/**
 * Stroke width for a rate: thicker with each order of magnitude, in 0.2 px
 * steps, so a push repaints an edge only when its width visibly changes.
 */
export function flowWidth(rate: number): number {
  return rate <= 0 ? 1.6 : Math.round(Math.min(6, 1.8 + Math.log10(1 + rate) * 0.9) * 5) / 5;
}

/**
 * An edge's flow as `useLiveStats` reads it: whether it flows, animates, or
 * carries dots (how many; `dotsAtAnyRate`: at most DOT_LIMIT of them
 * however fast; their colours come from `dotPlans`) decide what is drawn;
 * its width, dash speed and rate label are written into the DOM.
 */
export function edgeFlow(r: number, dotsAtAnyRate = false) {
  const dots = r > 0 && (dotsAtAnyRate || r <= DOT_LIMIT) ? Math.min(DOT_LIMIT, Math.max(1, Math.round(r))) : 0;
  return { on: r > 0, fast: r > DOT_LIMIT, dots, width: `${flowWidth(r)}px`, speed: flowSpeed(r), rate: r > 0 ? fmtRate(r) : '' };
}

/** What an edge draws (not its numbers): it re-renders when this changes. */
export function edgeShape(f: ReturnType<typeof edgeFlow>): string {
  return `${f.on} ${f.fast} ${f.dots}`;
}

/** What a message on an edge can have become, and the colour that says so (the legend's words). */
const O = {
  published: { color: 'var(--o-published)', label: 'published' },
  routed: { color: 'var(--o-published)', label: 'routed' },
  delivered: { color: 'var(--o-delivered)', label: 'delivered' },
  redelivered: { color: 'var(--o-redelivered)', label: 'redelivered' },
  returned: { color: 'var(--o-returned)', label: 'returned (unroutable)' },
  dead: { color: 'var(--o-dead)', label: 'dead-lettered' },
  expired: { color: 'var(--o-expired)', label: 'expired, dead-lettered' },
} as const;

export type DotEdgeKind = 'publish' | 'consume' | 'binding' | 'dead-letter';

/** An edge's dots by outcome, weighed by the rates of the node it reads (`st`). */
export function outcomeParts(kind: DotEdgeKind, st: NodeStats | undefined): DotPart[] {
  const r = st?.rates;
  if (kind === 'binding' || !r) return [{ ...(kind === 'consume' ? O.delivered : kind === 'dead-letter' ? O.dead : kind === 'binding' ? O.routed : O.published), weight: 1 }];
  const h = headline(r);
  if (kind === 'publish') return [{ ...O.published, weight: Math.max(0, h.published - h.returned) }, { ...O.returned, weight: h.returned }];
  if (kind === 'consume') return [{ ...O.delivered, weight: Math.max(0, h.delivered - h.redelivered) }, { ...O.redelivered, weight: h.redelivered }];
  return [{ ...O.dead, weight: r.deadLetteredRejected + r.deadLetteredMaxlen + r.deadLetteredDeliveryLimit }, { ...O.expired, weight: r.deadLetteredExpired }];
}

/**
 * Both ways to colour an edge's `dots`: by outcome and by routing key (keys
 * weighed by their bindings' rates from `bindingRates`). Without known keys,
 * the key plan is the outcome plan. Plans are strings (see `planDots`).
 */
export function dotPlans(dots: number, kind: DotEdgeKind, st: NodeStats | undefined, keys: readonly DotKey[], bindingRates: Readonly<Record<string, number>>): { planOutcome: string; planKey: string } {
  if (dots === 0) return { planOutcome: '', planKey: '' };
  const planOutcome = planDots(outcomeParts(kind, st), dots) || planDots(outcomeParts(kind, undefined), dots);
  const planKey = keys.length > 0 ? planDots(keyParts(keys, (b) => bindingRates[b] ?? 0), dots) : planOutcome;
  return { planOutcome, planKey };
}

/** What an edge with dots draws: its flow shape and both dot plans. */
export function dotEdgeShape(f: ReturnType<typeof edgeFlow> & { planOutcome: string; planKey: string }): string {
  return `${edgeShape(f)} ${f.planOutcome} ${f.planKey}`;
}
