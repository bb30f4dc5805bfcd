/**
 * AMQP 0-9-1 field values as the engine sees them (headers, arguments).
 *
 * Plain JS values cover the common cases; `TypedField` keeps a wire type the
 * plain values cannot express (timestamps, decimals, exact integer widths), so a
 * header relayed by the broker keeps its type.
 */
export type FieldValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | TypedField
  | FieldValue[]
  | FieldTable;

/** A field table: string keys to field values. */
export interface FieldTable {
  [key: string]: FieldValue;
}

/** A field value whose AMQP type is explicit. */
export type TypedField =
  | { readonly $type: 'timestamp'; readonly value: number }
  | { readonly $type: 'decimal'; readonly scale: number; readonly value: number }
  | {
      readonly $type: 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float' | 'double';
      readonly value: number;
    }
  | { readonly $type: 'int64' | 'uint64'; readonly value: number | bigint };

/** True for a `TypedField` wrapper. */
export function isTypedField(v: unknown): v is TypedField {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !Array.isArray(v) && '$type' in v;
}

/** True for a nested field table (not an array, bytes or typed field). */
export function isFieldTable(v: unknown): v is FieldTable {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !Array.isArray(v) && !('$type' in v);
}

/** The numeric value of a field, or undefined if it is not a number of any kind. */
export function fieldNumber(v: FieldValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (isTypedField(v) && v.$type !== 'decimal') return Number(v.value);
  if (isTypedField(v) && v.$type === 'decimal') return v.value / 10 ** v.scale;
  return undefined;
}

/** Structural equality of two field values, as the headers exchange compares them. */
export function fieldEquals(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  const na = fieldNumber(a);
  const nb = fieldNumber(b);
  if (na !== undefined || nb !== undefined) return na === nb;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!(Array.isArray(a) && Array.isArray(b)) || a.length !== b.length) return false;
    return a.every((x, i) => fieldEquals(x, b[i]));
  }
  if (isTypedField(a) || isTypedField(b)) return JSON.stringify(a) === JSON.stringify(b);
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => fieldEquals((a as FieldTable)[k], (b as FieldTable)[k]));
}

/**
 * The type atom RabbitMQ prints for a field value in its errors
 * (rabbit_binary_parser's tags; `none` for a missing value).
 */
export function fieldTypeName(v: FieldValue | undefined): string {
  if (v === undefined) return 'none';
  if (v === null) return 'void';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'longstr';
  // The codec decodes every integer width to a number; a 32-bit one is most likely a signedint.
  if (typeof v === 'number') return !Number.isInteger(v) ? 'double' : Math.abs(v) <= 0x7fffffff ? 'signedint' : 'long';
  if (typeof v === 'bigint') return 'long';
  if (v instanceof Uint8Array) return 'binary';
  if (Array.isArray(v)) return 'array';
  return isTypedField(v) ? RABBIT_TYPE_NAMES[v.$type] : 'table';
}

/** RabbitMQ's names for the explicitly typed field values. */
const RABBIT_TYPE_NAMES: Readonly<Record<TypedField['$type'], string>> = {
  int8: 'byte', uint8: 'unsignedbyte', int16: 'short', uint16: 'unsignedshort', int32: 'signedint', uint32: 'unsignedint',
  int64: 'long', uint64: 'long', float: 'float', double: 'double', decimal: 'decimal', timestamp: 'timestamp',
};
