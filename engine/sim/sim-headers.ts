import type { FieldTable } from '../core/field-value.ts';
import { fieldNumber } from '../core/field-value.ts';

/**
 * Headers every simulated message carries, so consumers can measure latency
 * and check ordering without a side channel (works against a real broker too).
 */
export const H_PRODUCER = 'x-sim-producer';
export const H_SEQ = 'x-sim-seq';
/** Per (producer, routing key) sequence number, when the key varies per message. */
export const H_KEY_SEQ = 'x-sim-key-seq';
/** Publish time, in the producer's clock (ms). */
export const H_TS = 'x-sim-ts';

/** A header as a number, or NaN when absent or not numeric. */
export function numberHeader(h: FieldTable | undefined, name: string): number {
  if (h === undefined) return NaN;
  const v = h[name];
  if (typeof v === 'number') return v;
  const n = v === undefined ? undefined : fieldNumber(v);
  return n === undefined ? NaN : n;
}

/** True when the message went through dead-lettering (it carries `x-death`). */
export function wasDeadLettered(h: FieldTable | undefined): boolean {
  return h !== undefined && h['x-death'] !== undefined;
}
