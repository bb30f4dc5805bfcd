import type { BasicProperties } from './message.ts';
import { messageTtl } from './message.ts';
import type { Queue } from './queue.ts';

/** What a queue would do with one more message, as `Queue.enqueue` decides it. */
export type EnqueueResult = 'enqueued' | 'rejected' | 'rejected-dlx' | 'drops-head';

export interface EnqueueForecast {
  result: EnqueueResult;
  /** In words, with the numbers that decide it. */
  text: string;
}

/**
 * Foresee what `q` does with a message of `size` body bytes right now: the
 * length limits use the queue's own `wouldOverflow` (the check `enqueue`
 * makes), then TTL and consumers say whether it waits or goes at once.
 * Reads the queue; changes nothing.
 */
export function enqueueForecast(q: Queue, props: BasicProperties, size: number): EnqueueForecast {
  const s = q.settings;
  const name = `'${q.name}'`;
  if (q.wouldOverflow(size)) {
    const limit = limitText(q, size);
    if (s.overflow === 'reject-publish') return { result: 'rejected', text: `Queue ${name} is full (${limit}): x-overflow reject-publish refuses it; a confirming publisher gets a nack.` };
    if (s.overflow === 'reject-publish-dlx') {
      const dlx = s.deadLetterExchange === undefined ? 'dropped (no dead-letter exchange)' : `dead-lettered to '${s.deadLetterExchange}'`;
      return { result: 'rejected-dlx', text: `Queue ${name} is full (${limit}): x-overflow reject-publish-dlx refuses it and it is ${dlx}; a confirming publisher gets a nack.` };
    }
    const dlx = s.deadLetterExchange === undefined ? 'dropped' : `dead-lettered to '${s.deadLetterExchange}'`;
    return { result: 'drops-head', text: `Enqueued on ${name}, which is full (${limit}): its oldest message is ${dlx} (x-overflow drop-head).` };
  }
  const mttl = props.expiration === undefined ? undefined : messageTtl(props);
  const ttl = mttl === undefined ? s.messageTtl : s.messageTtl === undefined ? mttl : Math.min(mttl, s.messageTtl);
  const consumers = q.consumerCount;
  const waiting = `${q.messageCount} message${q.messageCount === 1 ? '' : 's'} ready`;
  let then: string;
  if (ttl === 0) then = consumers > 0 ? 'TTL 0: delivered if a consumer can take it now, else it expires at once' : 'TTL 0 and no consumer: it expires at once';
  else then = `${waiting}, ${consumers} consumer${consumers === 1 ? '' : 's'}${ttl === undefined ? '' : `; expires after ${ttl} ms`}`;
  return { result: 'enqueued', text: `Enqueued on ${name} (${then}).` };
}

function limitText(q: Queue, size: number): string {
  const s = q.settings;
  if (s.maxLength !== undefined && q.messageCount + 1 > s.maxLength) return `${q.messageCount} of x-max-length ${s.maxLength}`;
  return `${q.ready.bytes} + ${size} bytes over x-max-length-bytes ${s.maxLengthBytes ?? 0}`;
}
