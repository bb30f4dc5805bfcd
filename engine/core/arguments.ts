import { AmqpError, preconditionFailed, vh } from './errors.ts';
import type { FieldTable, FieldValue } from './field-value.ts';
import { fieldNumber, fieldTypeName } from './field-value.ts';
import type { QueueType } from './commands.ts';
import { MAX_EXPIRY_MS } from './message.ts';

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
    // check_int_arg answers with a string, which ~p prints in double quotes.
    throw invalidArg(key, what, `"expected integer, got ${fieldTypeName(v)}"`);
  }
  if (n < min) throw invalidArg(key, what, `{${n === 0 ? zeroTag : 'value_negative'},${n}}`);
  return n;
}

/** A TTL argument: an integer within rabbit_misc:check_expiry's bounds. */
function expiryArg(args: FieldTable, key: string, what: string, min: number): number | undefined {
  const n = intArg(args, key, what, min, 'value_zero');
  if (n !== undefined && n > MAX_EXPIRY_MS) throw invalidArg(key, what, `{value_too_large,${n}}`);
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
      throw invalidArg('x-queue-type', what, `"unsupported queue type '${typeArg}'"`);
    }
    queueType = typeArg;
  }
  const s: QueueSettings = { queueType, overflow: 'drop-head', singleActiveConsumer: false };
  const ttl = expiryArg(args, 'x-message-ttl', what, 0);
  if (ttl !== undefined) s.messageTtl = ttl;
  const expires = expiryArg(args, 'x-expires', what, 1);
  if (expires !== undefined) s.expires = expires;
  const maxLen = intArg(args, 'x-max-length', what, 0);
  if (maxLen !== undefined) s.maxLength = maxLen;
  const maxBytes = intArg(args, 'x-max-length-bytes', what, 0);
  if (maxBytes !== undefined) s.maxLengthBytes = maxBytes;
  const overflow = strArg(args, 'x-overflow', what);
  if (overflow !== undefined) {
    if (overflow !== 'drop-head' && overflow !== 'reject-publish' && overflow !== 'reject-publish-dlx') {
      throw invalidArg('x-overflow', what, 'invalid_overflow');
    }
    // Quorum queues accept reject-publish-dlx but log a warning and fall back to
    // drop-head (rabbit_quorum_queue:overflow/3).
    if (queueType === 'classic' || overflow !== 'reject-publish-dlx') s.overflow = overflow;
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
    if (maxPriority > 255) throw invalidArg('x-max-priority', what, `{max_value_exceeded,${maxPriority}}`);
    s.maxPriority = maxPriority;
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
    if (n === undefined || !Number.isInteger(n)) throw invalidArg('x-delivery-limit', what, `"expected integer, got ${fieldTypeName(limit)}"`);
    if (n >= 0) s.deliveryLimit = n;
  }
  const timeout = intArg(args, 'x-consumer-timeout', what, 1, 'value_zero');
  if (timeout !== undefined) s.consumerTimeout = timeout;
  for (const k of TYPE_ONLY_ARGS[queueType === 'classic' ? 'quorum' : 'classic']) {
    if (args[k] !== undefined) throw preconditionFailed(`invalid arg '${k}' for ${what} of queue type rabbit_${queueType}_queue`);
  }
  return s;
}

/**
 * Arguments only one queue type takes; the other refuses them after the value
 * checks (rabbit_amqqueue:check_arguments_key and each type's capabilities).
 */
const TYPE_ONLY_ARGS: Record<QueueType, readonly string[]> = {
  classic: ['x-max-priority', 'x-queue-mode', 'x-queue-version'],
  quorum: ['x-delivery-limit', 'x-quorum-initial-group-size', 'x-dead-letter-strategy', 'x-max-in-memory-length', 'x-max-in-memory-bytes'],
};

/**
 * The received and current sides of an inequivalent-argument error, worded as
 * rabbit_misc:assert_args_equivalence does: bare quoted values when both sides
 * are set, `none` against `the value 'v' of type 't'` when one is missing.
 */
export function argSides(received: FieldValue | undefined, current: FieldValue | undefined): [string, string] {
  const typed = received === undefined || current === undefined;
  return [argSide(received, typed), argSide(current, typed)];
}

function argSide(v: FieldValue | undefined, typed: boolean): string {
  if (v === undefined) return 'none';
  const s = typeof v === 'object' && v !== null && !(v instanceof Uint8Array) ? JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x)) : String(v);
  return typed ? `the value '${s}' of type '${fieldTypeName(v)}'` : `'${s}'`;
}
