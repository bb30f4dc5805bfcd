import type { Consumer } from './consumer.ts';
import type { QueueEntry } from './queue-entry.ts';
import type { Queue } from './queue.ts';

/** An unacknowledged delivery on a channel, keyed by its delivery tag. */
export class Delivery {
  constructor(
    readonly tag: number,
    readonly queue: Queue,
    readonly entry: QueueEntry,
    /** The consumer it went to; undefined for basic.get. */
    readonly consumer: Consumer | undefined,
    /** Consumer (ack) timeout deadline, ms; Infinity when none. */
    readonly deadline: number,
  ) {}
}

/** What a channel hands its sink for each delivery. */
export interface ChannelSink {
  /** basic.deliver. `properties` may differ from the message's (x-delivery-count). */
  deliver(
    consumerTag: string,
    deliveryTag: number,
    redelivered: boolean,
    message: import('./message.ts').Message,
    properties: import('./message.ts').BasicProperties,
  ): void;
  /** basic.return: an unroutable mandatory message. Sent before its confirm. */
  returned(replyCode: number, replyText: string, message: import('./message.ts').Message): void;
  /** Publisher confirm (basic.ack / basic.nack from the broker). */
  confirm(seq: number, multiple: boolean, ack: boolean): void;
  /** The broker cancelled a consumer (its queue was deleted): basic.cancel to the client. */
  cancelled(consumerTag: string): void;
  /** The broker closed the channel (consumer timeout, ...): channel.close to the client. */
  closedByBroker(error: import('./errors.ts').AmqpError): void;
}

/** basic.get's answer. */
export interface GetResult {
  deliveryTag: number;
  redelivered: boolean;
  messageCount: number;
  message: import('./message.ts').Message;
  properties: import('./message.ts').BasicProperties;
}
