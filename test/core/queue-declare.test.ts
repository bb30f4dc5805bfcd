import { describe, expect, test } from 'vitest';
import type { Command, CommandContext } from '../../engine/core/commands.ts';
import type { FieldTable } from '../../engine/core/field-value.ts';
import { EngineHarness, declareQueue } from '../support/engine-harness.ts';
import { bindQueue, ctxOf, expectAmqpError, hasQueue, publish, queueOf, unbindQueue } from '../support/core-helpers.ts';

type Declare = Extract<Command, { type: 'queue.declare' }>;

/** A queue.declare command with defaults. */
function qd(name: string, over: Partial<Omit<Declare, 'type' | 'vhost' | 'name'>> = {}): Declare {
  return { type: 'queue.declare', vhost: '/', name, durable: false, exclusive: false, autoDelete: false, arguments: {}, ...over };
}

const LOCKED = (q: string): string =>
  `RESOURCE_LOCKED - cannot obtain exclusive access to locked queue '${q}' in vhost '/'. It could be originally declared on another connection or the exclusive property value does not match that of the original declaration.`;

describe('queue.declare', () => {
  test('creates a queue and reports its name and counts', () => {
    const h = new EngineHarness();
    expect(h.broker.execute(qd('orders'))).toEqual({ type: 'queue.declare', name: 'orders', messageCount: 0, consumerCount: 0, created: true });
  });

  test('redeclaring with the same properties returns the current counts', () => {
    const h = new EngineHarness();
    const { ch } = h.channel();
    h.broker.execute(qd('orders', { durable: true }));
    publish(ch, '', 'orders');
    publish(ch, '', 'orders');
    ch.qos(0, 1, false);
    ch.consume('orders', 'c1', false, false, {});
    // Prefetch 1: one was delivered to the consumer (unacked), one is ready.
    expect(h.broker.execute(qd('orders', { durable: true }))).toEqual({ type: 'queue.declare', name: 'orders', messageCount: 1, consumerCount: 1, created: false });
  });

  test('a queue name under the reserved amq. prefix is refused', () => {
    const h = new EngineHarness();
    expectAmqpError(() => h.broker.execute(qd('amq.mine')), 403, 'channel', "ACCESS_REFUSED - queue name 'amq.mine' contains reserved prefix 'amq.*'");
  });
});

describe('property equivalence on redeclare', () => {
  // Every wording here was observed on RabbitMQ 3.10.8 with amqplib. When one side lacks the
  // argument RabbitMQ names the other side's type; amqplib sent 2000 as 'short', and the engine
  // (whose codec keeps no integer width) names a 32-bit integer 'signedint'.
  const cases: [title: string, first: Partial<Declare>, second: Partial<Declare>, detail: string][] = [
    ['durable differs', { durable: false }, { durable: true }, "inequivalent arg 'durable' for queue 'q' in vhost '/': received 'true' but current is 'false'"],
    ['auto_delete differs', {}, { autoDelete: true }, "inequivalent arg 'auto_delete' for queue 'q' in vhost '/': received 'true' but current is 'false'"],
    ['an argument value differs', { arguments: { 'x-message-ttl': 1000 } }, { arguments: { 'x-message-ttl': 2000 } }, "inequivalent arg 'x-message-ttl' for queue 'q' in vhost '/': received '2000' but current is '1000'"],
    ['an argument is added', {}, { arguments: { 'x-message-ttl': 2000 } }, "inequivalent arg 'x-message-ttl' for queue 'q' in vhost '/': received the value '2000' of type 'signedint' but current is none"],
    ['an argument is dropped', { arguments: { 'x-message-ttl': 2000 } }, {}, "inequivalent arg 'x-message-ttl' for queue 'q' in vhost '/': received none but current is the value '2000' of type 'signedint'"],
    ['a string argument is added', {}, { arguments: { 'x-dead-letter-exchange': 'dl' } }, "inequivalent arg 'x-dead-letter-exchange' for queue 'q' in vhost '/': received the value 'dl' of type 'longstr' but current is none"],
    ['a string argument differs', { arguments: { 'x-dead-letter-exchange': 'a' } }, { arguments: { 'x-dead-letter-exchange': 'b' } }, "inequivalent arg 'x-dead-letter-exchange' for queue 'q' in vhost '/': received 'b' but current is 'a'"],
    ['a number is sent as a string', { arguments: { 'x-max-length': 1000 } }, { arguments: { 'x-max-length': '1000' } }, "inequivalent arg 'x-max-length' for queue 'q' in vhost '/': received '1000' but current is '1000'"],
  ];
  test.each(cases)('redeclaring when %s is a 406', (_t, first, second, detail) => {
    const h = new EngineHarness();
    h.broker.execute(qd('q', first));
    expectAmqpError(() => h.broker.execute(qd('q', second)), 406, 'channel', `PRECONDITION_FAILED - ${detail}`);
  });

  test('the same integer in another width is equivalent', () => {
    const h = new EngineHarness();
    h.broker.execute(qd('q', { arguments: { 'x-message-ttl': 1000 } }));
    expect(() => h.broker.execute(qd('q', { arguments: { 'x-message-ttl': { $type: 'int64', value: 1000 } } }))).not.toThrow();
  });

  test('arguments RabbitMQ does not compare may differ', () => {
    const h = new EngineHarness();
    h.broker.execute(qd('q', { arguments: { 'x-custom': 1 } }));
    expect(() => h.broker.execute(qd('q', { arguments: { 'x-custom': 2 } }))).not.toThrow();
  });
});

describe('invalid queue arguments', () => {
  // Wording observed on RabbitMQ 3.10.8 (rabbit_amqqueue:check_declare_arguments, "~255p").
  const cases: [FieldTable, string][] = [
    [{ 'x-message-ttl': 'abc' }, "invalid arg 'x-message-ttl' for queue 'q' in vhost '/': \"expected integer, got longstr\""],
    [{ 'x-message-ttl': 1.5 }, "invalid arg 'x-message-ttl' for queue 'q' in vhost '/': \"expected integer, got double\""],
    [{ 'x-message-ttl': -1 }, "invalid arg 'x-message-ttl' for queue 'q' in vhost '/': {value_negative,-1}"],
    [{ 'x-expires': 0 }, "invalid arg 'x-expires' for queue 'q' in vhost '/': {value_zero,0}"],
    [{ 'x-expires': -5 }, "invalid arg 'x-expires' for queue 'q' in vhost '/': {value_negative,-5}"],
    [{ 'x-expires': true }, "invalid arg 'x-expires' for queue 'q' in vhost '/': \"expected integer, got bool\""],
    [{ 'x-max-length': -1 }, "invalid arg 'x-max-length' for queue 'q' in vhost '/': {value_negative,-1}"],
    [{ 'x-max-length-bytes': -1 }, "invalid arg 'x-max-length-bytes' for queue 'q' in vhost '/': {value_negative,-1}"],
    [{ 'x-max-priority': 256 }, "invalid arg 'x-max-priority' for queue 'q' in vhost '/': {max_value_exceeded,256}"],
    [{ 'x-max-priority': -1 }, "invalid arg 'x-max-priority' for queue 'q' in vhost '/': {value_negative,-1}"],
    [{ 'x-overflow': 'bogus' }, "invalid arg 'x-overflow' for queue 'q' in vhost '/': invalid_overflow"],
    [{ 'x-queue-type': 'bogus' }, "invalid arg 'x-queue-type' for queue 'q' in vhost '/': \"unsupported queue type 'bogus'\""],
    [{ 'x-dead-letter-routing-key': 'k' }, "invalid arg 'x-dead-letter-routing-key' for queue 'q' in vhost '/': routing_key_but_no_dlx_defined"],
    [{ 'x-single-active-consumer': 'yes' }, "invalid arg 'x-single-active-consumer' for queue 'q' in vhost '/': {unacceptable_type,longstr}"],
    [{ 'x-dead-letter-exchange': 5 }, "invalid arg 'x-dead-letter-exchange' for queue 'q' in vhost '/': {unacceptable_type,signedint}"],
    [{ 'x-delivery-limit': 5 }, "invalid arg 'x-delivery-limit' for queue 'q' in vhost '/' of queue type rabbit_classic_queue"],
    [{ 'x-quorum-initial-group-size': 3 }, "invalid arg 'x-quorum-initial-group-size' for queue 'q' in vhost '/' of queue type rabbit_classic_queue"],
  ];
  test.each(cases)('%j is refused with 406', (args, detail) => {
    const h = new EngineHarness();
    expectAmqpError(() => h.broker.execute(qd('q', { arguments: args })), 406, 'channel', `PRECONDITION_FAILED - ${detail}`);
    expect(hasQueue(h, 'q')).toBe(false);
  });
});

describe('passive queue.declare', () => {
  test('of a missing queue is a 404', () => {
    const h = new EngineHarness();
    expectAmqpError(() => h.broker.execute(qd('ghost', { passive: true })), 404, 'channel', "NOT_FOUND - no queue 'ghost' in vhost '/'");
  });

  test('reports the counts and ignores the other properties', () => {
    const h = new EngineHarness();
    const { ch } = h.channel();
    h.broker.execute(qd('q', { durable: true, arguments: { 'x-max-length': 5 } }));
    publish(ch, '', 'q');
    expect(h.broker.execute(qd('q', { passive: true, autoDelete: true }))).toMatchObject({ name: 'q', messageCount: 1, consumerCount: 0 });
  });
});

describe('server-named queues', () => {
  test('get an amq.gen- name of 22 URL-safe characters', () => {
    const h = new EngineHarness();
    const { ch } = h.channel();
    const name = declareQueue(ch, '', {}, { exclusive: true });
    expect(name).toMatch(/^amq\.gen-[A-Za-z0-9_-]{22}$/);
  });

  test('get a distinct name each time', () => {
    const h = new EngineHarness();
    const { ch } = h.channel();
    const names = new Set([1, 2, 3, 4].map(() => declareQueue(ch, '', {}, { exclusive: true })));
    expect(names.size).toBe(4);
  });

  // Observed on 3.10.8: the reserved-prefix check comes first, so naming one again is refused,
  // while a passive declare finds it.
  test('cannot be redeclared by their name, but can be checked passively', () => {
    const h = new EngineHarness();
    const { ch, conn } = h.channel();
    const name = declareQueue(ch, '', {}, { exclusive: true });
    expectAmqpError(() => h.broker.execute(qd(name, { exclusive: true }), ctxOf(conn)), 403, 'channel', `ACCESS_REFUSED - queue name '${name}' contains reserved prefix 'amq.*'`);
    expect(h.broker.execute(qd(name, { passive: true }), ctxOf(conn))).toMatchObject({ name });
  });
});

describe('exclusive queues', () => {
  /** An owner connection with an exclusive queue `ex`, and a second connection's context. */
  function owned() {
    const h = new EngineHarness();
    const owner = h.channel();
    declareQueue(owner.ch, 'ex', {}, { exclusive: true });
    const other = h.channel();
    return { h, owner, other, otherCtx: ctxOf(other.conn) };
  }

  // Each operation observed on RabbitMQ 3.10.8 from a second connection: 405, channel closed.
  test.each<[string, (o: ReturnType<typeof owned>) => unknown]>([
    ['queue.declare', (o) => o.h.broker.execute(qd('ex', { exclusive: true }), o.otherCtx)],
    ['non-exclusive queue.declare', (o) => o.h.broker.execute(qd('ex'), o.otherCtx)],
    ['passive queue.declare', (o) => o.h.broker.execute(qd('ex', { passive: true }), o.otherCtx)],
    ['basic.consume', (o) => o.other.ch.consume('ex', '', false, false, {})],
    ['basic.get', (o) => o.other.ch.get('ex', false)],
    ['queue.bind', (o) => bindQueue(o.h, 'ex', 'amq.direct', 'k', {}, o.otherCtx)],
    ['queue.purge', (o) => o.h.broker.execute({ type: 'queue.purge', vhost: '/', name: 'ex' }, o.otherCtx)],
    ['queue.delete', (o) => o.h.broker.execute({ type: 'queue.delete', vhost: '/', name: 'ex' }, o.otherCtx)],
  ])('refuse %s from another connection with 405', (_op, run) => {
    const o = owned();
    expectAmqpError(() => run(o), 405, 'channel', LOCKED('ex'));
  });

  test('refuse queue.unbind of an existing binding from another connection, but not of a missing one', () => {
    const o = owned();
    bindQueue(o.h, 'ex', 'amq.direct', 'k', {}, ctxOf(o.owner.conn));
    expectAmqpError(() => unbindQueue(o.h, 'ex', 'amq.direct', 'k', {}, o.otherCtx), 405, 'channel', LOCKED('ex'));
    expect(() => unbindQueue(o.h, 'ex', 'amq.direct', 'never', {}, o.otherCtx)).not.toThrow();
  });

  test('still receive what other connections publish to them', () => {
    const o = owned();
    publish(o.other.ch, '', 'ex');
    expect(queueOf(o.h, 'ex').messageCount).toBe(1);
  });

  test('are deleted when the owning connection closes', () => {
    const o = owned();
    o.owner.conn.close();
    expect(hasQueue(o.h, 'ex')).toBe(false);
  });

  test('survive their declaring channel closing', () => {
    const o = owned();
    o.owner.ch.close();
    expect(hasQueue(o.h, 'ex')).toBe(true);
  });

  // Observed on 3.10.8: the exclusive flag must match the original declaration even on the owner.
  test('cannot be redeclared non-exclusive by their owner', () => {
    const o = owned();
    expectAmqpError(() => o.h.broker.execute(qd('ex'), ctxOf(o.owner.conn)), 405, 'channel', LOCKED('ex'));
  });

  test('a non-exclusive queue cannot be redeclared exclusive', () => {
    const h = new EngineHarness();
    const { conn } = h.channel();
    h.broker.execute(qd('shared'), ctxOf(conn));
    expectAmqpError(() => h.broker.execute(qd('shared', { exclusive: true }), ctxOf(conn)), 405, 'channel', LOCKED('shared'));
  });

  // rabbit_channel queue.declare: Durable = durable andalso not exclusive.
  test('are never durable, whatever the declare says', () => {
    const h = new EngineHarness();
    const { conn } = h.channel();
    h.broker.execute(qd('ex', { exclusive: true, durable: true }), ctxOf(conn));
    expect(queueOf(h, 'ex').durable).toBe(false);
    expect(() => h.broker.execute(qd('ex', { exclusive: true, durable: false }), ctxOf(conn))).not.toThrow();
  });
});

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
    ['a redeclare', (x) => x.h.broker.execute(qd('tmp', { arguments: { 'x-expires': 1500 } })), true],
    ['a passive declare', (x) => x.h.broker.execute(qd('tmp', { passive: true })), true],
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
