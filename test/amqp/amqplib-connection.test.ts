/** Connections over real TCP: server properties, engine events, frame sizes, heartbeats, bad headers and flow control. */
import type { ConfirmChannel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { collect, startHarness } from './support/amqp-harness.ts';
import type { Harness } from './support/amqp-harness.ts';
import { RawClient } from './support/raw-client.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('connections', () => {
  test('amqplib sees Brokerlab and its capabilities', async () => {
    const conn = await h.connect();
    const props = (conn as unknown as { connection: { serverProperties: Record<string, unknown> } }).connection.serverProperties;
    expect(props['product']).toBe('Brokerlab');
    expect(props['capabilities']).toMatchObject({ publisher_confirms: true, direct_reply_to: true });
  });

  test('connections, channels and consumers appear as engine events', async () => {
    const seen: string[] = [];
    const offs = [
      h.broker.events.on('connection.opened', (e) => seen.push(`connection ${e.kind} ${e.user}`)),
      h.broker.events.on('channel.opened', (e) => seen.push(`channel ${e.channel}`)),
      h.broker.events.on('consumer.created', () => seen.push('consumer')),
      h.broker.events.on('connection.closed', () => seen.push('closed')),
    ];
    const conn = await h.connect();
    const ch = await conn.createChannel();
    const q = await ch.assertQueue('', { exclusive: true });
    await ch.consume(q.queue, () => {});
    await conn.close();
    for (const off of offs) off();
    expect(seen).toEqual(['connection amqp guest', 'channel 1', 'consumer', 'closed']);
  });

  // Side by side with RabbitMQ 3.10.8 (amqplib updateSecret, then a channel): with the internal
  // user store, connection.update-secret is answered update-secret-ok whatever the secret, since
  // that backend has no state to refresh (only token backends such as OAuth 2 check it).
  test('connection.update-secret is acknowledged and the connection carries on', async () => {
    const conn = await h.connect();
    for (const secret of ['guest', 'not-the-password']) await conn.updateSecret(Buffer.from(secret), 'token refresh');
    const ch = await conn.createChannel();
    const q = await ch.assertQueue('', { exclusive: true });
    ch.sendToQueue(q.queue, Buffer.from('still here'));
    const got = await ch.get(q.queue, { noAck: true });
    expect(got && got.content.toString()).toBe('still here');
    await conn.close();
  });

  test('bodies larger than a small negotiated frame-max arrive intact both ways', async () => {
    const conn = await h.connect({ frameMax: 4096 });
    const ch = await conn.createChannel();
    const q = await ch.assertQueue('', { exclusive: true });
    const body = Buffer.alloc(1_000_000);
    for (let i = 0; i < body.length; i++) body[i] = (i * 31) & 0xff;
    ch.sendToQueue(q.queue, body);
    const [m] = await collect(ch, q.queue, 1);
    expect(m!.content.equals(body)).toBe(true);
  });

  test('a client that is not AMQP 0-9-1 gets the supported header back and is disconnected', async () => {
    const c = await RawClient.open(h.listener.port);
    c.write(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    await c.closed;
    expect(c.raw).toEqual(Buffer.from('AMQP\x00\x00\x09\x01', 'latin1'));
  });
});

describe('heartbeats', () => {
  test('an idle amqplib connection with a 2 s heartbeat stays open past two intervals', async () => {
    const conn = await h.connect({ heartbeat: 2 });
    let closedEarly = false;
    conn.on('close', () => (closedEarly = true));
    await new Promise((r) => setTimeout(r, 5_000));
    expect(closedEarly).toBe(false);
    const ch = await conn.createChannel();
    expect((await ch.assertQueue('', { exclusive: true })).queue).toMatch(/^amq\.gen-/);
  });

  test('a peer that stops sending heartbeats is disconnected', async () => {
    const c = await RawClient.open(h.listener.port);
    await c.handshake(1);
    await c.closed;
    expect(c.serverClose).toBeUndefined();
  });
});

describe('flow control', () => {
  test('a publisher flood is blocked at the watermark, and unblocked once consumers drain it, without loss', async () => {
    const watermark = 512 * 1024;
    const fh = await startHarness({ listener: { memory: { highWatermarkBytes: watermark } } });
    try {
      const pubConn = await fh.connect();
      const events: string[] = [];
      let peakQueued = 0;
      pubConn.on('blocked', () => {
        events.push('blocked');
        peakQueued = Math.max(peakQueued, fh.broker.vhost('/')!.queues.get('flood')!.ready.bytes);
      });
      pubConn.on('unblocked', () => events.push('unblocked'));
      const pub: ConfirmChannel = await pubConn.createConfirmChannel();
      await pub.assertQueue('flood', { autoDelete: false });
      const total = 2_000;
      const body = Buffer.alloc(4096, 1);
      let sent = 0;
      const publishing = (async () => {
        for (; sent < total; sent++) {
          if (!pub.sendToQueue('flood', body)) await new Promise((r) => pub.once('drain', r));
        }
        await pub.waitForConfirms();
      })();
      // Wait until the alarm has blocked the publisher before anything consumes.
      await new Promise<void>((resolve) => pubConn.once('blocked', () => resolve()));
      const queued = fh.broker.vhost('/')!.queues.get('flood')!.ready.bytes;
      expect(queued).toBeGreaterThanOrEqual(watermark);
      expect(queued).toBeLessThan(watermark + 512 * 1024);
      const sub = await (await fh.connect()).createChannel();
      const got = await collect(sub, 'flood', total, { noAck: true });
      await publishing;
      expect(got).toHaveLength(total);
      expect(events.slice(0, 2)).toEqual(['blocked', 'unblocked']);
      expect(peakQueued).toBeLessThan(watermark + 512 * 1024);
    } finally {
      await fh.close();
    }
  });
});
