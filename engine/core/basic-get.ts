/**
 * basic.get: take the first ready message of a queue for a channel, with or
 * without an acknowledgement to come, and count it as RabbitMQ's management
 * stats do (get / get_no_ack / get_empty, redeliver, bytes) on the queue, the
 * channel, its connection and the broker.
 */
import type { Channel } from './channel.ts';
import type { GetResult } from './delivery.ts';
import { Delivery } from './delivery.ts';
import type { MessageCounters } from './counters.ts';
import type { BasicProperties } from './message.ts';
import type { QueueEntry } from './queue-entry.ts';
import type { Queue } from './queue.ts';

/** Quorum queues add `x-delivery-count` to redeliveries. */
export function deliveryProperties(q: Queue, e: QueueEntry): BasicProperties {
  const p = e.msg.properties;
  if (e.deliveryCount === 0 || q.type !== 'quorum') return p;
  return { ...p, headers: { ...(p.headers ?? {}), 'x-delivery-count': { $type: 'int64', value: e.deliveryCount } } };
}

type CountField = 'getEmpty' | 'getAutoAck' | 'getManualAck' | 'redelivered';

/** Undefined means get-empty. `ch` has checked that it is open and may read `q`. */
export function basicGet(ch: Channel, q: Queue, noAck: boolean): GetResult | undefined {
  const levels: MessageCounters[] = [q.counters, ch.counters, ch.connection.counters, ch.connection.broker.counters];
  const count = (field: CountField): void => {
    for (const c of levels) c[field]++;
  };
  const e = q.get();
  if (!e) {
    count('getEmpty');
    return undefined;
  }
  const tag = ch.nextDeliveryTag();
  q.unacked++;
  if (noAck) {
    q.settle(e, true);
    count('getAutoAck');
  } else {
    // basic.get deliveries time out too: the check looks at every unacked delivery (rabbit_channel).
    ch.unacked.add(new Delivery(tag, q, e, undefined, ch.ackTimeout.deadline(q)));
    count('getManualAck');
  }
  if (e.redelivered) count('redelivered');
  const size = e.msg.body.length;
  for (const c of levels) c.bytesOut += size;
  return { deliveryTag: tag, redelivered: e.redelivered, messageCount: q.messageCount, message: e.msg, properties: deliveryProperties(q, e) };
}
