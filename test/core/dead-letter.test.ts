import { describe, expect, test } from 'vitest';
import type { Channel } from '../../engine/core/channel.ts';
import type { FieldTable } from '../../engine/core/field-value.ts';
import { EngineHarness, declareQueue } from '../support/engine-harness.ts';
import { bindQueue, declareExchange, drain, publish, queueOf } from '../support/core-helpers.ts';

const T0 = 1_700_000_000_000; // the harness clock's start
const int64 = (value: number) => ({ $type: 'int64', value });
const stamp = (ms: number) => ({ $type: 'timestamp', value: Math.floor(ms / 1000) });

/** Fetch one message from `queue` and reject it without requeue. */
function rejectOne(ch: Channel, queue: string): void {
  const r = ch.get(queue, false);
  if (!r) throw new Error(`queue '${queue}' is empty`);
  ch.reject(r.deliveryTag, false);
}

/** A broker with queue `dlq` bound to fanout exchange `dlx`, and `q` dead-lettering to `dlx`. */
function withDlx(qArgs: FieldTable = {}) {
  const h = new EngineHarness();
  const { ch, sink } = h.channel();
  declareExchange(h, 'dlx', 'fanout');
  declareQueue(ch, 'dlq');
  bindQueue(h, 'dlq', 'dlx', '');
  declareQueue(ch, 'q', { 'x-dead-letter-exchange': 'dlx', ...qArgs });
  return { h, ch, sink };
}

describe('what dead-letters a message', () => {
  test.each<[string, (ch: Channel) => void]>([
    ['basic.reject without requeue', (ch) => rejectOne(ch, 'q')],
    ['basic.nack without requeue', (ch) => ch.nack(ch.get('q', false)!.deliveryTag, false, false)],
    ['basic.nack multiple without requeue', (ch) => (ch.get('q', false), ch.nack(0, true, false))],
  ])('%s, with reason rejected', (_op, run) => {
    const { ch } = withDlx();
    publish(ch, '', 'q');
    run(ch);
    expect(ch.get('dlq', true)?.properties.headers?.['x-first-death-reason']).toBe('rejected');
  });

  test('queue TTL expiry, with reason expired', () => {
    const { h, ch } = withDlx({ 'x-message-ttl': 100 });
    publish(ch, '', 'q');
    h.clock.advance(100);
    expect(ch.get('dlq', true)?.properties.headers?.['x-first-death-reason']).toBe('expired');
  });

  test('per-message TTL expiry, with reason expired', () => {
    const { h, ch } = withDlx();
    publish(ch, '', 'q', 'm', { expiration: '50' });
    h.clock.advance(50);
    expect(ch.get('dlq', true)?.properties.headers?.['x-first-death-reason']).toBe('expired');
  });

  test.each<[string, (ch: Channel, h: EngineHarness) => void]>([
    ['a requeue', (ch) => ch.nack(ch.get('q', false)!.deliveryTag, false, true)],
    ['a purge', (_ch, h) => h.broker.execute({ type: 'queue.purge', vhost: '/', name: 'q' })],
    ['a queue deletion', (_ch, h) => h.broker.execute({ type: 'queue.delete', vhost: '/', name: 'q' })],
    ['a channel close with the message unacked', (ch) => (ch.get('q', false), ch.close())],
  ])('not %s', (_op, run) => {
    const { h, ch } = withDlx();
    publish(ch, '', 'q');
    run(ch, h);
    expect(queueOf(h, 'dlq').messageCount).toBe(0);
  });

  test('a missing dead-letter exchange drops the message', () => {
    const h = new EngineHarness();
    const { ch } = h.channel();
    declareQueue(ch, 'q', { 'x-dead-letter-exchange': 'not-declared' });
    publish(ch, '', 'q');
    rejectOne(ch, 'q');
    expect(queueOf(h, 'q').messageCount).toBe(0);
  });
});

describe('the dead-lettered message', () => {
  // The shape observed on RabbitMQ 3.10.8 for a reject from queue q of a message published to
  // the default exchange with CC and BCC and an expiration; x-last-death-* are RabbitMQ 3.13+.
  test('carries the exact x-death entry and first/last-death headers', () => {
    const { h, ch } = withDlx();
    declareQueue(ch, 'cc-q');
    declareQueue(ch, 'bcc-q');
    h.clock.advance(2500);
    publish(ch, '', 'q', 'body', { expiration: '60000', headers: { CC: ['cc-q'], BCC: ['bcc-q'], app: 'kept' }, contentType: 'text/plain' });
    rejectOne(ch, 'q');
    const r = ch.get('dlq', true)!;
    expect(r.redelivered).toBe(false);
    expect(r.message.exchange).toBe('dlx');
    expect(r.message.routingKey).toBe('q');
    expect(r.properties).toEqual({
      contentType: 'text/plain',
      headers: {
        app: 'kept',
        CC: ['cc-q'],
        'x-death': [
          { count: int64(1), reason: 'rejected', queue: 'q', time: stamp(T0 + 2500), exchange: '', 'routing-keys': ['q', 'cc-q'], 'original-expiration': '60000' },
        ],
        'x-first-death-queue': 'q',
        'x-first-death-reason': 'rejected',
        'x-first-death-exchange': '',
        'x-last-death-queue': 'q',
        'x-last-death-reason': 'rejected',
        'x-last-death-exchange': '',
      },
    });
  });

  test('has no original-expiration when it had no per-message TTL', () => {
    const { h, ch } = withDlx({ 'x-message-ttl': 10 });
    bindQueue(h, 'q', 'amq.direct', 'k');
    publish(ch, 'amq.direct', 'k');
    h.clock.advance(10);
    const deaths = ch.get('dlq', true)?.properties.headers?.['x-death'] as FieldTable[];
    expect(deaths).toEqual([{ count: int64(1), reason: 'expired', queue: 'q', time: stamp(T0 + 10), exchange: 'amq.direct', 'routing-keys': ['k'] }]);
  });

  // Observed on 3.10.8: the queue TTL expired the message, and its own expiration was still recorded.
  test('records original-expiration even when the queue TTL expired it', () => {
    const { h, ch } = withDlx({ 'x-message-ttl': 50 });
    publish(ch, '', 'q', 'm', { expiration: '5000' });
    h.clock.advance(50);
    const r = ch.get('dlq', true)!;
    expect(r.properties.expiration).toBeUndefined();
    expect((r.properties.headers?.['x-death'] as FieldTable[])[0]?.['original-expiration']).toBe('5000');
  });

  test('is routed by the dead-letter routing key when the queue sets one', () => {
    const h = new EngineHarness();
    const { ch } = h.channel();
    declareQueue(ch, 'by-key');
    declareQueue(ch, 'q', { 'x-dead-letter-exchange': 'amq.direct', 'x-dead-letter-routing-key': 'dead' });
    bindQueue(h, 'by-key', 'amq.direct', 'dead');
    publish(ch, '', 'q');
    rejectOne(ch, 'q');
    expect(ch.get('by-key', true)?.message.routingKey).toBe('dead');
  });

  test('is routed by its original keys, CC included, when the queue sets no routing key', () => {
    const h = new EngineHarness();
    const { ch } = h.channel();
    declareQueue(ch, 'q', { 'x-dead-letter-exchange': 'amq.direct' });
    declareQueue(ch, 'other');
    for (const [queue, key] of [['dead-main', 'q'], ['dead-cc', 'other']] as const) {
      declareQueue(ch, queue);
      bindQueue(h, queue, 'amq.direct', key);
    }
    publish(ch, '', 'q', 'm', { headers: { CC: ['other'] } });
    rejectOne(ch, 'q');
    expect([queueOf(h, 'dead-main').messageCount, queueOf(h, 'dead-cc').messageCount]).toEqual([1, 1]);
  });

  // rabbit_dead_letter:make_msg, observed on 3.10.8: with a routing key, the CC header is removed,
  // while x-death still lists the keys the message was published with.
  test('loses its CC header when the queue sets a dead-letter routing key', () => {
    const h = new EngineHarness();
    const { ch } = h.channel();
    declareQueue(ch, 'dlq');
    declareQueue(ch, 'cc-q');
    declareQueue(ch, 'q', { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' });
    publish(ch, '', 'q', 'm', { headers: { CC: ['cc-q'] } });
    rejectOne(ch, 'q');
    const headers = ch.get('dlq', true)!.properties.headers!;
    expect(headers['CC']).toBeUndefined();
    expect((headers['x-death'] as FieldTable[])[0]?.['routing-keys']).toEqual(['q', 'cc-q']);
  });
});

describe('x-death history', () => {
  // Observed on 3.10.8: a -> b -> a by rejection gives [{a, count 2}, {b, count 1}], first death a.
  test('merges deaths by queue and reason: the count grows and the entry moves to the front', () => {
    const h = new EngineHarness();
    const { ch } = h.channel();
    declareQueue(ch, 'a', { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'b' });
    declareQueue(ch, 'b', { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'a' });
    publish(ch, '', 'a');
    rejectOne(ch, 'a');
    h.clock.advance(3000);
    rejectOne(ch, 'b');
    h.clock.advance(3000);
    rejectOne(ch, 'a');
    const headers = ch.get('b', true)!.properties.headers!;
    expect(headers['x-death']).toEqual([
      { count: int64(2), reason: 'rejected', queue: 'a', time: stamp(T0), exchange: '', 'routing-keys': ['a'] },
      { count: int64(1), reason: 'rejected', queue: 'b', time: stamp(T0 + 3000), exchange: '', 'routing-keys': ['b'] },
    ]);
    expect(headers).toMatchObject({ 'x-first-death-queue': 'a', 'x-last-death-queue': 'a' });
  });

  test('keeps separate entries for one queue and different reasons, newest first', () => {
    const h = new EngineHarness();
    const { ch } = h.channel();
    declareQueue(ch, 'a', { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'b' });
    declareQueue(ch, 'b', { 'x-message-ttl': 100, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'a' });
    publish(ch, '', 'a');
    rejectOne(ch, 'a');
    h.clock.advance(100);
    const headers = ch.get('a', true)!.properties.headers!;
    expect((headers['x-death'] as FieldTable[]).map((d) => [d['queue'], d['reason']])).toEqual([['b', 'expired'], ['a', 'rejected']]);
    expect(headers).toMatchObject({
      'x-first-death-queue': 'a', 'x-first-death-reason': 'rejected',
      'x-last-death-queue': 'b', 'x-last-death-reason': 'expired', 'x-last-death-exchange': '',
    });
  });

  test('records the exchange the message was dead-lettered to for later deaths', () => {
    const { h, ch } = withDlx();
    declareQueue(ch, 'dlq2');
    h.broker.execute({ type: 'queue.delete', vhost: '/', name: 'dlq' });
    declareQueue(ch, 'dlq', { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq2' });
    bindQueue(h, 'dlq', 'dlx', '');
    publish(ch, '', 'q');
    rejectOne(ch, 'q');
    rejectOne(ch, 'dlq');
    const deaths = ch.get('dlq2', true)!.properties.headers!['x-death'] as FieldTable[];
    expect(deaths.map((d) => [d['queue'], d['exchange']])).toEqual([['dlq', 'dlx'], ['q', '']]);
  });
});

describe('dead-letter cycles', () => {
  // docs/dlx.md: a cycle with no rejection in it is dropped. Observed on 3.10.8 for each case.
  test('a TTL ping-pong between two queues is dropped on its way back', () => {
    const h = new EngineHarness();
    const { ch } = h.channel();
    declareQueue(ch, 'a', { 'x-message-ttl': 100, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'b' });
    declareQueue(ch, 'b', { 'x-message-ttl': 100, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'a' });
    publish(ch, '', 'a');
    h.clock.advance(100);
    expect([queueOf(h, 'a').messageCount, queueOf(h, 'b').messageCount]).toEqual([0, 1]);
    h.clock.advance(100);
    expect([queueOf(h, 'a').messageCount, queueOf(h, 'b').messageCount]).toEqual([0, 0]);
    h.clock.advance(10_000);
    expect([queueOf(h, 'a').messageCount, queueOf(h, 'b').messageCount]).toEqual([0, 0]);
  });

  test('a queue that dead-letters expired messages to itself drops them', () => {
    const h = new EngineHarness();
    const { ch } = h.channel();
    declareQueue(ch, 'self', { 'x-message-ttl': 100, 'x-dead-letter-exchange': '' });
    publish(ch, '', 'self');
    h.clock.advance(100);
    expect(queueOf(h, 'self').messageCount).toBe(0);
  });

  test('a rejection breaks the cycle: rejected messages come back to the same queue', () => {
    const h = new EngineHarness();
    const { ch } = h.channel();
    declareQueue(ch, 'self', { 'x-dead-letter-exchange': '' });
    publish(ch, '', 'self');
    rejectOne(ch, 'self');
    rejectOne(ch, 'self');
    const deaths = ch.get('self', true)!.properties.headers!['x-death'] as FieldTable[];
    expect(deaths).toEqual([{ count: int64(2), reason: 'rejected', queue: 'self', time: stamp(T0), exchange: '', 'routing-keys': ['self'] }]);
  });

  test('an expiry back to a queue that rejected the message is not a cycle', () => {
    const h = new EngineHarness();
    const { ch } = h.channel();
    declareQueue(ch, 'a', { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'b' });
    declareQueue(ch, 'b', { 'x-message-ttl': 100, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'a' });
    publish(ch, '', 'a');
    rejectOne(ch, 'a');
    h.clock.advance(100);
    expect(drain(ch, 'a')).toEqual(['m']);
  });

  test('only the cycling destination is dropped; others still get the message', () => {
    const h = new EngineHarness();
    const { ch } = h.channel();
    declareExchange(h, 'fan', 'fanout');
    declareQueue(ch, 'a', { 'x-message-ttl': 100, 'x-dead-letter-exchange': 'fan' });
    declareQueue(ch, 'elsewhere');
    bindQueue(h, 'a', 'fan', '');
    bindQueue(h, 'elsewhere', 'fan', '');
    publish(ch, '', 'a');
    h.clock.advance(100);
    expect([queueOf(h, 'a').messageCount, queueOf(h, 'elsewhere').messageCount]).toEqual([0, 1]);
  });
});
