/**
 * Methods of the exchange, queue, basic, confirm and tx classes, mapped onto
 * the engine: topology as `Broker.execute` commands, the rest as `Channel`
 * calls. A reply is encoded here and inserted ahead of anything the engine
 * sent while handling the method (consume-ok before the first deliver).
 * Errors are thrown as `AmqpError`; the connection closes what they scope.
 */
import type { Broker } from '../../core/broker.ts';
import type { CommandContext, CommandResult } from '../../core/commands.ts';
import type { Connection } from '../../core/connection.ts';
import { AmqpError } from '../../core/errors.ts';
import { encodeDelivery, encodeMethodFrame } from '../codec/index.ts';
import type { AmqpMethod, AmqpMethodInput } from '../codec/index.ts';
import type { WireChannel } from './wire-channel.ts';
import type { FrameWriter } from './writer.ts';

/** What dispatch needs from the connection. */
export interface DispatchContext {
  readonly broker: Broker;
  readonly conn: Connection;
  readonly writer: FrameWriter;
  readonly frameMax: number;
}

/** Handle one method on an open channel (not basic.publish: its content is assembled first). */
export function dispatchChannelMethod(ctx: DispatchContext, ch: WireChannel, m: AmqpMethod): void {
  const e = ch.engine;
  switch (m.name) {
    case 'basic.ack':
      return e.ack(m.deliveryTag, m.multiple);
    case 'basic.nack':
      return e.nack(m.deliveryTag, m.multiple, m.requeue);
    case 'basic.reject':
      return e.reject(m.deliveryTag, m.requeue);
    case 'basic.recover-async':
      return e.recover(m.requeue);
    default:
      break;
  }
  // Hold the output so the reply goes out before what the engine sends meanwhile.
  const at = ctx.writer.mark();
  let reply: Buffer | undefined;
  try {
    reply = replyTo(ctx, ch, m);
  } finally {
    ctx.writer.insertAt(at, reply);
  }
}

function frame(ch: WireChannel, method: AmqpMethodInput): Buffer {
  return encodeMethodFrame(ch.id, method);
}

/** Run the method; the encoded reply, or undefined with nowait. */
function replyTo(ctx: DispatchContext, ch: WireChannel, m: AmqpMethod): Buffer | undefined {
  const e = ch.engine;
  const vhost = ctx.conn.vhost.name;
  switch (m.name) {
    case 'exchange.declare':
      run(ctx, {
        type: 'exchange.declare', vhost, name: m.exchange, exchangeType: m.type, durable: m.durable, autoDelete: m.autoDelete,
        internal: m.internal, arguments: m.arguments, passive: m.passive,
      });
      return m.nowait ? undefined : frame(ch, { name: 'exchange.declare-ok' });
    case 'exchange.delete':
      run(ctx, { type: 'exchange.delete', vhost, name: m.exchange, ifUnused: m.ifUnused });
      return m.nowait ? undefined : frame(ch, { name: 'exchange.delete-ok' });
    case 'exchange.bind':
    case 'exchange.unbind':
      run(ctx, {
        type: m.name === 'exchange.bind' ? 'binding.add' : 'binding.remove', vhost, source: m.source, destination: m.destination,
        destinationType: 'exchange', routingKey: m.routingKey, arguments: m.arguments,
      });
      return m.nowait ? undefined : frame(ch, { name: m.name === 'exchange.bind' ? 'exchange.bind-ok' : 'exchange.unbind-ok' });
    case 'queue.declare': {
      const r = run(ctx, {
        type: 'queue.declare', vhost, name: m.queue, durable: m.durable, exclusive: m.exclusive, autoDelete: m.autoDelete,
        arguments: m.arguments, passive: m.passive,
      });
      if (r.type !== 'queue.declare') throw new AmqpError(541, 'queue.declare returned no queue', { scope: 'connection' });
      ch.lastQueue = r.name;
      return m.nowait ? undefined : frame(ch, { name: 'queue.declare-ok', queue: r.name, messageCount: r.messageCount, consumerCount: r.consumerCount });
    }
    case 'queue.bind':
    case 'queue.unbind': {
      const queue = queueName(ch, m.queue);
      // An empty routing key with the queue shortcut means the queue's name (rabbit_channel expand_routing_key_shortcut).
      const routingKey = m.queue === '' && m.routingKey === '' ? queue : m.routingKey;
      run(ctx, {
        type: m.name === 'queue.bind' ? 'binding.add' : 'binding.remove', vhost, source: m.exchange, destination: queue,
        destinationType: 'queue', routingKey, arguments: m.arguments,
      });
      if (m.name === 'queue.unbind') return frame(ch, { name: 'queue.unbind-ok' });
      return m.nowait ? undefined : frame(ch, { name: 'queue.bind-ok' });
    }
    case 'queue.purge': {
      const r = run(ctx, { type: 'queue.purge', vhost, name: queueName(ch, m.queue) });
      return m.nowait ? undefined : frame(ch, { name: 'queue.purge-ok', messageCount: count(r) });
    }
    case 'queue.delete': {
      const r = run(ctx, { type: 'queue.delete', vhost, name: queueName(ch, m.queue), ifUnused: m.ifUnused, ifEmpty: m.ifEmpty });
      return m.nowait ? undefined : frame(ch, { name: 'queue.delete-ok', messageCount: count(r) });
    }
    case 'basic.qos':
      e.qos(m.prefetchSize, m.prefetchCount, m.global);
      return frame(ch, { name: 'basic.qos-ok' });
    case 'basic.consume': {
      const tag = e.consume(queueName(ch, m.queue), m.consumerTag, m.noAck, m.exclusive, m.arguments);
      return m.nowait ? undefined : frame(ch, { name: 'basic.consume-ok', consumerTag: tag });
    }
    case 'basic.cancel':
      e.cancel(m.consumerTag);
      return m.nowait ? undefined : frame(ch, { name: 'basic.cancel-ok', consumerTag: m.consumerTag });
    case 'basic.get': {
      const r = e.get(queueName(ch, m.queue), m.noAck);
      if (r === undefined) return frame(ch, { name: 'basic.get-empty' });
      const msg = r.message;
      return encodeDelivery(
        ch.id,
        { name: 'basic.get-ok', deliveryTag: r.deliveryTag, redelivered: r.redelivered, exchange: msg.exchange, routingKey: msg.routingKey, messageCount: r.messageCount },
        r.properties,
        msg.body,
        ctx.frameMax,
      );
    }
    case 'basic.recover':
      e.recover(m.requeue);
      return frame(ch, { name: 'basic.recover-ok' });
    case 'confirm.select':
      e.confirmSelect();
      return m.nowait ? undefined : frame(ch, { name: 'confirm.select-ok' });
    case 'tx.select':
      e.txSelect();
      return frame(ch, { name: 'tx.select-ok' });
    case 'tx.commit':
      e.txCommit();
      return frame(ch, { name: 'tx.commit-ok' });
    case 'tx.rollback':
      e.txRollback();
      return frame(ch, { name: 'tx.rollback-ok' });
    case 'channel.flow':
      e.setFlow(m.active);
      return frame(ch, { name: 'channel.flow-ok', active: m.active });
    case 'channel.flow-ok':
      return undefined;
    default:
      // A method only the server sends (basic.deliver, queue.declare-ok, ...) or one of another class.
      throw new AmqpError(503, `unimplemented method '${m.name}' on channel ${ch.id}`, { scope: 'connection' });
  }
}

function run(ctx: DispatchContext, cmd: Parameters<Broker['execute']>[0]): CommandResult {
  const c: CommandContext = { user: ctx.conn.user, connectionId: ctx.conn.id };
  return ctx.broker.execute(cmd, c);
}

function count(r: CommandResult): number {
  return r.type === 'queue.delete' || r.type === 'queue.purge' ? r.messageCount : 0;
}

/** `''` names the channel's most recently declared queue (rabbit_channel expand_queue_name_shortcut). */
function queueName(ch: WireChannel, name: string): string {
  if (name !== '') return name;
  if (ch.lastQueue === '') throw new AmqpError(404, 'no previously declared queue');
  return ch.lastQueue;
}
