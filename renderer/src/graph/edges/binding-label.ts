import type { JsonFieldTable, JsonFieldValue } from '../../../../engine/host/field-json.ts';
import type { BindingModel } from '../../model/topology-model.ts';

/** A binding as its edge label reads: the routing key, or the header arguments of a headers exchange. */
export function bindingText(exchangeType: string, b: BindingModel): string {
  if (exchangeType === 'headers') return headerArgsText(b.arguments);
  if (exchangeType === 'fanout') return b.routingKey === '' ? '(fanout)' : `(fanout) ${b.routingKey}`;
  return b.routingKey === '' ? '""' : b.routingKey;
}

/** The key a binding's messages are coloured by: its routing key, or a headers binding's arguments. */
export function bindingDotKey(exchangeType: string, b: BindingModel): string {
  return exchangeType === 'headers' ? headerArgsText(b.arguments) : b.routingKey;
}

/** `x-match=all, format=pdf, size=10` */
export function headerArgsText(args: JsonFieldTable): string {
  const entries = Object.entries(args);
  if (entries.length === 0) return 'x-match=all';
  return entries.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ');
}

function parseValue(raw: string): JsonFieldValue {
  const t = raw.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  if (t === 'null') return null;
  return t.replace(/^"(.*)"$/, '$1');
}

/** Parse `x-match=any, format=pdf` back into binding arguments; an error text when it cannot. */
export function parseHeaderArgs(text: string): JsonFieldTable | string {
  const out: JsonFieldTable = {};
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return `expected name=value, got '${part.trim()}'`;
    out[part.slice(0, eq).trim()] = parseValue(part.slice(eq + 1));
  }
  return out;
}
