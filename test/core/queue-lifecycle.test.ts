import { describe, expect, test } from 'vitest';
import type { CommandContext } from '../../engine/core/commands.ts';
import { EngineHarness, declareQueue } from '../support/engine-harness.ts';
import { bindQueue, expectAmqpError, hasQueue, publish, queueDeclare, queueOf } from '../support/core-helpers.ts';

describe('auto-delete queues', () => {
  test('are deleted when their last consumer is cancelled', () => {
    const h = new EngineHarness();
    const { ch } = h.channel();
    declareQueue(ch, 'ad', {}, { autoDelete: true });
    ch.consume('ad', 'a', false, false, {});
    ch.consume('ad', 'b', false, false, {});
    ch.cancel('a');
    expect(hasQueue(h, 'ad')).toBe(true);
    ch.cancel('b');
    expect(hasQueue(h, 'ad')).toBe(false);
  });

  test('are deleted when the channel of their last consumer closes', () => {
    const h = new EngineHarness();
    const { ch } = h.channel();
    declareQueue(ch, 'ad', {}, { autoDelete: true });
    ch.consume('ad', 'a', false, false, {});
    ch.close();
    expect(hasQueue(h, 'ad')).toBe(false);
  });

  test('are never deleted if they never had a consumer', () => {
    const h = new EngineHarness();
    const { ch } = h.channel();
    declareQueue(ch, 'ad', {}, { autoDelete: true });
    publish(ch, '', 'ad');
    ch.get('ad', true);
    h.clock.advance(3_600_000);
    expect(hasQueue(h, 'ad')).toBe(true);
  });
});

describe('x-expires', () => {
  function expiring(ms = 1000) {
    const h = new EngineHarness();
    const { ch, sink, conn } = h.channel();
    declareQueue(ch, 'tmp', { 'x-expires': ms });
    return { h, ch, sink, conn };
  }

  test('deletes a queue unused for that long', () => {
    const { h } = expiring(1000);
    h.clock.advance(999);
    expect(hasQueue(h, 'tmp')).toBe(true);
    h.clock.advance(1);
    expect(hasQueue(h, 'tmp')).toBe(false);
  });

  // Observed on RabbitMQ 3.10.8 with x-expires 1500: touched at 1000 ms, checked at 2000 ms.
  test.each<[string, (x: ReturnType<typeof expiring>) => void, boolean]>([
    ['basic.get', (x) => x.ch.get('tmp', true), true],
    ['a redeclare', (x) => x.h.broker.execute(queueDeclare('tmp', { arguments: { 'x-expires': 1500 } })), true],
    ['a passive declare', (x) => x.h.broker.execute(queueDeclare('tmp', { passive: true })), true],
    ['a publish', (x) => publish(x.ch, '', 'tmp'), false],
    ['a purge', (x) => x.h.broker.execute({ type: 'queue.purge', vhost: '/', name: 'tmp' }), false],
    ['a bind', (x) => bindQueue(x.h, 'tmp', 'amq.direct', 'k'), false],
  ])('%s counts as use: %s', (_op, touch, survives) => {
    const x = expiring(1500);
    x.h.clock.advance(1000);
    touch(x);
    x.h.clock.advance(1000);
    expect(hasQueue(x.h, 'tmp')).toBe(survives);
  });

  test('never deletes a queue while it has consumers, and counts again from the last cancel', () => {
    const { h, ch } = expiring(1000);
    ch.consume('tmp', 'c', false, false, {});
    h.clock.advance(5000);
    expect(hasQueue(h, 'tmp')).toBe(true);
    ch.cancel('c');
    h.clock.advance(999);
    expect(hasQueue(h, 'tmp')).toBe(true);
    h.clock.advance(1);
    expect(hasQueue(h, 'tmp')).toBe(false);
  });

  // docs/ttl.md §queue-ttl and docs/dlx.md: messages of an expired queue are not dead-lettered.
  test('drops the messages of an expired queue without dead-lettering them', () => {
    const h = new EngineHarness();
    const { ch } = h.channel();
    declareQueue(ch, 'dead');
    declareQueue(ch, 'tmp', { 'x-expires': 1000, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dead' });
    publish(ch, '', 'tmp');
    h.clock.advance(1000);
    expect(hasQueue(h, 'tmp')).toBe(false);
    expect(queueOf(h, 'dead').messageCount).toBe(0);
  });

  test('cancels the consumers of a deleted queue with a notification', () => {
    const h = new EngineHarness();
    const { ch, sink } = h.channel();
    declareQueue(ch, 'q');
    ch.consume('q', 'c1', false, false, {});
    h.broker.execute({ type: 'queue.delete', vhost: '/', name: 'q' });
    expect(sink.cancels).toEqual(['c1']);
    expect(ch.consumers.size).toBe(0);
  });
});

describe('queue.purge', () => {
  test('removes the ready messages only and returns how many', () => {
    const h = new EngineHarness();
    const { ch } = h.channel();
    declareQueue(ch, 'q');
    for (const b of ['a', 'b', 'c']) publish(ch, '', 'q', b);
    const held = ch.get('q', false);
    expect(h.broker.execute({ type: 'queue.purge', vhost: '/', name: 'q' })).toEqual({ type: 'queue.purge', messageCount: 2 });
    expect(queueOf(h, 'q').messageCount).toBe(0);
    ch.nack(held!.deliveryTag, false, true);
    expect(queueOf(h, 'q').messageCount).toBe(1);
  });

  test('of a missing queue is a 404', () => {
    const h = new EngineHarness();
    expectAmqpError(() => h.broker.execute({ type: 'queue.purge', vhost: '/', name: 'missing' }), 404, 'channel', "NOT_FOUND - no queue 'missing' in vhost '/'");
  });
});

describe('queue.delete', () => {
  function withQueue() {
    const h = new EngineHarness();
    const { ch, sink } = h.channel();
    declareQueue(ch, 'q');
    return { h, ch, sink };
  }
  const del = (h: EngineHarness, over: { ifUnused?: boolean; ifEmpty?: boolean } = {}, ctx: CommandContext = {}) =>
    h.broker.execute({ type: 'queue.delete', vhost: '/', name: 'q', ...over }, ctx);

  test('returns the number of ready messages it dropped', () => {
    const { h, ch } = withQueue();
    publish(ch, '', 'q', 'a');
    publish(ch, '', 'q', 'b');
    ch.get('q', false);
    expect(del(h)).toEqual({ type: 'queue.delete', messageCount: 1 });
  });

  test('if-unused refuses a queue with consumers', () => {
    const { h, ch } = withQueue();
    ch.consume('q', 'c', false, false, {});
    expectAmqpError(() => del(h, { ifUnused: true }), 406, 'channel', "PRECONDITION_FAILED - queue 'q' in vhost '/' in use");
  });

  test('if-empty refuses a queue with ready messages (wording observed on 3.10.8)', () => {
    const { h, ch } = withQueue();
    publish(ch, '', 'q');
    expectAmqpError(() => del(h, { ifEmpty: true }), 406, 'channel', "PRECONDITION_FAILED - queue 'q' in vhost '/' not empty");
  });

  test('if-empty ignores unacked messages (observed on 3.10.8)', () => {
    const { h, ch } = withQueue();
    publish(ch, '', 'q');
    ch.get('q', false);
    expect(del(h, { ifEmpty: true })).toEqual({ type: 'queue.delete', messageCount: 0 });
  });

  test('of a missing queue succeeds with a count of 0', () => {
    const h = new EngineHarness();
    expect(h.broker.execute({ type: 'queue.delete', vhost: '/', name: 'ghost' })).toEqual({ type: 'queue.delete', messageCount: 0 });
  });

  test('removes the queue from the default exchange', () => {
    const { h, ch, sink } = withQueue();
    del(h);
    publish(ch, '', 'q', 'm', {}, true);
    expect(sink.returns).toHaveLength(1);
  });
});
