import { AmqpError, preconditionFailed, vh } from './errors.ts';
import type { FieldTable, FieldValue } from './field-value.ts';
import { fieldNumber, isTypedField } from './field-value.ts';
import type { QueueType } from './commands.ts';

export type OverflowMode = 'drop-head' | 'reject-publish' | 'reject-publish-dlx';

/** A queue's behaviour, parsed once from its `x-` arguments. */
export interface QueueSettings {
  queueType: QueueType;
  messageTtl?: number;
  expires?: number;
  maxLength?: number;
  maxLengthBytes?: number;
  overflow: OverflowMode;
  deadLetterExchange?: string;
  deadLetterRoutingKey?: string;
  maxPriority?: number;
  singleActiveConsumer: boolean;
  /** Quorum only; undefined = unlimited. */
  deliveryLimit?: number;
  consumerTimeout?: number;
}

/** The type name RabbitMQ prints for a field value in argument errors. */
export function fieldTypeName(v: FieldValue | undefined): string {
  if (v === undefined) return 'none';
  if (v === null) return 'void';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'longstr';
  if (typeof v === 'number') return Number.isInteger(v) ? 'long' : 'double';
  if (typeof v === 'bigint') return 'long';
  if (v instanceof Uint8Array) return 'binary';
  if (Array.isArray(v)) return 'array';
  if (isTypedField(v)) return v.$type;
  return 'table';
}

const QUEUE_EQUIVALENCE_ARGS = [
  'x-queue-type',
  'x-message-ttl',
  'x-expires',
  'x-max-length',
  'x-max-length-bytes',
  'x-overflow',
  'x-dead-letter-exchange',
  'x-dead-letter-routing-key',
  'x-max-priority',
  'x-single-active-consumer',
  'x-delivery-limit',
] as const;

/** Arguments checked for equivalence when a queue is redeclared (others are ignored, as RabbitMQ does). */
export const queueEquivalenceArgs: readonly string[] = QUEUE_EQUIVALENCE_ARGS;

function invalidArg(arg: string, what: string, why: string): AmqpError {
  return preconditionFailed(`invalid arg '${arg}' for ${what}: ${why}`);
}

function intArg(args: FieldTable, key: string, what: string, min: number, zeroTag = 'value_negative'): number | undefined {
  const v = args[key];
  if (v === undefined) return undefined;
  const n = fieldNumber(v);
  if (n === undefined || !Number.isInteger(n) || typeof v === 'boolean') {
    throw invalidArg(key, what, `{unacceptable_type,${fieldTypeName(v)}}`);
  }
  if (n < min) throw invalidArg(key, what, `{${n === 0 ? zeroTag : 'value_negative'},${n}}`);
  return n;
}

function strArg(args: FieldTable, key: string, what: string): string | undefined {
  const v = args[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalidArg(key, what, `{unacceptable_type,${fieldTypeName(v)}}`);
  return v;
}

/**
 * Validate a queue's arguments and parse them into settings
 * (rabbit_amqqueue:declare_args/0 and the quorum queue's feature matrix).
 */
export function parseQueueArguments(
  name: string,
  vhost: string,
  args: FieldTable,
  defaultQueueType: QueueType = 'classic',
): QueueSettings {
  const what = `queue '${name}' in ${vh(vhost)}`;
  const typeArg = strArg(args, 'x-queue-type', what);
  let queueType: QueueType = defaultQueueType;
  if (typeArg !== undefined) {
    if (typeArg !== 'classic' && typeArg !== 'quorum') {
      if (typeArg === 'stream') throw invalidArg('x-queue-type', what, 'stream queues are not supported by Brokerlab yet');
      throw invalidArg('x-queue-type', what, `{unsupported_type,<<"${typeArg}">>}`);
    }
    queueType = typeArg;
  }
  const s: QueueSettings = { queueType, overflow: 'drop-head', singleActiveConsumer: false };
  const ttl = intArg(args, 'x-message-ttl', what, 0);
  if (ttl !== undefined) s.messageTtl = ttl;
  const expires = intArg(args, 'x-expires', what, 1, 'value_zero');
  if (expires !== undefined) s.expires = expires;
  const maxLen = intArg(args, 'x-max-length', what, 0);
  if (maxLen !== undefined) s.maxLength = maxLen;
  const maxBytes = intArg(args, 'x-max-length-bytes', what, 0);
  if (maxBytes !== undefined) s.maxLengthBytes = maxBytes;
  const overflow = strArg(args, 'x-overflow', what);
  if (overflow !== undefined) {
    if (overflow !== 'drop-head' && overflow !== 'reject-publish' && overflow !== 'reject-publish-dlx') {
      throw invalidArg('x-overflow', what, `{invalid_overflow,<<"${overflow}">>}`);
    }
    if (queueType === 'quorum' && overflow === 'reject-publish-dlx') {
      throw invalidArg('x-overflow', what, 'reject-publish-dlx is not supported by quorum queues');
    }
    s.overflow = overflow;
  }
  const dlx = strArg(args, 'x-dead-letter-exchange', what);
  if (dlx !== undefined) s.deadLetterExchange = dlx;
  const dlrk = strArg(args, 'x-dead-letter-routing-key', what);
  if (dlrk !== undefined) {
    if (dlx === undefined) throw invalidArg('x-dead-letter-routing-key', what, 'routing_key_but_no_dlx_defined');
    s.deadLetterRoutingKey = dlrk;
  }
  const maxPriority = intArg(args, 'x-max-priority', what, 0);
  if (maxPriority !== undefined) {
    if (maxPriority > 255) throw invalidArg('x-max-priority', what, `{value_too_large,${maxPriority},255}`);
    // Quorum queues ignore x-max-priority (4.2 keeps two buckets; see docs/priority.md).
    if (queueType === 'classic') s.maxPriority = maxPriority;
  }
  const sac = args['x-single-active-consumer'];
  if (sac !== undefined) {
    if (typeof sac !== 'boolean') throw invalidArg('x-single-active-consumer', what, `{unacceptable_type,${fieldTypeName(sac)}}`);
    s.singleActiveConsumer = sac;
  }
  if (queueType === 'quorum') {
    // Since 4.0 the default delivery limit is 20; -1 means unlimited.
    const limit = args['x-delivery-limit'];
    const n = limit === undefined ? 20 : fieldNumber(limit);
    if (n === undefined || !Number.isInteger(n)) throw invalidArg('x-delivery-limit', what, `{unacceptable_type,${fieldTypeName(limit)}}`);
    if (n >= 0) s.deliveryLimit = n;
  }
  const timeout = intArg(args, 'x-consumer-timeout', what, 1, 'value_zero');
  if (timeout !== undefined) s.consumerTimeout = timeout;
  return s;
}

/** Render an argument value the way equivalence errors quote it. */
export function quoteArg(v: FieldValue | undefined): string {
  if (v === undefined) return 'none';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array)) return JSON.stringify(v);
  return String(v);
}
