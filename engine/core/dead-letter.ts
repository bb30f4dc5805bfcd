import type { DeadLetterReason } from './counters.ts';
import type { FieldTable, FieldValue } from './field-value.ts';
import { fieldNumber, isFieldTable } from './field-value.ts';
import type { BasicProperties, Message } from './message.ts';

/** The routing keys a message was published with: its key plus any `CC` header keys. */
export function publishedRoutingKeys(msg: Message): string[] {
  const cc = msg.properties.headers?.['CC'];
  const keys = [msg.routingKey];
  if (Array.isArray(cc)) for (const k of cc) if (typeof k === 'string') keys.push(k);
  return keys;
}

/**
 * Properties of a dead-lettered copy: `x-death` updated (most recent first,
 * one entry per {queue, reason} whose count grows and which moves to the
 * front), `x-first-death-*` set once, `x-last-death-*` set each time, and the
 * per-message TTL removed and kept as `original-expiration` (docs/dlx.md §effects).
 * With a dead-letter routing key the `CC` header goes too (rabbit_dead_letter:make_msg).
 */
export function deadLetterProperties(
  msg: Message,
  queue: string,
  reason: DeadLetterReason,
  nowMs: number,
  dropCc = false,
): BasicProperties {
  const props = msg.properties;
  const headers: FieldTable = { ...(props.headers ?? {}) };
  if (dropCc) delete headers['CC'];
  const prior = Array.isArray(headers['x-death']) ? (headers['x-death'] as FieldValue[]) : [];
  const deaths: FieldTable[] = prior.filter(isFieldTable);
  const i = deaths.findIndex((d) => d['queue'] === queue && d['reason'] === reason);
  if (i >= 0) {
    const old = deaths[i]!;
    deaths.splice(i, 1);
    deaths.unshift({ ...old, count: { $type: 'int64', value: (fieldNumber(old['count']) ?? 0) + 1 } });
  } else {
    const entry: FieldTable = {
      count: { $type: 'int64', value: 1 },
      reason,
      queue,
      time: { $type: 'timestamp', value: Math.floor(nowMs / 1000) },
      exchange: msg.exchange,
      'routing-keys': publishedRoutingKeys(msg),
    };
    if (props.expiration !== undefined) entry['original-expiration'] = props.expiration;
    deaths.unshift(entry);
  }
  headers['x-death'] = deaths;
  if (headers['x-first-death-queue'] === undefined) {
    headers['x-first-death-queue'] = queue;
    headers['x-first-death-reason'] = reason;
    headers['x-first-death-exchange'] = msg.exchange;
  }
  headers['x-last-death-queue'] = queue;
  headers['x-last-death-reason'] = reason;
  headers['x-last-death-exchange'] = msg.exchange;
  const { expiration: _dropped, ...rest } = props;
  return { ...rest, headers };
}

/**
 * A dead-letter cycle: the message already died in `target` and no death
 * since (newest first) was a rejection. Rejections break cycles
 * (rabbit_dead_letter:is_cycle, docs/dlx.md).
 */
export function isDeadLetterCycle(props: BasicProperties, target: string, reason: DeadLetterReason): boolean {
  if (reason === 'rejected') return false;
  const deaths = props.headers?.['x-death'];
  if (!Array.isArray(deaths)) return false;
  // The newest entry is the death being recorded now (from the source queue); look at all of them.
  for (const d of deaths) {
    if (!isFieldTable(d)) continue;
    const death = d as FieldTable;
    if (death['reason'] === 'rejected') return false;
    if (death['queue'] === target) return true;
  }
  return false;
}
