/**
 * Why a binding matched a message or not, in words, for route explain. The
 * decision is always the exchange router's (the explain walk only observes
 * real routing); these functions describe a decision already made, reusing
 * the headers matcher's own conditions so the words name the header that
 * decided it.
 */
import type { Binding } from '../binding.ts';
import { isFieldTable, isTypedField } from '../field-value.ts';
import type { FieldTable, FieldValue } from '../field-value.ts';
import { conditionHolds, headersConditions, headersMatchMode } from './headers-match.ts';
import type { HeadersCondition } from './headers-match.ts';
import { topicWords } from './topic-trie.ts';

/** Describe why `b` (a binding of an exchange of `type`) did or did not match. */
export function bindingReason(type: string, b: Binding, routingKey: string, headers: FieldTable | undefined, matched: boolean): string {
  switch (type) {
    case 'fanout':
      return matched ? 'fanout: every binding matches, the routing key is ignored' : 'fanout binding not matched';
    case 'direct':
      return matched ? `routing key '${routingKey}' equals the binding key` : `binding key '${b.routingKey}' is not the routing key '${routingKey}'`;
    case 'topic':
      return topicReason(b.routingKey, routingKey, matched);
    case 'headers':
      return headersReason(b.arguments, headers, matched);
    default:
      return matched ? 'matched' : 'not matched';
  }
}

function topicReason(pattern: string, key: string, matched: boolean): string {
  if (matched) return `'${key}' matches pattern '${pattern}'`;
  const why = `'${key}' does not match pattern '${pattern}'`;
  const p = topicWords(pattern);
  if (p.includes('#')) return `${why} (# stands for zero or more words, * for exactly one)`;
  const k = topicWords(key);
  if (p.length !== k.length) return `${why}: the key has ${words(k.length)}, the pattern ${words(p.length)} (* stands for exactly one word)`;
  for (let i = 0; i < p.length; i++) {
    if (p[i] !== '*' && p[i] !== k[i]) return `${why}: word ${i + 1} is '${k[i]}', the pattern wants '${p[i]}'`;
  }
  return why;
}

const words = (n: number): string => `${n} word${n === 1 ? '' : 's'}`;

function headersReason(args: FieldTable, headers: FieldTable | undefined, matched: boolean): string {
  const mode = headersMatchMode(args);
  const all = mode === 'all' || mode === 'all-with-x';
  const conditions = headersConditions(args, mode);
  const h = headers ?? {};
  if (conditions.length === 0) {
    return all ? `x-match ${mode} with no headers to compare: every message matches` : `x-match ${mode} with no headers to compare: no message matches`;
  }
  const holding = conditions.filter((c) => conditionHolds(c, h));
  const failing = conditions.filter((c) => !conditionHolds(c, h));
  if (all) {
    if (matched) return `x-match ${mode}: every header matches (${holding.map(wanted).join(', ')})`;
    return `x-match ${mode}: ${failing.map((c) => failure(c, h)).join('; ')}`;
  }
  if (matched) return `x-match ${mode}: ${holding.map(wanted).join(', ')} matches`;
  return `x-match ${mode}: none of the headers match (${failing.map((c) => failure(c, h)).join('; ')})`;
}

function wanted(c: HeadersCondition): string {
  return c.value === null ? `${c.key} present` : `${c.key} = ${fieldText(c.value)}`;
}

function failure(c: HeadersCondition, h: FieldTable): string {
  if (!Object.hasOwn(h, c.key)) return `header '${c.key}' is missing`;
  return `header '${c.key}' is ${fieldText(h[c.key] as FieldValue)}, the binding wants ${fieldText(c.value)}`;
}

/** A field value as a learner reads it: strings quoted, numbers bare. */
export function fieldText(v: FieldValue): string {
  if (v === null) return 'void';
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Uint8Array) return `${v.length} bytes`;
  if (Array.isArray(v)) return `[${v.map(fieldText).join(', ')}]`;
  if (isTypedField(v)) return v.$type === 'decimal' ? `${v.value}e-${v.scale}` : `${String(v.value)} (${v.$type})`;
  if (isFieldTable(v)) return `{${Object.keys(v).map((k) => `${k}: ${fieldText(v[k] as FieldValue)}`).join(', ')}}`;
  return String(v);
}
