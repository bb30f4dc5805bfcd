import { z } from 'zod';
import type { FieldTable, FieldValue, TypedField } from '../core/field-value.ts';
import { isTypedField } from '../core/field-value.ts';
import { base64Encode, utf8Decode } from '../core/text.ts';

/**
 * AMQP field values in a JSON-safe form, for everything that crosses IPC or the
 * WebSocket. Plain JSON values stay as they are; a value with an explicit wire
 * type keeps its `$type` wrapper, with 64-bit integers as numbers.
 */
export type JsonFieldValue = null | boolean | number | string | JsonTypedField | JsonFieldValue[] | JsonFieldTable;

/** A JSON-safe field table. */
export interface JsonFieldTable {
  [key: string]: JsonFieldValue;
}

/** A typed field whose value is a plain number (JSON has no bigint). */
export type JsonTypedField =
  | { readonly $type: 'timestamp'; readonly value: number }
  | { readonly $type: 'decimal'; readonly scale: number; readonly value: number }
  | {
      readonly $type: 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float' | 'double' | 'int64' | 'uint64';
      readonly value: number;
    };

const typedFieldSchema = z.union([
  z.strictObject({ $type: z.literal('timestamp'), value: z.number().int() }),
  z.strictObject({ $type: z.literal('decimal'), scale: z.number().int().min(0).max(255), value: z.number().int() }),
  z.strictObject({
    $type: z.enum(['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'float', 'double', 'int64', 'uint64']),
    value: z.number(),
  }),
]);

/** Validates one JSON field value coming from a renderer. */
export const fieldValueSchema: z.ZodType<JsonFieldValue> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(fieldValueSchema), typedFieldSchema, fieldTableSchema]),
);

/**
 * Validates a JSON field table. A `$type` key is refused here: an object that
 * has one must be a valid typed field, or the engine would misread it.
 */
export const fieldTableSchema: z.ZodType<JsonFieldTable> = z.lazy(() =>
  z.record(z.string(), fieldValueSchema).refine((t) => !Object.hasOwn(t, '$type'), { message: "unknown or malformed typed field ('$type')" }),
);

function typedToJson(v: TypedField): JsonTypedField {
  switch (v.$type) {
    case 'int64':
    case 'uint64':
      return { $type: v.$type, value: Number(v.value) };
    default:
      return v;
  }
}

/** An engine field value in JSON-safe form (bigint to number, bytes to a base64 string). */
export function toJsonField(v: FieldValue): JsonFieldValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Uint8Array) return base64Encode(v);
  if (Array.isArray(v)) return v.map(toJsonField);
  if (isTypedField(v)) return typedToJson(v);
  return toJsonTable(v);
}

/** An engine field table in JSON-safe form. */
export function toJsonTable(t: FieldTable): JsonFieldTable {
  const out: JsonFieldTable = {};
  for (const [k, v] of Object.entries(t)) out[k] = toJsonField(v);
  return out;
}

/** A JSON value the way RabbitMQ's HTTP API shows a field: typed wrappers unwrapped, bytes as text. */
export function toPlainJson(v: FieldValue): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Uint8Array) return utf8Decode(v);
  if (Array.isArray(v)) return v.map(toPlainJson);
  if (isTypedField(v)) return v.$type === 'decimal' ? v.value / 10 ** v.scale : Number(v.value);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = toPlainJson(x);
  return out;
}
