import { expect } from 'vitest';
import type { Channel } from '../../engine/core/channel.ts';
import type { Command, CommandContext } from '../../engine/core/commands.ts';
import type { Connection } from '../../engine/core/connection.ts';
import { AmqpError } from '../../engine/core/errors.ts';
import type { Exchange } from '../../engine/core/exchange.ts';
import type { FieldTable } from '../../engine/core/field-value.ts';
import type { BasicProperties } from '../../engine/core/message.ts';
import type { Queue } from '../../engine/core/queue.ts';
import type { RecordingSink } from './engine-harness.ts';
import { EngineHarness, declareQueue, text } from './engine-harness.ts';

/** Run `fn`, which must throw an `AmqpError`; returns it. */
export function amqpError(fn: () => unknown): AmqpError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AmqpError) return e;
    throw e;
  }
  throw new Error('expected an AmqpError, but nothing was thrown');
}

/** Assert that `fn` fails with RabbitMQ's reply code, scope and reply text. */
export function expectAmqpError(fn: () => unknown, code: number, scope: 'channel' | 'connection', replyText: string): void {
  const e = amqpError(fn);
  expect({ code: e.code, scope: e.scope, replyText: e.replyText }).toEqual({ code, scope, replyText });
}

/** The command context of a connection (its user and id). */
export function ctxOf(conn: Connection): CommandContext {
  return { user: conn.user, connectionId: conn.id };
}

/** A queue of vhost `/` by name (fails when missing). */
export function queueOf(h: EngineHarness, name: string, vhost = '/'): Queue {
  const q = h.broker.vhost(vhost)?.queues.get(name);
  if (!q) throw new Error(`no queue '${name}'`);
  return q;
}

export function hasQueue(h: EngineHarness, name: string, vhost = '/'): boolean {
  return h.broker.vhost(vhost)?.queues.has(name) ?? false;
}

export function exchangeOf(h: EngineHarness, name: string, vhost = '/'): Exchange | undefined {
  return h.broker.vhost(vhost)?.exchanges.get(name);
}

export interface ExchangeOpts {
  durable?: boolean;
  autoDelete?: boolean;
  internal?: boolean;
  arguments?: FieldTable;
}

/** Declare an exchange in `/` as the broker itself (or as `ctx`). */
export function declareExchange(h: EngineHarness, name: string, type: string, opts: ExchangeOpts = {}, ctx: CommandContext = {}): void {
  h.broker.execute(
    { type: 'exchange.declare', vhost: '/', name, exchangeType: type, durable: opts.durable ?? false, autoDelete: opts.autoDelete ?? false, internal: opts.internal ?? false, arguments: opts.arguments ?? {} },
    ctx,
  );
}

/** queue.bind in `/`. */
export function bindQueue(h: EngineHarness, queue: string, exchange: string, routingKey: string, args: FieldTable = {}, ctx: CommandContext = {}): void {
  h.broker.execute({ type: 'binding.add', vhost: '/', source: exchange, destination: queue, destinationType: 'queue', routingKey, arguments: args }, ctx);
}

/** queue.unbind in `/`. */
export function unbindQueue(h: EngineHarness, queue: string, exchange: string, routingKey: string, args: FieldTable = {}, ctx: CommandContext = {}): void {
  h.broker.execute({ type: 'binding.remove', vhost: '/', source: exchange, destination: queue, destinationType: 'queue', routingKey, arguments: args }, ctx);
}

/** exchange.bind in `/`: messages from `source` flow to `destination`. */
export function bindExchange(h: EngineHarness, destination: string, source: string, routingKey: string, args: FieldTable = {}, ctx: CommandContext = {}): void {
  h.broker.execute({ type: 'binding.add', vhost: '/', source, destination, destinationType: 'exchange', routingKey, arguments: args }, ctx);
}

/** basic.publish of a UTF-8 body. */
export function publish(ch: Channel, exchange: string, routingKey: string, body = 'm', props: BasicProperties = {}, mandatory = false): number {
  return ch.publish(exchange, routingKey, mandatory, props, text(body)).seq;
}

/** Drain a queue with basic.get (no-ack) and return the bodies. */
export function drain(ch: Channel, queue: string): string[] {
  const out: string[] = [];
  for (let r = ch.get(queue, true); r; r = ch.get(queue, true)) out.push(new TextDecoder().decode(r.message.body));
  return out;
}

/** The body of a basic.get result, or undefined for get-empty. */
export function getBody(ch: Channel, queue: string, noAck = true): string | undefined {
  const r = ch.get(queue, noAck);
  return r && new TextDecoder().decode(r.message.body);
}

/** Delivery tags a sink has seen so far. */
export function tags(sink: RecordingSink): number[] {
  return sink.deliveries.map((d) => d.deliveryTag);
}

/** Routing fixtures: a broker with queues `names` on one channel, and which of them a message reached. */
export function routingSetup(...names: string[]) {
  const h = new EngineHarness();
  const { ch, sink, conn } = h.channel();
  for (const n of names) declareQueue(ch, n);
  /** Which of `names` hold a message, and how many copies each (drains them). */
  const reached = (): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const n of names) {
      const c = drain(ch, n).length;
      if (c > 0) out[n] = c;
    }
    return out;
  };
  return { h, ch, sink, conn, reached };
}

type QueueDeclare = Extract<Command, { type: 'queue.declare' }>;

/** A queue.declare command for vhost `/` with defaults. */
export function queueDeclare(name: string, over: Partial<Omit<QueueDeclare, 'type' | 'vhost' | 'name'>> = {}): QueueDeclare {
  return { type: 'queue.declare', vhost: '/', name, durable: false, exclusive: false, autoDelete: false, arguments: {}, ...over };
}

/** RabbitMQ's 405 text for another connection's (or a mismatched) exclusive queue. */
export const lockedText = (q: string): string =>
  `RESOURCE_LOCKED - cannot obtain exclusive access to locked queue '${q}' in vhost '/'. It could be originally declared on another connection or the exclusive property value does not match that of the original declaration.`;
