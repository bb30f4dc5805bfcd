import { describe, expect, test } from 'vitest';
import type { MessageCounters } from '../../engine/core/counters.ts';
import { COUNTER_NAMES } from '../../engine/core/counters.ts';
import { MAX_DEFAULT_KEYS } from '../../engine/core/publish-stats.ts';
import { EngineHarness, declareQueue } from '../support/engine-harness.ts';
import { bindQueue, declareExchange, exchangeOf, publish, queueOf } from '../support/core-helpers.ts';

/** The counters that moved, so each expectation also says that nothing else did. */
function moved(c: MessageCounters): Record<string, number> {
  return Object.fromEntries(COUNTER_NAMES.filter((k) => c[k] !== 0).map((k) => [k, c[k]]));
}

/** A broker with direct exchange `x` routing key `k` to queue `q`, and one channel. */
function setup(qArgs = {}) {
  const h = new EngineHarness();
  const { ch, sink, conn } = h.channel();
  declareExchange(h, 'x', 'direct');
  declareQueue(ch, 'q', qArgs);
  bindQueue(h, 'q', 'x', 'k');
  const all = () => ({
    channel: moved(ch.counters),
    connection: moved(conn.counters),
    exchange: moved(exchangeOf(h, 'x')!.counters),
    queue: moved(queueOf(h, 'q').counters),
    broker: moved(h.broker.counters),
  });
  return { h, ch, sink, conn, all };
}

describe('message counters', () => {
  test('publishing counts on the channel, connection, exchange, queue and broker', () => {
    const { ch, all } = setup();
    publish(ch, 'x', 'k', 'abc');
    publish(ch, 'x', 'k', 'de');
    expect(all()).toEqual({
      channel: { published: 2, routed: 2, bytesIn: 5 },
      connection: { published: 2, routed: 2, bytesIn: 5 },
      exchange: { published: 2, routed: 2 },
      queue: { published: 2, bytesIn: 5 },
      broker: { published: 2, routed: 2, bytesIn: 5 },
    });
  });

  test('unroutable messages count as dropped, or returned when mandatory', () => {
    const { ch, all } = setup();
    publish(ch, 'x', 'nobody', 'a');
    publish(ch, 'x', 'nobody', 'b', {}, true);
    expect(all()).toEqual({
      channel: { published: 2, unroutableDropped: 1, unroutableReturned: 1, returned: 1, bytesIn: 2 },
      connection: { published: 2, unroutableDropped: 1, unroutableReturned: 1, returned: 1, bytesIn: 2 },
      exchange: { published: 2, unroutableDropped: 1, unroutableReturned: 1 },
      queue: {},
      broker: { published: 2, unroutableDropped: 1, unroutableReturned: 1, returned: 1, bytesIn: 2 },
    });
  });

  test('deliveries count by ack mode, redeliveries and bytes out', () => {
    const { h, ch, all } = setup();
    const auto = h.channel(ch.connection);
    declareQueue(ch, 'other');
    ch.consume('q', 'manual', false, false, {});
    publish(ch, 'x', 'k', 'abc');
    ch.nack(1, false, true);
    ch.ack(2, false);
    ch.cancel('manual');
    auto.ch.consume('q', 'auto', true, false, {});
    publish(ch, 'x', 'k', 'z');
    const d = { deliveredManualAck: 2, deliveredAutoAck: 1, redelivered: 1, acked: 1, nacked: 1, bytesOut: 7 };
    expect(all()).toMatchObject({
      queue: { published: 2, bytesIn: 4, ...d },
      broker: { ...d, published: 2, routed: 2, bytesIn: 4 },
      connection: { published: 2, routed: 2, bytesIn: 4, ...d },
    });
    expect([moved(ch.counters), moved(auto.ch.counters)]).toEqual([
      { published: 2, routed: 2, bytesIn: 4, deliveredManualAck: 2, redelivered: 1, acked: 1, nacked: 1, bytesOut: 6 },
      { deliveredAutoAck: 1, bytesOut: 1 },
    ]);
  });

  test('basic.get counts by ack mode, get-empty and bytes out', () => {
    const { ch, all } = setup();
    publish(ch, 'x', 'k', 'abc');
    publish(ch, 'x', 'k', 'de');
    ch.get('q', false);
    ch.get('q', true);
    ch.get('q', true);
    const g = { getManualAck: 1, getAutoAck: 1, getEmpty: 1, bytesOut: 5 };
    expect(all()).toEqual({
      channel: { published: 2, routed: 2, bytesIn: 5, ...g },
      connection: { published: 2, routed: 2, bytesIn: 5, ...g },
      exchange: { published: 2, routed: 2 },
      queue: { published: 2, bytesIn: 5, ...g },
      broker: { published: 2, routed: 2, bytesIn: 5, ...g },
    });
  });

  test('acks, nacks and rejects count separately, multiple ones per message', () => {
    const { ch } = setup();
    for (let i = 0; i < 6; i++) publish(ch, 'x', 'k');
    for (let i = 0; i < 6; i++) ch.get('q', false);
    ch.ack(2, true);
    ch.nack(4, true, true);
    ch.reject(5, false);
    ch.reject(6, true);
    expect(moved(ch.counters)).toMatchObject({ acked: 2, nacked: 2, rejected: 2 });
  });

  test('a transaction counts its acks, nacks and rejects at commit, and nothing on rollback', () => {
    const { ch, h } = setup();
    for (let i = 0; i < 4; i++) publish(ch, 'x', 'k');
    for (let i = 0; i < 4; i++) ch.get('q', false);
    ch.txSelect();
    ch.ack(1, false);
    ch.nack(2, false, true);
    ch.reject(3, false);
    expect(moved(ch.counters)).not.toHaveProperty('acked');
    ch.txCommit();
    ch.ack(4, false);
    ch.txRollback();
    expect(moved(ch.counters)).toMatchObject({ acked: 1, nacked: 1, rejected: 1 });
    expect(moved(queueOf(h, 'q').counters)).toMatchObject({ acked: 1, nacked: 1, rejected: 1 });
  });

  // RabbitMQ's confirm stat and messages_confirmed_total count basic.ack confirms only.
  test('publisher confirms count acks as confirmed and nacks as publisherNacked', () => {
    const { h, ch } = setup({ 'x-max-length': 1, 'x-overflow': 'reject-publish' });
    ch.confirmSelect();
    publish(ch, 'x', 'k');
    publish(ch, 'x', 'k');
    publish(ch, 'x', 'nobody');
    expect(moved(ch.counters)).toMatchObject({ confirmed: 2, publisherNacked: 1 });
    expect(moved(h.broker.counters)).toMatchObject({ confirmed: 2, publisherNacked: 1 });
    expect(moved(queueOf(h, 'q').counters)).toEqual({ published: 1, bytesIn: 1, overflowRejected: 1 });
  });

  test('expiry, overflow and dead-lettering count on the queue, dead-lettering on the broker too', () => {
    const { h, ch } = setup({ 'x-max-length': 1, 'x-message-ttl': 100, 'x-dead-letter-exchange': 'amq.fanout' });
    declareQueue(ch, 'dlq');
    bindQueue(h, 'dlq', 'amq.fanout', '');
    publish(ch, 'x', 'k', 'a');
    publish(ch, 'x', 'k', 'b');
    h.clock.advance(100);
    publish(ch, 'x', 'k', 'c');
    ch.reject(ch.get('q', false)!.deliveryTag, false);
    expect(moved(queueOf(h, 'q').counters)).toEqual({
      published: 3, bytesIn: 3, overflowDropped: 1, expired: 1, deadLetteredMaxlen: 1, deadLetteredExpired: 1, deadLetteredRejected: 1,
      getManualAck: 1, rejected: 1, bytesOut: 1,
    });
    expect(moved(h.broker.counters)).toMatchObject({ deadLetteredMaxlen: 1, deadLetteredExpired: 1, deadLetteredRejected: 1 });
    expect(moved(exchangeOf(h, 'amq.fanout')!.counters)).toEqual({ published: 3, routed: 3 });
  });

  test('quorum delivery-limit dead-lettering counts as deadLetteredDeliveryLimit', () => {
    const h = new EngineHarness();
    const { ch } = h.channel();
    declareQueue(ch, 'dlq');
    declareQueue(ch, 'qq', { 'x-queue-type': 'quorum', 'x-delivery-limit': 0, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' }, { durable: true });
    publish(ch, '', 'qq');
    ch.nack(ch.get('qq', false)!.deliveryTag, false, true);
    expect(queueOf(h, 'qq').counters.deadLetteredDeliveryLimit).toBe(1);
    expect(h.broker.counters.deadLetteredDeliveryLimit).toBe(1);
  });

  test('direct reply-to deliveries count as auto-ack deliveries on the channel and the broker', () => {
    const h = new EngineHarness();
    const client = h.channel();
    const server = h.channel();
    client.ch.consume('amq.rabbitmq.reply-to', 'rpc', true, false, {});
    publish(client.ch, '', 'nowhere', 'req', { replyTo: 'amq.rabbitmq.reply-to' });
    const replyTo = client.ch.replyTo!;
    publish(server.ch, '', replyTo, 'answer');
    expect(client.sink.bodies()).toEqual(['answer']);
    expect(moved(client.ch.counters)).toMatchObject({ deliveredAutoAck: 1, bytesOut: 6 });
    expect(moved(h.broker.counters)).toMatchObject({ deliveredAutoAck: 1, bytesOut: 6 });
  });

  // RabbitMQ reports message stats per channel; a connection's are the sum of its channels', including closed ones.
  test('a connection counts what all its channels did, and keeps it after they close', () => {
    const { h, ch, conn } = setup({ 'x-max-length': 1, 'x-overflow': 'reject-publish' });
    const other = h.channel(conn);
    const third = h.channel(conn);
    other.ch.confirmSelect();
    publish(other.ch, 'x', 'k', 'ab');
    publish(other.ch, 'x', 'k', 'c');
    publish(ch, 'x', 'nobody', 'd', {}, true);
    third.ch.consume('q', 'c1', false, false, {});
    third.ch.nack(1, false, true);
    third.ch.reject(2, true);
    third.ch.ack(3, false);
    third.ch.cancel('c1');
    publish(ch, 'x', 'k', 'e');
    ch.get('q', true);
    ch.get('q', true);
    const sum: Record<string, number> = {};
    for (const c of [ch, other.ch, third.ch]) for (const [k, v] of Object.entries(moved(c.counters))) sum[k] = (sum[k] ?? 0) + v;
    expect(moved(conn.counters)).toEqual(sum);
    expect(sum).toMatchObject({ published: 4, confirmed: 1, publisherNacked: 1, unroutableReturned: 1, deliveredManualAck: 3, redelivered: 2, nacked: 1, rejected: 1, acked: 1, getAutoAck: 1, getEmpty: 1 });
    third.ch.close();
    other.ch.close();
    expect(moved(conn.counters)).toEqual(sum);
  });

  test('each channel counts what it published per exchange, with confirms and unroutables (RabbitMQ channel publishes)', () => {
    const { h, ch } = setup();
    declareExchange(h, 'y', 'fanout');
    ch.confirmSelect();
    publish(ch, 'x', 'k');
    publish(ch, 'x', 'k');
    publish(ch, 'y', 'k');
    publish(ch, 'x', 'nobody', 'm', {}, true);
    publish(ch, '', 'q');
    publish(ch, '', 'q');
    publish(ch, '', 'missing');
    const rows = [...ch.publishes.values()].map((s) => ({ exchange: s.exchange, published: s.published, confirmed: s.confirmed, returned: s.unroutableReturned, dropped: s.unroutableDropped, keys: s.routingKeys && Object.fromEntries(s.routingKeys) }));
    expect(rows).toEqual([
      { exchange: 'x', published: 3, confirmed: 3, returned: 1, dropped: 0, keys: undefined },
      { exchange: 'y', published: 1, confirmed: 1, returned: 0, dropped: 1, keys: undefined },
      { exchange: '', published: 3, confirmed: 3, returned: 0, dropped: 1, keys: { q: 2, missing: 1 } },
    ]);
  });

  test('the default exchange remembers a bounded number of routing keys per channel', () => {
    const { ch } = setup();
    for (let i = 0; i < MAX_DEFAULT_KEYS + 5; i++) publish(ch, '', `q${i}`);
    publish(ch, '', 'q0');
    const s = ch.publishes.of('');
    expect(s.routingKeys!.size).toBe(MAX_DEFAULT_KEYS);
    expect(s.routingKeys!.get('q0')).toBe(2);
    expect(s.published).toBe(MAX_DEFAULT_KEYS + 6);
  });

  test('COUNTER_NAMES lists every counter, and snapshots copy them', () => {
    const { ch } = setup();
    publish(ch, 'x', 'k');
    const snap = ch.counters.snapshot();
    expect(Object.keys(snap).sort()).toEqual([...COUNTER_NAMES].sort());
    publish(ch, 'x', 'k');
    expect(snap.published).toBe(1);
  });
});
