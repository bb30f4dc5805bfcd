import type { DotSpec } from './message-dots.tsx';

/**
 * What the travelling dots' colours say: the outcome of each message
 * (published, delivered, redelivered, dead-lettered, expired, returned), or
 * its routing key, so a learner can follow one key through the exchanges.
 */
export type DotMode = 'outcome' | 'key';

/** A share of an edge's dots: their colour, what a dot says on hover, and their weight. */
export interface DotPart {
  color: string;
  label: string;
  weight: number;
}

/** A routing key an edge carries; `binding` names the binding whose rate weighs it. */
export interface DotKey {
  key: string;
  binding?: string;
}

const SEP = '\u001f';
const LINE = '\u001e';

/**
 * `n` dots shared among `parts` by weight (largest remainder, in the parts'
 * order; a part with any weight gets a dot when there are dots enough), as
 * one string, so a live badge can carry it and redraw only when it changes.
 */
export function planDots(parts: readonly DotPart[], n: number): string {
  const live = parts.filter((p) => p.weight > 0);
  if (n <= 0 || live.length === 0) return '';
  const total = live.reduce((s, p) => s + p.weight, 0);
  const exact = live.map((p) => (p.weight / total) * n);
  const counts = exact.map((x) => Math.floor(x));
  // Every share present gets at least one dot while there are enough dots: a rare redelivery stays visible.
  for (let i = 0; i < counts.length && live.length <= n; i++) if (counts[i] === 0) counts[i] = 1;
  let left = n - counts.reduce((s, c) => s + c, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k = (k + 1) % byRemainder.length, left--) counts[byRemainder[k]![1]]! += 1;
  while (left < 0) {
    const i = counts.indexOf(Math.max(...counts));
    counts[i]! -= 1;
    left++;
  }
  // Spread each colour along the edge rather than in trains: dot j of a part with c dots sits at (j + ½) / c.
  const slots = live.flatMap((p, i) => Array.from({ length: counts[i] ?? 0 }, (_, j) => ({ at: (j + 0.5) / (counts[i] ?? 1), i, text: `${p.color}${SEP}${p.label}` })));
  slots.sort((a, b) => a.at - b.at || a.i - b.i);
  return slots.map((s) => s.text).join(LINE);
}

/** The dots of a plan, in order. */
export function readPlan(plan: string): DotSpec[] {
  if (plan === '') return [];
  return plan.split(LINE).map((line) => {
    const [color = '', label = ''] = line.split(SEP);
    return { color, label };
  });
}

/** A colour of its own for each routing key, the same in every session (a hue from the key's hash). */
export function keyColor(key: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return `hsl(${(h >>> 0) % 360} 80% 58%)`;
}

/**
 * The routing keys a producer's key template makes: `{eu|us}.orders` makes
 * `eu.orders` and `us.orders`; a part with too many values to list
 * (`{int:1-100}`, `{hex:8}`, `{seq}`, `{instance}`) reads `*`. At most `limit`.
 */
export function templateKeys(template: string, limit = 8): string[] {
  let keys = [''];
  for (const piece of template.split(/(\{[^}]*\})/)) {
    if (piece === '') continue;
    const m = /^\{([^}]*)\}$/.exec(piece);
    const values = m ? (m[1]!.includes('|') ? m[1]!.split('|') : ['*']) : [piece];
    keys = keys.flatMap((k) => values.map((v) => k + v)).slice(0, limit);
  }
  return [...new Set(keys)];
}

/** Dots coloured by key, weighed by each key's rate where it is known (a binding's), else evenly. */
export function keyParts(keys: readonly DotKey[], rateOf: (binding: string) => number): DotPart[] {
  const rates = keys.map((k) => (k.binding === undefined ? 0 : rateOf(k.binding)));
  const anyRate = rates.some((r) => r > 0);
  return keys.map((k, i) => ({ color: keyColor(k.key), label: `routing key ${k.key === '' ? '(empty)' : k.key}`, weight: anyRate ? Math.round((rates[i] ?? 0) * 10) / 10 : 1 }));
}
