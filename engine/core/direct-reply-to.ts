import type { Channel } from './channel.ts';
import { preconditionFailed } from './errors.ts';
import type { Message } from './message.ts';
import type { Random } from './random.ts';

/** The pseudo-queue RPC clients consume from (docs/direct-reply-to.md). */
export const DIRECT_REPLY_TO = 'amq.rabbitmq.reply-to';
const PREFIX = `${DIRECT_REPLY_TO}.`;

/** True for a routing key addressing a direct reply-to consumer. */
export function isReplyToName(routingKey: string): boolean {
  return routingKey.startsWith(PREFIX);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Direct reply-to: a channel consuming (no-ack) from `amq.rabbitmq.reply-to`
 * gets a private name; replies published to the default exchange with that
 * name as routing key go straight to it, with no queue in between.
 */
export class DirectReplyTo {
  private byName = new Map<string, { channel: Channel; tag: string }>();

  constructor(private readonly random: Random) {}

  /** basic.consume on the pseudo-queue. */
  consume(channel: Channel, tag: string, noAck: boolean): string {
    if (!noAck) throw preconditionFailed('reply consumer cannot acknowledge');
    if (channel.replyTo !== undefined) throw preconditionFailed('reply consumer already set');
    let token = '';
    for (let i = 0; i < 24; i++) token += ALPHABET[Math.floor(this.random.next() * ALPHABET.length)];
    const name = `${PREFIX}${token}`;
    const ctag = tag === '' ? `amq.ctag-${token}` : tag;
    channel.replyTo = name;
    this.byName.set(name, { channel, tag: ctag });
    return ctag;
  }

  isConsumer(channel: Channel, tag: string): boolean {
    const e = channel.replyTo === undefined ? undefined : this.byName.get(channel.replyTo);
    return e !== undefined && e.tag === tag;
  }

  cancel(channel: Channel): void {
    if (channel.replyTo !== undefined) this.byName.delete(channel.replyTo);
    channel.replyTo = undefined;
  }

  /** True when a reply to `name` would be delivered (its consumer's channel is open). */
  has(name: string): boolean {
    return this.consumerOf(name) !== undefined;
  }

  /** Deliver a reply; false when nobody holds that name (the message is unroutable). */
  deliver(name: string, msg: Message): boolean {
    const e = this.consumerOf(name);
    if (!e) return false;
    e.channel.deliverDirect(e.tag, msg);
    return true;
  }

  private consumerOf(name: string): { channel: Channel; tag: string } | undefined {
    const e = this.byName.get(name);
    return e && e.channel.open ? e : undefined;
  }
}
