import type { Channel } from './channel.ts';
import type { Consumer } from './consumer.ts';
import type { Delivery } from './delivery.ts';
import { preconditionFailed } from './errors.ts';
import type { QueueEntry } from './queue-entry.ts';
import type { Queue } from './queue.ts';
import type { UnackedLog } from './unacked-log.ts';

/** What happens to settled deliveries: acked, dead-lettered/dropped, or requeued. */
export type SettleKind = 'ack' | 'reject' | 'requeue';

/**
 * Remove the deliveries an ack/nack/reject names. An unknown or already
 * settled tag is a 406 channel error; `multiple` with tag 0 means everything
 * outstanding (spec basic.ack).
 */
export function takeDeliveries(u: UnackedLog, tag: number, multiple: boolean): Delivery[] {
  if (!multiple) {
    const d = u.take(tag);
    if (!d) throw preconditionFailed(`unknown delivery tag ${tag}`);
    return [d];
  }
  if (tag !== 0 && !u.has(tag)) throw preconditionFailed(`unknown delivery tag ${tag}`);
  return u.takeUpTo(tag === 0 ? Infinity : tag);
}

/** Count a basic.nack or basic.reject on the queue, the channel and the broker. */
export function countReject(ch: Channel, d: Delivery, nack: boolean): void {
  const f = nack ? 'nacked' : 'rejected';
  d.queue.counters[f]++;
  ch.counters[f]++;
  ch.connection.counters[f]++;
  ch.connection.broker.counters[f]++;
}

/** Apply settlements, then let the queues whose consumers got credit back deliver more. */
export function settleDeliveries(ch: Channel, ds: Delivery[], kind: SettleKind): void {
  const bc = ch.connection.broker.counters;
  const nc = ch.connection.counters;
  let freedConsumer: Consumer | undefined;
  let freedMany = false;
  const requeue = kind === 'requeue' ? new Map<Queue, QueueEntry[]>() : undefined;
  for (const d of ds) {
    const c = d.consumer;
    if (c) {
      c.unacked--;
      ch.consumerUnacked--;
      if (c.blocked) c.queue.unblock(c);
      if (freedConsumer === undefined) freedConsumer = c;
      else if (freedConsumer !== c) freedMany = true;
    }
    if (kind === 'ack') {
      d.queue.counters.acked++;
      ch.counters.acked++;
      nc.acked++;
      bc.acked++;
      d.queue.settle(d.entry, true);
    } else if (kind === 'reject') d.queue.discard(d.entry);
    else {
      const list = requeue!.get(d.queue);
      if (list) list.push(d.entry);
      else requeue!.set(d.queue, [d.entry]);
    }
  }
  if (requeue) for (const [q, es] of requeue) q.requeue(es, true);
  if (freedConsumer === undefined) return;
  if (ch.channelPrefetch > 0 || freedMany) ch.dispatchAll();
  else if (ch.consumers.get(freedConsumer.tag) === freedConsumer) freedConsumer.queue.dispatch();
}
