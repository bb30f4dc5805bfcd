/**
 * Channels on the wire, driven frame by frame: content assembly, error
 * scopes, nowait, reply ordering, confirm coalescing and the memory alarm.
 */
import { describe, expect, test } from 'vitest';
import { encodeHeaderFrame, encodeMethodFrame } from '../../engine/amqp/codec/index.ts';
import { wireServer, WireClient } from './support/wire-client.ts';

function declare(c: WireClient, queue: string, channel = 1): void {
  c.method(channel, { name: 'queue.declare', queue, arguments: {} });
}

describe('content assembly', () => {
  test('a message in several body frames arrives whole', () => {
    const { server, broker } = wireServer();
    const c = new WireClient(server).handshake();
    declare(c, 'q');
    c.publish(1, '', 'q', Buffer.alloc(10_000, 7));
    expect(broker.vhost('/')!.queues.get('q')!.ready.bytes).toBe(10_000);
  });

  test('frames of other channels may interleave with a message', () => {
    const { server, broker } = wireServer();
    const c = new WireClient(server).handshake();
    c.method(2, { name: 'channel.open' });
    declare(c, 'q');
    c.method(1, { name: 'basic.publish', routingKey: 'q' });
    c.method(2, { name: 'basic.qos', prefetchCount: 5 });
    c.bytes(encodeHeaderFrame(1, 60, 0, {}));
    expect(broker.vhost('/')!.queues.get('q')!.messageCount).toBe(1);
  });

  test('a header without a method is 505 UNEXPECTED_FRAME', () => {
    const { server } = wireServer();
    const c = new WireClient(server).handshake();
    c.bytes(encodeHeaderFrame(1, 60, 0, {}));
    expect(c.last('connection.close')).toMatchObject({ replyCode: 505, replyText: 'UNEXPECTED_FRAME - expected method frame, got non method frame instead' });
  });

  test('a method where a content header belongs is 505, attributed to basic.publish', () => {
    const { server } = wireServer();
    const c = new WireClient(server).handshake();
    c.method(1, { name: 'basic.publish', routingKey: 'q' }).method(1, { name: 'basic.qos', prefetchCount: 1 });
    expect(c.last('connection.close')).toMatchObject({ replyCode: 505, classId: 60, methodId: 40 });
  });

  test('a body longer than its header declared is 505', () => {
    const { server } = wireServer();
    const c = new WireClient(server).handshake();
    c.method(1, { name: 'basic.publish', routingKey: 'q' }).bytes(encodeHeaderFrame(1, 60, 2, {})).frame(3, 1, Buffer.from('abc'));
    expect(c.last('connection.close')?.replyCode).toBe(505);
  });

  test('a message over max_message_size is 406 on the channel only', () => {
    const { server } = wireServer({ server: { maxMessageSize: 100 } });
    const c = new WireClient(server).handshake();
    c.publish(1, '', 'q', Buffer.alloc(101));
    const close = c.last('channel.close')!;
    expect(close).toMatchObject({ replyCode: 406, classId: 60, methodId: 40 });
    expect(close.replyText).toBe('PRECONDITION_FAILED - message size 101 is larger than configured max size 100');
  });
});

describe('channel exceptions', () => {
  test('close only the channel, with the failing class and method, and drop its frames until close-ok', () => {
    const { server } = wireServer();
    const c = new WireClient(server).handshake();
    c.method(1, { name: 'basic.get', queue: 'missing' });
    expect(c.last('channel.close')).toMatchObject({ replyCode: 404, classId: 60, methodId: 70, replyText: "NOT_FOUND - no queue 'missing' in vhost '/'" });
    declare(c, 'ignored');
    expect(c.names()).toEqual([]);
    c.method(1, { name: 'channel.close-ok' }).method(1, { name: 'channel.open' });
    declare(c, 'q');
    expect(c.names()).toEqual(['1:channel.open-ok', '1:queue.declare-ok']);
  });

  test('a channel close crossing the server’s close is confirmed', () => {
    const { server } = wireServer();
    const c = new WireClient(server).handshake();
    c.method(1, { name: 'basic.ack', deliveryTag: 99 }).frames();
    c.method(1, { name: 'channel.close', replyCode: 200, replyText: '', classId: 0, methodId: 0 });
    expect(c.names()).toEqual(['1:channel.close-ok']);
  });

  test('a method on a channel that is not open is 504 CHANNEL_ERROR', () => {
    const { server } = wireServer();
    const c = new WireClient(server).handshake();
    declare(c, 'q', 7);
    expect(c.last('connection.close')?.replyCode).toBe(504);
  });

  test('opening an open channel is 504; a channel above channel-max is 530', () => {
    const { server } = wireServer({ server: { channelMax: 4 } });
    const a = new WireClient(server).handshake();
    a.method(1, { name: 'channel.open' });
    expect(a.last('connection.close')?.replyCode).toBe(504);
    const b = new WireClient(server).handshake();
    b.method(5, { name: 'channel.open' });
    expect(b.last('connection.close')).toMatchObject({ replyCode: 530, classId: 20, methodId: 10 });
  });

  test('an unknown method is 540 NOT_IMPLEMENTED; a server-only method is 503', () => {
    const { server } = wireServer();
    const a = new WireClient(server).handshake();
    a.frame(1, 1, Buffer.from([0, 60, 0, 99]));
    expect(a.last('connection.close')?.replyCode).toBe(540);
    const b = new WireClient(server).handshake();
    b.method(1, { name: 'queue.declare-ok', queue: 'x', messageCount: 0, consumerCount: 0 });
    expect(b.last('connection.close')?.replyCode).toBe(503);
  });

  test('a bad frame-end octet is 501 and nothing after it is read', () => {
    const { server } = wireServer();
    const c = new WireClient(server).handshake();
    const f = encodeMethodFrame(1, { name: 'basic.qos', prefetchCount: 1 });
    f[f.length - 1] = 0;
    c.bytes(f);
    expect(c.last('connection.close')?.replyCode).toBe(501);
    c.method(0, { name: 'connection.close-ok' });
    expect(c.transport.ended).toBe(false);
  });

  test('publish with immediate is 540', () => {
    const { server } = wireServer();
    const c = new WireClient(server).handshake();
    c.method(1, { name: 'basic.publish', routingKey: 'q', immediate: true });
    expect(c.last('connection.close')?.replyCode).toBe(540);
  });
});

describe('replies', () => {
  test('nowait suppresses declare-ok, bind-ok and consume-ok', () => {
    const { server } = wireServer();
    const c = new WireClient(server).handshake();
    c.method(1, { name: 'queue.declare', queue: 'q', nowait: true });
    c.method(1, { name: 'exchange.declare', exchange: 'x', type: 'fanout', nowait: true });
    c.method(1, { name: 'queue.bind', queue: 'q', exchange: 'x', nowait: true });
    c.method(1, { name: 'basic.consume', queue: 'q', consumerTag: 't', nowait: true });
    c.method(1, { name: 'confirm.select', nowait: true });
    expect(c.names()).toEqual([]);
  });

  test('consume-ok goes out before the first delivery', () => {
    const { server } = wireServer();
    const c = new WireClient(server).handshake();
    declare(c, 'q');
    c.publish(1, '', 'q', 'one').publish(1, '', 'q', 'two').frames();
    c.method(1, { name: 'basic.consume', queue: 'q', consumerTag: 'c1' });
    expect(c.names()).toEqual(['1:basic.consume-ok', '1:basic.deliver', '1:basic.deliver']);
  });

  test('an empty queue name means the last queue declared on the channel', () => {
    const { server } = wireServer();
    const c = new WireClient(server).handshake();
    declare(c, '');
    c.publish(1, '', c.conn.engine!.vhost.queues.keys().next().value!, 'hi').frames();
    c.method(1, { name: 'basic.get', queue: '', noAck: true });
    expect(c.names()).toEqual(['1:basic.get-ok']);
  });

  test('publisher confirms of one read are coalesced into basic.ack multiple', () => {
    const { server } = wireServer();
    const c = new WireClient(server).handshake();
    declare(c, 'q');
    c.method(1, { name: 'confirm.select' }).frames();
    const publish = Buffer.concat([
      ...[1, 2, 3].flatMap(() => [encodeMethodFrame(1, { name: 'basic.publish', routingKey: 'q' }), encodeHeaderFrame(1, 60, 0, {})]),
    ]);
    c.bytes(publish);
    const acks = c.frames().flatMap((f) => (f.kind === 'method' && f.method.name === 'basic.ack' ? [f.method] : []));
    expect(acks).toEqual([{ name: 'basic.ack', deliveryTag: 3, multiple: true }]);
  });

  test('a confirm that waits for the store goes out once the store has synced', () => {
    const { server, broker } = wireServer();
    const synced: (() => void)[] = [];
    broker.store = { persisted: () => {}, unpersisted: () => {}, afterSync: (fn) => void synced.push(fn) };
    const c = new WireClient(server).handshake();
    c.method(1, { name: 'queue.declare', queue: 'd', durable: true }).method(1, { name: 'confirm.select' }).frames();
    c.publish(1, '', 'd', 'persistent', { deliveryMode: 2 });
    expect(c.names()).toEqual([]);
    for (const fn of synced) fn();
    expect(c.last('basic.ack')).toEqual({ name: 'basic.ack', deliveryTag: 1, multiple: false });
  });

  test('a return precedes the confirm of its publish', () => {
    const { server } = wireServer();
    const c = new WireClient(server).handshake();
    c.method(1, { name: 'confirm.select' }).frames();
    c.publish(1, '', 'nowhere', 'x', {}, { mandatory: true });
    expect(c.names()).toEqual(['1:basic.return', '1:basic.ack']);
  });

  test('deleting a queue cancels its consumers with basic.cancel', () => {
    const { server } = wireServer();
    const c = new WireClient(server).handshake();
    declare(c, 'q');
    c.method(1, { name: 'basic.consume', queue: 'q', consumerTag: 'c1' }).method(2, { name: 'channel.open' }).frames();
    c.method(2, { name: 'queue.delete', queue: 'q' });
    expect(c.names()).toEqual(['2:queue.delete-ok', '1:basic.cancel']);
  });
});

describe('memory alarm', () => {
  test('blocks a publisher above the watermark, pauses its input, and unblocks once drained', () => {
    const { server, clock } = wireServer({ server: { memory: { highWatermarkBytes: 1000 } } });
    const pub = new WireClient(server).handshake();
    const sub = new WireClient(server).handshake();
    declare(pub, 'q');
    for (let i = 0; i < 5; i++) pub.publish(1, '', 'q', Buffer.alloc(300));
    expect(pub.names()).toContain('0:connection.blocked');
    expect(pub.transport.paused).toBe(true);
    expect(sub.transport.paused).toBe(false);
    sub.method(1, { name: 'queue.purge', queue: 'q' });
    clock.advance(100);
    expect(pub.names()).toEqual(['0:connection.unblocked']);
    expect(pub.transport.paused).toBe(false);
  });
});
