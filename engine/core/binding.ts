import type { DestinationType } from './commands.ts';
import type { FieldTable, FieldValue } from './field-value.ts';
import { isFieldTable, isTypedField } from './field-value.ts';

/** A binding from a source exchange to a queue or exchange. */
export interface Binding {
  readonly vhost: string;
  readonly source: string;
  readonly destination: string;
  readonly destinationType: DestinationType;
  readonly routingKey: string;
  readonly arguments: FieldTable;
  /** Canonical identity: two bindings with equal keys are the same binding. */
  readonly key: string;
}

function canonical(v: FieldValue): string {
  if (v === null) return 'null';
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Uint8Array) return `bin:${Array.from(v).join(',')}`;
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isTypedField(v)) return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));
  if (isFieldTable(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k]!)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Build a binding with its canonical key (source, destination, key and arguments, as RabbitMQ compares them). */
export function makeBinding(
  vhost: string,
  source: string,
  destinationType: DestinationType,
  destination: string,
  routingKey: string,
  args: FieldTable,
): Binding {
  const key = `${source}\u0000${destinationType}\u0000${destination}\u0000${routingKey}\u0000${canonical(args)}`;
  return { vhost, source, destination, destinationType, routingKey, arguments: args, key };
}
