/**
 * Headers-exchange matching: binding arguments against message headers.
 *
 * Follows RabbitMQ 4.x `rabbit_exchange_type_headers.erl` (`route/3`,
 * `match/2`, `match_x/2`, `match_all/3`, `match_any/3`, `validate_binding/2`):
 * - `x-match` is `all` (also when absent), `any`, `all-with-x` or `any-with-x`;
 * - `x-match` itself is never compared; plain `all`/`any` also skip every other
 *   binding key starting `x-`, the `-with-x` modes compare them;
 * - a binding value of AMQP void (`null`) only requires the header to exist;
 * - a message without headers is matched as if it had an empty table;
 * - `all` over zero compared keys is true (matches every message), `any` over
 *   zero compared keys is false (matches none).
 */
import { fieldEquals, isTypedField } from '../field-value.ts';
import type { FieldTable, FieldValue } from '../field-value.ts';

/** The four `x-match` modes. */
export type HeadersMatchMode = 'all' | 'any' | 'all-with-x' | 'any-with-x';

/** A compiled binding: true if a message with these headers matches it. */
export type HeadersMatcher = (headers: FieldTable | undefined) => boolean;

const MODES: ReadonlySet<string> = new Set<HeadersMatchMode>(['all', 'any', 'all-with-x', 'any-with-x']);

/**
 * Check a headers binding's arguments as `queue.bind`/`exchange.bind` does.
 * Only `x-match` is checked; every other argument is accepted.
 *
 * @returns undefined when valid, else RabbitMQ's text, which the broker sends
 *   as `406 PRECONDITION_FAILED - <text>`, e.g.
 *   `Invalid x-match field value <<"bogus">>; expected all, any, all-with-x, or any-with-x`.
 */
export function validateHeadersBindingArgs(args: FieldTable): string | undefined {
  if (!Object.hasOwn(args, 'x-match')) return undefined; // may be omitted: defaults to all
  const v = args['x-match'] as FieldValue;
  if (typeof v === 'string') {
    if (MODES.has(v)) return undefined;
    return `Invalid x-match field value ${erlangTerm(v)}; expected all, any, all-with-x, or any-with-x`;
  }
  return `Invalid x-match field type ${fieldTypeName(v)} (value ${erlangTerm(v)}); expected longstr`;
}

/**
 * The mode a binding routes with. Like RabbitMQ's `route/3`, anything that is
 * not one of the three other modes (absent, or invalid in a binding that
 * predates validation) routes as `all`.
 */
export function headersMatchMode(args: FieldTable): HeadersMatchMode {
  const v = Object.hasOwn(args, 'x-match') ? args['x-match'] : undefined;
  return v === 'any' || v === 'any-with-x' || v === 'all-with-x' ? v : 'all';
}

/** One compared binding argument. */
export interface HeadersCondition {
  readonly key: string;
  /** Binding value; `null` (void) means "header present". */
  readonly value: FieldValue;
}
type Condition = HeadersCondition;

const NO_HEADERS: FieldTable = {};

/** The binding arguments a headers binding compares in its mode (`x-match` never; other `x-` keys only in the `-with-x` modes). */
export function headersConditions(args: FieldTable, mode: HeadersMatchMode = headersMatchMode(args)): HeadersCondition[] {
  const withX = mode === 'all-with-x' || mode === 'any-with-x';
  const conditions: Condition[] = [];
  for (const key of Object.keys(args)) {
    if (key === 'x-match') continue; // never compared, in any mode
    if (!withX && key.startsWith('x-')) continue; // plain all/any skip x- keys
    conditions.push({ key, value: args[key] as FieldValue });
  }
  return conditions;
}

/**
 * Compile a binding's arguments once, so routing does not re-read `x-match`
 * or re-filter `x-` keys for every message.
 */
export function compileHeadersBinding(args: FieldTable): HeadersMatcher {
  const mode = headersMatchMode(args);
  const conditions = headersConditions(args, mode);
  if (conditions.length === 0) {
    // match_all([]) is true, match_any([]) is false.
    return mode === 'all' || mode === 'all-with-x' ? () => true : () => false;
  }
  if (mode === 'all' || mode === 'all-with-x') {
    return (headers) => {
      const h = headers ?? NO_HEADERS;
      for (const c of conditions) if (!conditionHolds(c, h)) return false;
      return true;
    };
  }
  return (headers) => {
    const h = headers ?? NO_HEADERS;
    for (const c of conditions) if (conditionHolds(c, h)) return true;
    return false;
  };
}

/**
 * Match once without keeping the compiled form. Routing should hold the
 * matcher from `compileHeadersBinding` instead.
 */
export function headersMatch(bindingArgs: FieldTable, headers: FieldTable | undefined): boolean {
  return compileHeadersBinding(bindingArgs)(headers);
}

/** True when a message's headers satisfy one compared binding argument. */
export function conditionHolds(c: HeadersCondition, headers: FieldTable): boolean {
  if (!Object.hasOwn(headers, c.key)) return false;
  if (c.value === null) return true; // void binding value: presence is enough
  const h = headers[c.key] as FieldValue;
  if (typeof c.value === 'string' && typeof h === 'string') return c.value === h;
  return headerValueEquals(c.value, h);
}

/**
 * RabbitMQ compares the bare Erlang terms with `=:=`, dropping the AMQP type
 * tag. So integers of any width are equal by value, a longstr equals a byte
 * array with the same bytes, but an integer never equals a float, and a decimal
 * (`{Scale, Value}`) only equals the same decimal. A plain JS number has no
 * integer/float tag and is compared by value with either. Nested arrays and
 * tables compare with `fieldEquals` (by value, types not checked).
 */
export function headerValueEquals(binding: FieldValue, header: FieldValue): boolean {
  if (typeof binding === 'string' && header instanceof Uint8Array) return bytesEqual(utf8(binding), header);
  if (binding instanceof Uint8Array && typeof header === 'string') return bytesEqual(binding, utf8(header));
  const kb = numberKind(binding);
  const kh = numberKind(header);
  if (kb === 'decimal' || kh === 'decimal') {
    if (!isTypedField(binding) || !isTypedField(header)) return false;
    if (binding.$type !== 'decimal' || header.$type !== 'decimal') return false;
    return binding.scale === header.scale && binding.value === header.value;
  }
  if (kb !== undefined && kh !== undefined && kb !== 'plain' && kh !== 'plain' && kb !== kh) return false;
  return fieldEquals(binding, header);
}

type NumberKind = 'integer' | 'float' | 'decimal' | 'plain';

function numberKind(v: FieldValue): NumberKind | undefined {
  if (typeof v === 'number') return 'plain';
  if (typeof v === 'bigint') return 'integer';
  if (!isTypedField(v)) return undefined;
  if (v.$type === 'decimal') return 'decimal';
  return v.$type === 'float' || v.$type === 'double' ? 'float' : 'integer';
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** UTF-8 bytes of a string (the core has no TextEncoder guarantee). */
function utf8(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

// --- RabbitMQ's wording: AMQP type names and Erlang `~tp` rendering -------------

/** The RabbitMQ type atom of a field value (`rabbit_binary_parser` tags). */
function fieldTypeName(v: FieldValue): string {
  if (v === null) return 'void';
  if (typeof v === 'string') return 'longstr';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'long';
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return 'double';
    return v >= -0x80000000 && v <= 0x7fffffff ? 'signedint' : 'long';
  }
  if (v instanceof Uint8Array) return 'binary';
  if (Array.isArray(v)) return 'array';
  if (!isTypedField(v)) return 'table';
  return TYPED_NAMES[v.$type];
}

const TYPED_NAMES = {
  int8: 'byte',
  uint8: 'unsignedbyte',
  int16: 'short',
  uint16: 'unsignedshort',
  int32: 'signedint',
  uint32: 'unsignedint',
  int64: 'long',
  uint64: 'long',
  float: 'float',
  double: 'double',
  decimal: 'decimal',
  timestamp: 'timestamp',
} as const;

/** A field value as Erlang's `~tp` prints the term RabbitMQ holds for it. */
function erlangTerm(v: FieldValue): string {
  if (v === null) return 'undefined';
  if (typeof v === 'string') return erlangBinary(v, utf8(v));
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : erlangFloat(v);
  if (v instanceof Uint8Array) return erlangBinary(undefined, v);
  if (Array.isArray(v)) return `[${v.map((x) => `{${fieldTypeName(x)},${erlangTerm(x)}}`).join(',')}]`;
  if (isTypedField(v)) {
    if (v.$type === 'decimal') return `{${v.scale},${v.value}}`;
    if (v.$type === 'float' || v.$type === 'double') return erlangFloat(v.value);
    return String(v.value);
  }
  const entries = Object.entries(v).map(([k, x]) => `{${erlangTerm(k)},${fieldTypeName(x)},${erlangTerm(x)}}`);
  return `[${entries.join(',')}]`;
}

/** Erlang prints floats with a fractional part and a bare exponent: 1.0, 1.0e21. */
function erlangFloat(x: number): string {
  const [mantissa = '', exp] = String(x).split('e');
  const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return exp === undefined ? m : `${m}e${exp.replace('+', '')}`;
}

const ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `<<"text">>`, `<<"tëxt"/utf8>>` when printable, `<<>>` when empty, else the bytes `<<1,2>>`. */
function erlangBinary(text: string | undefined, bytes: Uint8Array): string {
  if (bytes.length === 0) return '<<>>';
  const s = text ?? (bytes.every((b) => b < 0x80) ? String.fromCharCode(...bytes) : undefined);
  if (s !== undefined && /^[\u0020-\u007e\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}\n\r\t]*$/u.test(s)) {
    const body = s.replace(/["\\\n\r\t]/g, (c) => ESCAPES[c] ?? c);
    return /^[\x00-\x7f]*$/.test(s) ? `<<"${body}">>` : `<<"${body}"/utf8>>`;
  }
  return `<<${Array.from(bytes).join(',')}>>`;
}
