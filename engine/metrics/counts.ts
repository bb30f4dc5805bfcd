import type { MessageCounters } from '../core/counters.ts';
import type { Counts } from './snapshot-types.ts';
import { COUNT_NAMES } from './snapshot-types.ts';

/** Counts are kept in a Float64Array, one slot per COUNT_NAMES entry, in that order. */
export const COUNT_N = COUNT_NAMES.length;

/** Slot of each count. */
export const C = Object.fromEntries(COUNT_NAMES.map((n, i) => [n, i])) as { readonly [K in (typeof COUNT_NAMES)[number]]: number };

export function newCounts(): Float64Array {
  return new Float64Array(COUNT_N);
}

/** A plain `Counts` object from a slot array. */
export function countsRecord(a: Float64Array, scale = 1): Counts {
  const out = {} as Counts;
  for (let i = 0; i < COUNT_N; i++) out[COUNT_NAMES[i]!] = round(a[i]! * scale);
  return out;
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** The consumer-side and queue-side counters every entity shares. */
function common(c: MessageCounters, o: Float64Array): void {
  o[C.deliverManualAck] = c.deliveredManualAck;
  o[C.deliverAutoAck] = c.deliveredAutoAck;
  o[C.ack] = c.acked;
  o[C.redelivered] = c.redelivered;
  o[C.getManualAck] = c.getManualAck;
  o[C.getAutoAck] = c.getAutoAck;
  o[C.getEmpty] = c.getEmpty;
  o[C.consumerNack] = c.nacked;
  o[C.consumerReject] = c.rejected;
  o[C.bytesIn] = c.bytesIn;
  o[C.bytesOut] = c.bytesOut;
}

/** A queue: `publish` is messages enqueued; expiry, dead-lettering and overflow happen here. */
export function queueCounts(c: MessageCounters, o: Float64Array): void {
  common(c, o);
  o[C.publish] = c.published;
  o[C.expired] = c.expired;
  o[C.deadLetteredRejected] = c.deadLetteredRejected;
  o[C.deadLetteredExpired] = c.deadLetteredExpired;
  o[C.deadLetteredMaxlen] = c.deadLetteredMaxlen;
  o[C.deadLetteredDeliveryLimit] = c.deadLetteredDeliveryLimit;
  o[C.overflowDropped] = c.overflowDropped;
  o[C.overflowRejected] = c.overflowRejected;
}

/** An exchange: messages in, messages routed out, and unroutable ones. */
export function exchangeCounts(c: MessageCounters, o: Float64Array): void {
  o[C.publishIn] = c.published;
  o[C.publishOut] = c.routed;
  o[C.dropUnroutable] = c.unroutableDropped;
  o[C.returnUnroutable] = c.unroutableReturned;
}

/**
 * A simulated client (its own counters, kept across reconnects): what it
 * published, had confirmed, nacked or returned, and what it consumed.
 */
export function clientCounts(c: MessageCounters, o: Float64Array): void {
  common(c, o);
  o[C.publish] = c.published;
  o[C.confirm] = c.confirmed;
  o[C.publisherNack] = c.publisherNacked;
  o[C.returnUnroutable] = c.returned;
  o[C.dropUnroutable] = c.unroutableDropped;
}

/** The broker's totals (queue-side counts are summed from the queues by the caller). */
export function brokerCounts(c: MessageCounters, o: Float64Array): void {
  common(c, o);
  o[C.publish] = c.published;
  o[C.publishIn] = c.published;
  o[C.publishOut] = c.routed;
  o[C.confirm] = c.confirmed;
  o[C.publisherNack] = c.publisherNacked;
  o[C.dropUnroutable] = c.unroutableDropped;
  o[C.returnUnroutable] = c.unroutableReturned;
}

/** Slots a queue owns and the total sums over queues. */
export const QUEUE_ONLY: readonly number[] = [
  C.expired,
  C.deadLetteredRejected,
  C.deadLetteredExpired,
  C.deadLetteredMaxlen,
  C.deadLetteredDeliveryLimit,
  C.overflowDropped,
  C.overflowRejected,
];
