import type { Random } from '../core/random.ts';

type Part = string | ((r: Random, seq: number) => string);

const HEX = '0123456789abcdef';

function hex(r: Random, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += HEX[Math.floor(r.next() * 16)]!;
  return s;
}

/** One `{...}` placeholder, or undefined if it is not one this template language knows. */
function placeholder(body: string, instance: number): Part | undefined {
  if (body === 'seq') return (_r, seq) => String(seq);
  if (body === 'instance') return String(instance);
  if (body === 'uuid') return (r) => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-${HEX[8 + Math.floor(r.next() * 4)]}${hex(r, 3)}-${hex(r, 12)}`;
  let m = /^int:(-?\d+)-(-?\d+)$/.exec(body);
  if (m) {
    const lo = Number(m[1]);
    const span = Number(m[2]) - lo + 1;
    return span > 0 ? (r) => String(lo + Math.floor(r.next() * span)) : undefined;
  }
  m = /^hex:(\d+)$/.exec(body);
  if (m) {
    const n = Number(m[1]);
    return (r) => hex(r, n);
  }
  if (body.includes('|')) {
    const choices = body.split('|');
    return (r) => choices[Math.floor(r.next() * choices.length)]!;
  }
  return undefined;
}

/**
 * A compiled routing-key template: `orders.{eu|us|ap}.{int:1-100}` picks a
 * region and a number per message; `{hex:8}`, `{uuid}`, `{seq}` (the
 * producer's sequence number) and `{instance}` are also known. Text outside
 * braces, and unknown placeholders, are kept as written.
 */
export class RoutingKeyTemplate {
  private readonly parts: Part[];
  /** The key when the template has no random or per-message part. */
  readonly constant: string | undefined;

  constructor(template: string, instance: number) {
    const parts: Part[] = [];
    let text = '';
    const re = /\{([^{}]*)\}/g;
    let last = 0;
    for (let m = re.exec(template); m; m = re.exec(template)) {
      text += template.slice(last, m.index);
      last = m.index + m[0].length;
      const p = placeholder(m[1]!, instance);
      if (p === undefined) text += m[0];
      else if (typeof p === 'string') text += p;
      else {
        if (text !== '') parts.push(text);
        text = '';
        parts.push(p);
      }
    }
    text += template.slice(last);
    if (text !== '') parts.push(text);
    this.parts = parts;
    this.constant = parts.length === 0 ? '' : parts.length === 1 && typeof parts[0] === 'string' ? parts[0] : undefined;
  }

  /** The key for one message. */
  render(r: Random, seq: number): string {
    if (this.constant !== undefined) return this.constant;
    let s = '';
    for (const p of this.parts) s += typeof p === 'string' ? p : p(r, seq);
    return s;
  }
}
