import { describe, expect, test } from 'vitest';
import { Broker } from '../../engine/core/broker.ts';
import { VirtualScheduler } from '../../engine/core/clock.ts';
import type { EventBatch, HostSnapshot, InvokeChannel, InvokeRequest, InvokeResponses, LiveDelta, PushChannel } from '../../engine/host/contract.ts';
import { LiveMirror } from '../../engine/host/live-mirror.ts';
import { HostService } from '../../engine/host/host-service.ts';
import type { Ticker } from '../../engine/host/host-ports.ts';
import { RecordingSink } from '../support/engine-harness.ts';

/** A ticker the test fires by hand. */
class ManualTicker implements Ticker {
  fns = new Set<() => void>();
  every(_ms: number, fn: () => void): () => void {
    this.fns.add(fn);
    return () => void this.fns.delete(fn);
  }
  tick(): void {
    for (const f of this.fns) f();
  }
}

function setup() {
  const broker = new Broker({ scheduler: new VirtualScheduler(1_000) });
  const ticker = new ManualTicker();
  const service = new HostService({ broker, mode: 'web', ticker });
  const pushes: { channel: PushChannel; payload: unknown }[] = [];
  const call = async <C extends InvokeChannel>(channel: C, payload: InvokeRequest<C>, user = ''): Promise<InvokeResponses[C]> => {
    const r = await service.invoke(channel, payload, { user });
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as InvokeResponses[C];
  };
  const declare = (name: string, args: Record<string, unknown> = {}) =>
    call('topology:apply', { type: 'queue.declare', vhost: '/', name, durable: true, exclusive: false, autoDelete: false, arguments: args as never });
  const publish = (rk: string, payload: string, exchange = '') => call('queue:publish', { vhost: '/', exchange, routingKey: rk, payload });
  /** The live picture as a client rebuilds it from the pushes so far. */
  const mirrored = (): HostSnapshot => {
    const m = new LiveMirror();
    for (const p of pushes) {
      if (p.channel === 'snapshot') m.reset(p.payload as HostSnapshot);
      if (p.channel === 'live' && !m.apply(p.payload as LiveDelta).ok) throw new Error('a delta did not fit');
    }
    return m.snapshot!;
  };
  return { broker, ticker, service, pushes, call, declare, publish, mirrored, subscribe: () => service.subscribe((channel, payload) => void pushes.push({ channel, payload })) };
}

describe('pushes', () => {
  test('a new subscriber gets the current snapshot at once', () => {
    const h = setup();
    h.subscribe();
    expect(h.pushes.map((p) => p.channel)).toEqual(['snapshot']);
  });

  test('coalesces any number of messages into one delta per tick', async () => {
    const h = setup();
    await h.declare('q');
    h.subscribe();
    const first = h.mirrored();
    for (let i = 0; i < 500; i++) await h.publish('q', `m${i}`);
    h.ticker.tick();
    expect(h.pushes.map((p) => p.channel)).toEqual(['snapshot', 'live']);
    const last = h.mirrored();
    expect(last.topology.queues.find((q) => q.name === 'q')?.ready).toBe(500);
    expect(last.seq).toBeGreaterThan(first.seq);
  });

  test('batches engine events and sends none when nothing happened', async () => {
    const h = setup();
    h.subscribe();
    await h.declare('a');
    await h.declare('b');
    h.ticker.tick();
    h.ticker.tick();
    const batches = h.pushes.filter((p) => p.channel === 'events').map((p) => p.payload as EventBatch);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.events.map((e) => e.type)).toEqual(['topology', 'topology']);
  });

  test("hides the host's own short-lived connections from events and snapshots", async () => {
    const h = setup();
    await h.declare('q');
    h.subscribe();
    await h.publish('q', 'x');
    await h.call('queue:get', { vhost: '/', queue: 'q', ackmode: 'ack_requeue_true' });
    h.ticker.tick();
    expect(h.pushes.filter((p) => p.channel === 'events')).toEqual([]);
    expect(h.mirrored().topology.connections).toEqual([]);
  });

  test('caps an event batch and counts what it left out', async () => {
    const h = setup();
    h.subscribe();
    for (let i = 0; i < 520; i++) await h.declare(`q${i}`);
    h.ticker.tick();
    const batch = h.pushes.find((p) => p.channel === 'events')!.payload as EventBatch;
    expect(batch.events).toHaveLength(500);
    expect(batch.dropped).toBe(20);
  });

  test('stops the timer when the last subscriber leaves', () => {
    const h = setup();
    const off = h.service.subscribe(() => {});
    expect(h.ticker.fns.size).toBe(1);
    off();
    expect(h.ticker.fns.size).toBe(0);
  });

  test('reports real and simulated connections with their kind', () => {
    const h = setup();
    h.broker.connect({ user: 'guest', vhost: '/', kind: 'amqp', peerHost: '127.0.0.1', peerPort: 5555 });
    h.broker.connect({ user: 'guest', vhost: '/', kind: 'simulated', name: 'producer p#1' });
    const conns = h.service.snapshot().topology.connections;
    expect(conns.map((c) => c.kind)).toEqual(['real', 'simulated']);
  });
});

describe('invoke', () => {
  test('answers a broker refusal with the AMQP code and RabbitMQ text', async () => {
    const h = setup();
    const r = await h.service.invoke('topology:apply', { type: 'binding.add', vhost: '/', source: 'nope', destination: 'q', destinationType: 'queue', routingKey: '', arguments: {} });
    expect(r).toEqual({ ok: false, error: { code: 'amqp', replyCode: 404, message: "NOT_FOUND - no exchange 'nope' in vhost '/'" } });
  });

  test('peek leaves messages and counters alone; get with requeue puts them back redelivered', async () => {
    const h = setup();
    await h.declare('q');
    await h.publish('q', 'one');
    await h.publish('q', 'two');
    const peeked = await h.call('queue:peek', { vhost: '/', queue: 'q', count: 5 });
    expect(peeked.map((m) => m.payload)).toEqual(['one', 'two']);
    expect(h.broker.vhost('/')!.queues.get('q')!.counters.getManualAck).toBe(0);
    const got = await h.call('queue:get', { vhost: '/', queue: 'q', count: 1, ackmode: 'ack_requeue_true' });
    expect(got[0]).toMatchObject({ payload: 'one', redelivered: false, messageCount: 1 });
    const again = await h.call('queue:peek', { vhost: '/', queue: 'q' });
    expect(again.map((m) => [m.payload, m.redelivered])).toEqual([['one', true], ['two', false]]);
  });

  test('get with ack_requeue_false removes; base64 and truncate apply', async () => {
    const h = setup();
    await h.declare('q');
    await h.call('queue:publish', { vhost: '/', exchange: '', routingKey: 'q', payload: Buffer.from([0xff, 0, 1, 2]).toString('base64'), payloadEncoding: 'base64' });
    const [m] = await h.call('queue:get', { vhost: '/', queue: 'q', ackmode: 'ack_requeue_false', truncate: 2 });
    expect(m).toMatchObject({ payloadEncoding: 'base64', payload: Buffer.from([0xff, 0]).toString('base64'), payloadBytes: 4, truncated: true });
    expect(h.broker.vhost('/')!.queues.get('q')!.messageCount).toBe(0);
  });

  test('publish reports whether the message was routed', async () => {
    const h = setup();
    await h.declare('q');
    expect(await h.publish('q', 'x')).toEqual({ routed: true });
    expect(await h.publish('nowhere', 'x')).toEqual({ routed: false });
  });

  test('move sends ready messages to another queue in order', async () => {
    const h = setup();
    await h.declare('a');
    await h.declare('b');
    for (const p of ['1', '2', '3']) await h.publish('a', p);
    expect(await h.call('queue:move', { vhost: '/', queue: 'a', destination: 'b', count: 2 })).toEqual({ moved: 2 });
    expect((await h.call('queue:peek', { vhost: '/', queue: 'b' })).map((m) => m.payload)).toEqual(['1', '2']);
    expect((await h.call('queue:peek', { vhost: '/', queue: 'a' })).map((m) => m.payload)).toEqual(['3']);
  });

  test('move publishes ready messages to an exchange, with a routing key or each with its own', async () => {
    const h = setup();
    await h.call('topology:apply', { type: 'exchange.declare', vhost: '/', name: 'orders', exchangeType: 'direct', durable: true, autoDelete: false, internal: false, arguments: {} });
    for (const q of ['src', 'eu', 'us']) await h.declare(q);
    for (const [q, k] of [['eu', 'eu'], ['us', 'us']]) await h.call('topology:apply', { type: 'binding.add', vhost: '/', source: 'orders', destination: q!, destinationType: 'queue', routingKey: k!, arguments: {} });
    for (const p of ['1', '2', '3']) await h.publish('src', p);
    const peek = async (q: string) => (await h.call('queue:peek', { vhost: '/', queue: q })).map((m) => m.payload);
    expect(await h.call('queue:move', { vhost: '/', queue: 'src', destination: 'orders', destinationType: 'exchange', routingKey: 'eu', count: 2 })).toEqual({ moved: 2 });
    expect([await peek('eu'), await peek('src')]).toEqual([['1', '2'], ['3']]);
    // Without a routing key each message keeps its own: '3' was published to the default exchange with key 'src'.
    await h.publish('us', 'u', 'orders');
    const r = await h.call('queue:move', { vhost: '/', queue: 'us', destination: 'orders', destinationType: 'exchange' });
    expect(r).toEqual({ moved: 1 });
    expect(await peek('us')).toEqual(['u']);
    const stuck = await h.call('queue:move', { vhost: '/', queue: 'src', destination: 'orders', destinationType: 'exchange' });
    expect(stuck).toEqual({ moved: 0, stopped: "exchange 'orders' routed a message with routing key 'src' to no queue; it stays in 'src'" });
    expect(await peek('src')).toEqual(['3']);
    // It was taken and given back (as a shovel's nack would), so it now reads redelivered.
    expect((await h.call('queue:peek', { vhost: '/', queue: 'src' }))[0]?.redelivered).toBe(true);
  });

  test('move names what is wrong: a routing key for a queue, an unknown kind, a missing exchange', async () => {
    const h = setup();
    await h.declare('a');
    const withKey = await h.service.invoke('queue:move', { vhost: '/', queue: 'a', destination: 'b', routingKey: 'k' });
    expect(withKey.ok === false && withKey.error).toMatchObject({ code: 'bad-request', issues: [{ path: 'routingKey' }] });
    expect(withKey.ok === false && withKey.error.message).toContain("routingKey: only an exchange destination takes a routing key");
    const kind = await h.service.invoke('queue:move', { vhost: '/', queue: 'a', destination: 'b', destinationType: 'stream' as 'queue' });
    expect(kind.ok === false && kind.error.issues?.[0]?.path).toBe('destinationType');
    const missing = await h.service.invoke('queue:move', { vhost: '/', queue: 'a', destination: 'nowhere', destinationType: 'exchange' });
    expect(missing.ok === false && missing.error).toMatchObject({ code: 'amqp', replyCode: 404, message: "NOT_FOUND - no exchange 'nowhere' in vhost '/'" });
  });

  test('redrive returns dead-lettered messages to the queue they died in and keeps the rest', async () => {
    const h = setup();
    await h.call('topology:apply', { type: 'exchange.declare', vhost: '/', name: 'dlx', exchangeType: 'fanout', durable: true, autoDelete: false, internal: false, arguments: {} });
    await h.declare('dlq');
    await h.call('topology:apply', { type: 'binding.add', vhost: '/', source: 'dlx', destination: 'dlq', destinationType: 'queue', routingKey: '', arguments: {} });
    await h.declare('work', { 'x-dead-letter-exchange': 'dlx' });
    await h.publish('work', 'poison');
    await h.call('queue:get', { vhost: '/', queue: 'work', ackmode: 'reject_requeue_false' });
    await h.publish('dlq', 'stray');
    expect(await h.call('queue:redrive', { vhost: '/', queue: 'dlq' })).toEqual({ moved: 1, skipped: 1 });
    expect((await h.call('queue:peek', { vhost: '/', queue: 'work' })).map((m) => m.payload)).toEqual(['poison']);
    expect((await h.call('queue:peek', { vhost: '/', queue: 'dlq' })).map((m) => m.payload)).toEqual(['stray']);
  });

  test('purge removes ready messages', async () => {
    const h = setup();
    await h.declare('q');
    await h.publish('q', 'x');
    expect(await h.call('queue:purge', { vhost: '/', queue: 'q' })).toEqual({ messageCount: 1 });
  });

  test('acts as the calling user: permissions apply and admin commands need the tag', async () => {
    const h = setup();
    await h.declare('q');
    h.broker.execute({ type: 'user.add', name: 'ro', passwordHash: '', tags: ['management'] });
    h.broker.execute({ type: 'permission.set', user: 'ro', vhost: '/', configure: '', write: '', read: '.*' });
    const pub = await h.service.invoke('queue:publish', { vhost: '/', exchange: '', routingKey: 'q', payload: 'x' }, { user: 'ro' });
    expect(pub.ok === false && pub.error.replyCode).toBe(403);
    const add = await h.service.invoke('topology:apply', { type: 'vhost.add', name: 'v2' }, { user: 'ro' });
    expect(add.ok === false && add.error.code).toBe('unauthorized');
  });

  test('sim channels answer unavailable until a simulator is attached', async () => {
    const h = setup();
    const r = await h.service.invoke('sim:start', {});
    expect(r.ok === false && r.error.code).toBe('unavailable');
    expect(h.service.snapshot().sim.available).toBe(false);
  });

  test('scenario files are desktop only', async () => {
    const h = setup();
    const r = await h.service.invoke('scenario:open', {});
    expect(r.ok === false && r.error.code).toBe('unavailable');
  });

  test('settings merge, validate and persist', async () => {
    const h = setup();
    const s = await h.call('settings:set', { amqpPort: 5673 });
    expect(s.amqpPort).toBe(5673);
    expect((await h.call('settings:get', {})).amqpPort).toBe(5673);
    const bad = await h.service.invoke('settings:set', { amqpPort: 70_000 });
    expect(bad.ok).toBe(false);
  });

  test('host:info describes a web host', async () => {
    const h = setup();
    expect(await h.call('host:info', {})).toMatchObject({ mode: 'web', contractVersion: 2, features: { scenarioFiles: false, simulator: false } });
  });

  test('snapshot shows consumers, channels and unacked deliveries', async () => {
    const h = setup();
    await h.declare('q');
    const conn = h.broker.connect({ user: 'guest', vhost: '/', kind: 'amqp' });
    const ch = conn.openChannel(1, new RecordingSink());
    ch.qos(0, 5, false);
    ch.consume('q', 'c1', false, false, {});
    await h.publish('q', 'x');
    const t = h.service.snapshot().topology;
    expect(t.consumers).toMatchObject([{ tag: 'c1', queue: 'q', queueId: 'queue:%2F/q', prefetch: 5, unacked: 1, ackRequired: true }]);
    expect(t.channels).toMatchObject([{ number: 1, unacked: 1, consumers: 1, prefetch: 5 }]);
    expect(t.queues.find((q) => q.name === 'q')).toMatchObject({ ready: 0, unacked: 1, messages: 1, consumers: 1 });
  });

  test('snapshot names what each channel published to which exchange, and counts deliveries and acks per connection', async () => {
    const h = setup();
    await h.declare('q');
    await h.call('topology:apply', { type: 'exchange.declare', vhost: '/', name: 'orders', exchangeType: 'topic', durable: true, autoDelete: false, internal: false, arguments: {} });
    await h.call('topology:apply', { type: 'binding.add', vhost: '/', source: 'orders', destination: 'q', destinationType: 'queue', routingKey: 'order.*', arguments: {} });
    const conn = h.broker.connect({ user: 'guest', vhost: '/', kind: 'amqp' });
    const pub = conn.openChannel(1, new RecordingSink());
    const sub = conn.openChannel(2, new RecordingSink());
    pub.confirmSelect();
    for (let i = 0; i < 3; i++) pub.publish('orders', 'order.new', false, {}, new TextEncoder().encode('x'));
    pub.publish('orders', 'other', false, {}, new Uint8Array());
    pub.publish('', 'q', false, {}, new Uint8Array());
    sub.consume('q', 'c1', false, false, {});
    sub.ack(2, true);
    const t = h.service.snapshot().topology;
    const ch1 = t.channels.find((c) => c.number === 1)!;
    expect(ch1.publishes).toEqual([
      { exchange: 'orders', exchangeId: 'exchange:%2F/orders', published: 4, confirmed: 4, unroutableReturned: 0, unroutableDropped: 1 },
      { exchange: '', exchangeId: 'exchange:%2F/', published: 1, confirmed: 1, unroutableReturned: 0, unroutableDropped: 0, routingKeys: { q: 1 } },
    ]);
    expect(t.channels.find((c) => c.number === 2)!.publishes).toEqual([]);
    const c = t.connections.find((x) => x.number === conn.id)!;
    expect(c.counters).toMatchObject({ published: 5, confirmed: 5, deliveredManualAck: 4, acked: 2 });
  });
});
