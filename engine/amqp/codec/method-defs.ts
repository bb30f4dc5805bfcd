/**
 * Every AMQP 0-9-1 method RabbitMQ speaks, as data: class and method id and
 * the argument list of RabbitMQ's amqp-rabbitmq-0.9.1.json, in wire order,
 * with camelCased names and the spec's default values. The `AmqpMethod` types
 * are derived from this table, so the codec and its types cannot drift apart.
 * The access class (30) is omitted: RabbitMQ removed it.
 */
import type { FieldTable } from '../../core/field-value.ts';

/**
 * Argument wire types (spec §4.2.5). `bytes` is a longstr read as raw bytes,
 * used for SASL challenges and responses, which need not be UTF-8.
 */
export type WireType = 'octet' | 'short' | 'long' | 'longlong' | 'shortstr' | 'longstr' | 'bytes' | 'bit' | 'table';

/** The JS type each wire type decodes to. 64-bit `longlong`s are numbers (see `ByteReader.u64`). */
export interface WireValue {
  octet: number;
  short: number;
  long: number;
  longlong: number;
  shortstr: string;
  longstr: string;
  bytes: Uint8Array;
  bit: boolean;
  table: FieldTable;
}

/** One argument: name, type and, when the spec gives one, the default used if encoding omits it. */
export type FieldDef =
  | readonly [name: string, type: WireType]
  | readonly [name: string, type: WireType, fallback: string | number | boolean | FieldTable];

/** One method's descriptor. */
export interface MethodDef<F extends readonly FieldDef[] = readonly FieldDef[]> {
  readonly classId: number;
  readonly methodId: number;
  readonly fields: F;
  /** True when a content header and body follow the method (publish, return, deliver, get-ok). */
  readonly content: boolean;
}

function m<const F extends readonly FieldDef[]>(classId: number, methodId: number, fields: F, content = false): MethodDef<F> {
  return { classId, methodId, fields, content };
}

const CLOSE_ARGS = [['replyCode', 'short'], ['replyText', 'shortstr', ''], ['classId', 'short'], ['methodId', 'short']] as const;
const TUNE_ARGS = [['channelMax', 'short', 0], ['frameMax', 'long', 0], ['heartbeat', 'short', 0]] as const;
const EXCHANGE_BIND_ARGS = [
  ['ticket', 'short', 0], ['destination', 'shortstr'], ['source', 'shortstr'], ['routingKey', 'shortstr', ''],
  ['nowait', 'bit', false], ['arguments', 'table', {}],
] as const;

/** All methods, keyed by their dotted name as RabbitMQ logs them ("basic.publish"). */
export const METHOD_DEFS = {
  // connection (10)
  'connection.start': m(10, 10, [
    ['versionMajor', 'octet', 0], ['versionMinor', 'octet', 9], ['serverProperties', 'table'],
    ['mechanisms', 'longstr', 'PLAIN'], ['locales', 'longstr', 'en_US'],
  ]),
  'connection.start-ok': m(10, 11, [
    ['clientProperties', 'table'], ['mechanism', 'shortstr', 'PLAIN'], ['response', 'bytes'], ['locale', 'shortstr', 'en_US'],
  ]),
  'connection.secure': m(10, 20, [['challenge', 'bytes']]),
  'connection.secure-ok': m(10, 21, [['response', 'bytes']]),
  'connection.tune': m(10, 30, TUNE_ARGS),
  'connection.tune-ok': m(10, 31, TUNE_ARGS),
  'connection.open': m(10, 40, [['virtualHost', 'shortstr', '/'], ['capabilities', 'shortstr', ''], ['insist', 'bit', false]]),
  'connection.open-ok': m(10, 41, [['knownHosts', 'shortstr', '']]),
  'connection.close': m(10, 50, CLOSE_ARGS),
  'connection.close-ok': m(10, 51, []),
  'connection.blocked': m(10, 60, [['reason', 'shortstr', '']]),
  'connection.unblocked': m(10, 61, []),
  'connection.update-secret': m(10, 70, [['newSecret', 'longstr'], ['reason', 'shortstr']]),
  'connection.update-secret-ok': m(10, 71, []),

  // channel (20)
  'channel.open': m(20, 10, [['outOfBand', 'shortstr', '']]),
  'channel.open-ok': m(20, 11, [['channelId', 'longstr', '']]),
  'channel.flow': m(20, 20, [['active', 'bit']]),
  'channel.flow-ok': m(20, 21, [['active', 'bit']]),
  'channel.close': m(20, 40, CLOSE_ARGS),
  'channel.close-ok': m(20, 41, []),

  // exchange (40)
  'exchange.declare': m(40, 10, [
    ['ticket', 'short', 0], ['exchange', 'shortstr'], ['type', 'shortstr', 'direct'], ['passive', 'bit', false],
    ['durable', 'bit', false], ['autoDelete', 'bit', false], ['internal', 'bit', false], ['nowait', 'bit', false],
    ['arguments', 'table', {}],
  ]),
  'exchange.declare-ok': m(40, 11, []),
  'exchange.delete': m(40, 20, [['ticket', 'short', 0], ['exchange', 'shortstr'], ['ifUnused', 'bit', false], ['nowait', 'bit', false]]),
  'exchange.delete-ok': m(40, 21, []),
  'exchange.bind': m(40, 30, EXCHANGE_BIND_ARGS),
  'exchange.bind-ok': m(40, 31, []),
  'exchange.unbind': m(40, 40, EXCHANGE_BIND_ARGS),
  'exchange.unbind-ok': m(40, 51, []),

  // queue (50)
  'queue.declare': m(50, 10, [
    ['ticket', 'short', 0], ['queue', 'shortstr', ''], ['passive', 'bit', false], ['durable', 'bit', false],
    ['exclusive', 'bit', false], ['autoDelete', 'bit', false], ['nowait', 'bit', false], ['arguments', 'table', {}],
  ]),
  'queue.declare-ok': m(50, 11, [['queue', 'shortstr'], ['messageCount', 'long'], ['consumerCount', 'long']]),
  'queue.bind': m(50, 20, [
    ['ticket', 'short', 0], ['queue', 'shortstr', ''], ['exchange', 'shortstr'], ['routingKey', 'shortstr', ''],
    ['nowait', 'bit', false], ['arguments', 'table', {}],
  ]),
  'queue.bind-ok': m(50, 21, []),
  'queue.purge': m(50, 30, [['ticket', 'short', 0], ['queue', 'shortstr', ''], ['nowait', 'bit', false]]),
  'queue.purge-ok': m(50, 31, [['messageCount', 'long']]),
  'queue.delete': m(50, 40, [
    ['ticket', 'short', 0], ['queue', 'shortstr', ''], ['ifUnused', 'bit', false], ['ifEmpty', 'bit', false], ['nowait', 'bit', false],
  ]),
  'queue.delete-ok': m(50, 41, [['messageCount', 'long']]),
  'queue.unbind': m(50, 50, [
    ['ticket', 'short', 0], ['queue', 'shortstr', ''], ['exchange', 'shortstr'], ['routingKey', 'shortstr', ''],
    ['arguments', 'table', {}],
  ]),
  'queue.unbind-ok': m(50, 51, []),

  // basic (60)
  'basic.qos': m(60, 10, [['prefetchSize', 'long', 0], ['prefetchCount', 'short', 0], ['global', 'bit', false]]),
  'basic.qos-ok': m(60, 11, []),
  'basic.consume': m(60, 20, [
    ['ticket', 'short', 0], ['queue', 'shortstr', ''], ['consumerTag', 'shortstr', ''], ['noLocal', 'bit', false],
    ['noAck', 'bit', false], ['exclusive', 'bit', false], ['nowait', 'bit', false], ['arguments', 'table', {}],
  ]),
  'basic.consume-ok': m(60, 21, [['consumerTag', 'shortstr']]),
  'basic.cancel': m(60, 30, [['consumerTag', 'shortstr'], ['nowait', 'bit', false]]),
  'basic.cancel-ok': m(60, 31, [['consumerTag', 'shortstr']]),
  'basic.publish': m(60, 40, [
    ['ticket', 'short', 0], ['exchange', 'shortstr', ''], ['routingKey', 'shortstr', ''], ['mandatory', 'bit', false],
    ['immediate', 'bit', false],
  ], true),
  'basic.return': m(60, 50, [['replyCode', 'short'], ['replyText', 'shortstr', ''], ['exchange', 'shortstr'], ['routingKey', 'shortstr']], true),
  'basic.deliver': m(60, 60, [
    ['consumerTag', 'shortstr'], ['deliveryTag', 'longlong'], ['redelivered', 'bit', false], ['exchange', 'shortstr'],
    ['routingKey', 'shortstr'],
  ], true),
  'basic.get': m(60, 70, [['ticket', 'short', 0], ['queue', 'shortstr', ''], ['noAck', 'bit', false]]),
  'basic.get-ok': m(60, 71, [
    ['deliveryTag', 'longlong'], ['redelivered', 'bit', false], ['exchange', 'shortstr'], ['routingKey', 'shortstr'],
    ['messageCount', 'long'],
  ], true),
  'basic.get-empty': m(60, 72, [['clusterId', 'shortstr', '']]),
  'basic.ack': m(60, 80, [['deliveryTag', 'longlong', 0], ['multiple', 'bit', false]]),
  'basic.reject': m(60, 90, [['deliveryTag', 'longlong'], ['requeue', 'bit', true]]),
  'basic.recover-async': m(60, 100, [['requeue', 'bit', false]]),
  'basic.recover': m(60, 110, [['requeue', 'bit', false]]),
  'basic.recover-ok': m(60, 111, []),
  'basic.nack': m(60, 120, [['deliveryTag', 'longlong', 0], ['multiple', 'bit', false], ['requeue', 'bit', true]]),

  // confirm (85)
  'confirm.select': m(85, 10, [['nowait', 'bit', false]]),
  'confirm.select-ok': m(85, 11, []),

  // tx (90)
  'tx.select': m(90, 10, []),
  'tx.select-ok': m(90, 11, []),
  'tx.commit': m(90, 20, []),
  'tx.commit-ok': m(90, 21, []),
  'tx.rollback': m(90, 30, []),
  'tx.rollback-ok': m(90, 31, []),
} as const;

type Defs = typeof METHOD_DEFS;

/** A method's dotted name, e.g. `'basic.publish'`. */
export type MethodName = keyof Defs;

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type FieldsOf<N extends MethodName> = Defs[N]['fields'][number];
type HasDefault<E> = E extends readonly [string, WireType, unknown] ? true : false;

type DecodedArgs<N extends MethodName> = { [E in FieldsOf<N> as E[0]]: WireValue[E[1]] };
type InputArgs<N extends MethodName> = { [E in FieldsOf<N> as HasDefault<E> extends true ? never : E[0]]: WireValue[E[1]] } & {
  [E in FieldsOf<N> as HasDefault<E> extends true ? E[0] : never]?: WireValue[E[1]];
};

/** A decoded method: its `name` plus every argument, all present. */
export type AmqpMethod = { [N in MethodName]: Simplify<{ name: N } & DecodedArgs<N>> }[MethodName];

/** A method to encode: arguments with a spec default may be omitted. */
export type AmqpMethodInput = { [N in MethodName]: Simplify<{ name: N } & InputArgs<N>> }[MethodName];

/** The decoded method named `N`, e.g. `MethodOf<'basic.publish'>`. */
export type MethodOf<N extends MethodName> = Extract<AmqpMethod, { name: N }>;

/** The encodable method named `N`. */
export type MethodInputOf<N extends MethodName> = Extract<AmqpMethodInput, { name: N }>;

/** Class and method id of a method name. */
export function methodIds(name: MethodName): { classId: number; methodId: number } {
  const def = METHOD_DEFS[name];
  return { classId: def.classId, methodId: def.methodId };
}

const NAMES = new Map<number, MethodName>(
  (Object.keys(METHOD_DEFS) as MethodName[]).map((n) => [(METHOD_DEFS[n].classId << 16) | METHOD_DEFS[n].methodId, n]),
);

/** The name of a method id pair, or undefined when this codec does not know it. */
export function methodName(classId: number, methodId: number): MethodName | undefined {
  return NAMES.get((classId << 16) | methodId);
}

/** True when a content header and body follow the method. */
export function hasContent(name: MethodName): boolean {
  return METHOD_DEFS[name].content;
}
