/** Dead-letter reasons, as RabbitMQ writes them in `x-death`. */
export type DeadLetterReason = 'rejected' | 'expired' | 'maxlen' | 'delivery_limit';

/**
 * Monotonic message counters kept per entity (queue, exchange, channel, and the
 * broker in total). They only ever grow; rates are derived by sampling them.
 * One class with every field keeps the objects monomorphic on the hot path.
 */
export class MessageCounters {
  /** basic.publish received (channel/exchange/broker) or messages enqueued (queue). */
  published = 0;
  /** Published messages that reached at least one queue. */
  routed = 0;
  unroutableDropped = 0;
  unroutableReturned = 0;
  deliveredManualAck = 0;
  deliveredAutoAck = 0;
  getManualAck = 0;
  getAutoAck = 0;
  getEmpty = 0;
  acked = 0;
  nacked = 0;
  rejected = 0;
  redelivered = 0;
  expired = 0;
  deadLetteredRejected = 0;
  deadLetteredExpired = 0;
  deadLetteredMaxlen = 0;
  deadLetteredDeliveryLimit = 0;
  /** Messages dropped from the head by x-max-length (drop-head), dead-lettered or not. */
  overflowDropped = 0;
  /** Publishes refused by reject-publish / reject-publish-dlx. */
  overflowRejected = 0;
  /** Publisher confirms sent as basic.ack (RabbitMQ's `confirm` stat). */
  confirmed = 0;
  /** Publisher confirms sent as basic.nack. */
  publisherNacked = 0;
  /** basic.return sent (channel, broker). */
  returned = 0;
  bytesIn = 0;
  bytesOut = 0;

  /** Count one dead-lettering for `reason`. */
  deadLettered(reason: DeadLetterReason): void {
    switch (reason) {
      case 'rejected':
        this.deadLetteredRejected++;
        break;
      case 'expired':
        this.deadLetteredExpired++;
        break;
      case 'maxlen':
        this.deadLetteredMaxlen++;
        break;
      case 'delivery_limit':
        this.deadLetteredDeliveryLimit++;
        break;
    }
  }

  /** A plain copy, for snapshots. */
  snapshot(): CounterSnapshot {
    return { ...this };
  }
}

/** A plain-object copy of `MessageCounters`. */
export type CounterSnapshot = { [K in keyof MessageCounters as MessageCounters[K] extends number ? K : never]: number };

/** The counter names, in a stable order (for CSV headers and tables). */
export const COUNTER_NAMES: readonly (keyof CounterSnapshot)[] = Object.keys(new MessageCounters()) as (keyof CounterSnapshot)[];
