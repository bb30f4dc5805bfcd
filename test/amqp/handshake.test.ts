/**
 * The connection state machine's opening and liveness, driven over an
 * in-memory transport on virtual time: protocol header, start, login, tune,
 * open, heartbeats and timeouts.
 */
import { describe, expect, test } from 'vitest';
import { encodeFieldTable } from '../../engine/amqp/codec/index.ts';
import { wireServer, WireClient } from './support/wire-client.ts';

describe('protocol header', () => {
  test('answers an unsupported header with AMQP 0-9-1 and closes', () => {
    const { server } = wireServer();
    const c = new WireClient(server).bytes(Buffer.from('AMQP\x01\x01\x00\x0a'));
    expect(Buffer.concat(c.transport.out)).toEqual(Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1]));
    expect(c.transport.ended).toBe(true);
    expect(server.connections.size).toBe(0);
  });

  test('turns an HTTP request away before 8 bytes arrive', () => {
    const { server } = wireServer();
    const c = new WireClient(server).bytes(Buffer.from('GET'));
    expect(c.transport.ended).toBe(true);
  });

  test('accepts a header split across chunks', () => {
    const { server } = wireServer();
    const c = new WireClient(server).bytes(Buffer.from('AMQ')).bytes(Buffer.from([0x50, 0, 0, 9, 1]));
    expect(c.names()).toEqual(['0:connection.start']);
  });
});

describe('connection.start', () => {
  test('announces Brokerlab with RabbitMQ capabilities and both mechanisms', () => {
    const { server } = wireServer();
    const start = new WireClient(server).header().last('connection.start')!;
    expect(start.serverProperties['product']).toBe('Brokerlab');
    expect(start.mechanisms).toBe('PLAIN AMQPLAIN');
    expect(start.serverProperties['capabilities']).toMatchObject({
      publisher_confirms: true, exchange_exchange_bindings: true, 'basic.nack': true, consumer_cancel_notify: true,
      'connection.blocked': true, authentication_failure_close: true, per_consumer_qos: true, direct_reply_to: true,
    });
  });
});

describe('login', () => {
  test('refuses guest from a non-loopback address with RabbitMQ text', () => {
    const { server } = wireServer();
    const c = new WireClient(server, '10.1.2.3').header().startOk();
    const close = c.last('connection.close')!;
    expect(close).toMatchObject({ replyCode: 403, classId: 10, methodId: 11 });
    expect(close.replyText).toBe("ACCESS_REFUSED - PLAIN login refused: user 'guest' can only connect via localhost");
  });

  test('accepts guest from IPv6 and IPv4-mapped loopback', () => {
    for (const addr of ['::1', '::ffff:127.0.0.1']) {
      const { server } = wireServer();
      expect(new WireClient(server, addr).header().startOk().names()).toEqual(['0:connection.start', '0:connection.tune']);
    }
  });

  test('refuses a wrong password with 403 and the hidden-reason text', () => {
    const { server } = wireServer();
    const close = new WireClient(server).header().startOk({ password: 'nope' }).last('connection.close')!;
    expect(close.replyCode).toBe(403);
    expect(close.replyText).toBe('ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the broker logfile.');
  });

  test('drops the socket on a failed login when the client lacks authentication_failure_close', () => {
    const { server } = wireServer();
    const c = new WireClient(server).header().startOk({ password: 'nope', capabilities: {} });
    expect(c.names()).toEqual(['0:connection.start']);
    expect(c.transport.destroyed).toBe(true);
  });

  test('logs in with AMQPLAIN', () => {
    const { server } = wireServer();
    const table = encodeFieldTable({ LOGIN: 'guest', PASSWORD: 'guest' }).subarray(4);
    const c = new WireClient(server).header().startOk({ mechanism: 'AMQPLAIN', response: table });
    expect(c.names()).toEqual(['0:connection.start', '0:connection.tune']);
  });

  test('an unknown mechanism is 503 COMMAND_INVALID', () => {
    const { server } = wireServer();
    const close = new WireClient(server).header().startOk({ mechanism: 'EXTERNAL' }).last('connection.close')!;
    expect(close.replyCode).toBe(503);
  });
});

describe('tune and open', () => {
  test('offers channel-max 2047, frame-max 131072 and heartbeat 60', () => {
    const { server } = wireServer();
    const tune = new WireClient(server).header().startOk().last('connection.tune')!;
    expect(tune).toMatchObject({ channelMax: 2047, frameMax: 131072, heartbeat: 60 });
  });

  test('a frame-max above the offer is 530 NOT_ALLOWED', () => {
    const { server } = wireServer();
    const c = new WireClient(server).header().startOk().method(0, { name: 'connection.tune-ok', channelMax: 0, frameMax: 1 << 20, heartbeat: 0 });
    expect(c.last('connection.close')).toMatchObject({ replyCode: 530, classId: 10, methodId: 31 });
  });

  test('frames larger than the negotiated frame-max are 501 FRAME_ERROR', () => {
    const { server } = wireServer();
    const c = new WireClient(server).header().startOk().method(0, { name: 'connection.tune-ok', channelMax: 0, frameMax: 4096, heartbeat: 0 });
    c.method(0, { name: 'connection.open' }).method(1, { name: 'channel.open' }).frames();
    c.publish(1, '', 'q', Buffer.alloc(3000));
    c.method(1, { name: 'queue.declare', queue: 'x'.repeat(200), arguments: { pad: 'p'.repeat(5000) } });
    expect(c.last('connection.close')?.replyCode).toBe(501);
  });

  test('opening a missing vhost is 530 NOT_ALLOWED attributed to connection.open', () => {
    const { server } = wireServer();
    const c = new WireClient(server).header().startOk().method(0, { name: 'connection.tune-ok', channelMax: 0, frameMax: 131072, heartbeat: 0 });
    const close = c.method(0, { name: 'connection.open', virtualHost: 'nowhere' }).last('connection.close')!;
    expect(close).toMatchObject({ replyCode: 530, classId: 10, methodId: 40, replyText: 'NOT_ALLOWED - vhost nowhere not found' });
  });

  test('a method out of order in the handshake is a connection error', () => {
    const { server } = wireServer();
    const c = new WireClient(server).header().method(0, { name: 'connection.open' });
    expect(c.last('connection.close')?.replyCode).toBe(504);
  });

  test('the connection is visible through engine events once open', () => {
    const { server, broker } = wireServer();
    const opened: string[] = [];
    broker.events.on('connection.opened', (e) => opened.push(e.name));
    new WireClient(server).handshake();
    expect(opened).toEqual(['127.0.0.1:40000 -> 127.0.0.1:5672']);
  });

  test('a client that never finishes the handshake is dropped after the handshake timeout', () => {
    const { server, clock } = wireServer();
    const c = new WireClient(server).header();
    clock.advance(9_999);
    expect(c.transport.closed).toBe(false);
    clock.advance(1);
    expect(c.transport.destroyed).toBe(true);
  });
});

describe('heartbeats', () => {
  test('the server sends heartbeats when it has nothing else to send', () => {
    const { server, clock } = wireServer();
    const c = new WireClient(server).handshake({ heartbeat: 10 });
    clock.advance(5_000);
    c.bytes(Buffer.from([8, 0, 0, 0, 0, 0, 0, 0xce]));
    clock.advance(5_000);
    expect(c.names()).toContain('heartbeat');
  });

  test('a peer silent for two intervals is dropped; one that keeps talking is not', () => {
    const { server, clock } = wireServer();
    const silent = new WireClient(server).handshake({ heartbeat: 10 });
    const chatty = new WireClient(server).handshake({ heartbeat: 10 });
    for (let t = 0; t < 25; t++) {
      chatty.bytes(Buffer.from([8, 0, 0, 0, 0, 0, 0, 0xce]));
      clock.advance(1_000);
    }
    expect(silent.transport.destroyed).toBe(true);
    expect(chatty.transport.closed).toBe(false);
  });

  test('heartbeat 0 disables them', () => {
    const { server, clock } = wireServer();
    const c = new WireClient(server).handshake({ heartbeat: 0 });
    clock.advance(600_000);
    expect(c.transport.closed).toBe(false);
    expect(c.names()).toEqual([]);
  });
});

describe('closing', () => {
  test('connection.close is answered with close-ok and the socket ends', () => {
    const { server, broker } = wireServer();
    const c = new WireClient(server).handshake();
    c.method(0, { name: 'connection.close', replyCode: 200, replyText: 'bye', classId: 0, methodId: 0 });
    expect(c.names()).toEqual(['0:connection.close-ok']);
    expect(c.transport.ended).toBe(true);
    expect(broker.connections.size).toBe(0);
  });

  test('after a connection error only close-ok counts; a silent client is dropped after the close timeout', () => {
    const { server, clock } = wireServer();
    const c = new WireClient(server).handshake();
    c.frame(3, 1, Buffer.from('stray body'));
    expect(c.last('connection.close')?.replyCode).toBe(505);
    c.method(1, { name: 'basic.qos', prefetchCount: 1 });
    expect(c.names()).toEqual([]);
    clock.advance(3_000);
    expect(c.transport.destroyed).toBe(true);
  });

  test('shutdown sends 320 CONNECTION_FORCED', () => {
    const { server } = wireServer();
    const c = new WireClient(server).handshake();
    server.shutdown();
    expect(c.last('connection.close')).toMatchObject({ replyCode: 320, replyText: "CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'" });
  });
});
