import { describe, expect, test } from 'vitest';
import type { FieldTable } from '../../engine/core/field-value.ts';
import { EngineHarness, declareQueue } from '../support/engine-harness.ts';
import { bindQueue, ctxOf, expectAmqpError, hasQueue, lockedText, publish, queueDeclare, queueOf, unbindQueue } from '../support/core-helpers.ts';

type DeclareOpts = NonNullable<Parameters<typeof queueDeclare>[1]>;

describe('queue.declare', () => {
  test('creates a queue and reports its name and counts', () => {
    const h = new EngineHarness();
    expect(h.broker.execute(queueDeclare('orders'))).toEqual({ type: 'queue.declare', name: 'orders', messageCount: 0, consumerCount: 0, created: true });
  });

  test('redeclaring with the same properties returns the current counts', () => {
    const h = new EngineHarness();
    const { ch } = h.channel();
    h.broker.execute(queueDeclare('orders', { durable: true }));
    publish(ch, '', 'orders');
    publish(ch, '', 'orders');
    ch.qos(0, 1, false);
    ch.consume('orders', 'c1', false, false, {});
    // Prefetch 1: one was delivered to the consumer (unacked), one is ready.
    expect(h.broker.execute(queueDeclare('orders', { durable: true }))).toEqual({ type: 'queue.declare', name: 'orders', messageCount: 1, consumerCount: 1, created: false });
  });

  test('a queue name under the reserved amq. prefix is refused', () => {
    const h = new EngineHarness();
    expectAmqpError(() => h.broker.execute(queueDeclare('amq.mine')), 403, 'channel', "ACCESS_REFUSED - queue name 'amq.mine' contains reserved prefix 'amq.*'");
  });
});

describe('property equivalence on redeclare', () => {
  // Every wording here was observed on RabbitMQ 3.10.8 with amqplib. When one side lacks the
  // argument RabbitMQ names the other side's type; amqplib sent 2000 as 'short', and the engine
  // (whose codec keeps no integer width) names a 32-bit integer 'signedint'.
  const cases: [title: string, first: DeclareOpts, second: DeclareOpts, detail: string][] = [
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
    h.broker.execute(queueDeclare('q', first));
    expectAmqpError(() => h.broker.execute(queueDeclare('q', second)), 406, 'channel', `PRECONDITION_FAILED - ${detail}`);
  });

  test('the same integer in another width is equivalent', () => {
    const h = new EngineHarness();
    h.broker.execute(queueDeclare('q', { arguments: { 'x-message-ttl': 1000 } }));
    expect(() => h.broker.execute(queueDeclare('q', { arguments: { 'x-message-ttl': { $type: 'int64', value: 1000 } } }))).not.toThrow();
  });

  test('arguments RabbitMQ does not compare may differ', () => {
    const h = new EngineHarness();
    h.broker.execute(queueDeclare('q', { arguments: { 'x-custom': 1 } }));
    expect(() => h.broker.execute(queueDeclare('q', { arguments: { 'x-custom': 2 } }))).not.toThrow();
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
    expectAmqpError(() => h.broker.execute(queueDeclare('q', { arguments: args })), 406, 'channel', `PRECONDITION_FAILED - ${detail}`);
    expect(hasQueue(h, 'q')).toBe(false);
  });
});

describe('passive queue.declare', () => {
  test('of a missing queue is a 404', () => {
    const h = new EngineHarness();
    expectAmqpError(() => h.broker.execute(queueDeclare('ghost', { passive: true })), 404, 'channel', "NOT_FOUND - no queue 'ghost' in vhost '/'");
  });

  test('reports the counts and ignores the other properties', () => {
    const h = new EngineHarness();
    const { ch } = h.channel();
    h.broker.execute(queueDeclare('q', { durable: true, arguments: { 'x-max-length': 5 } }));
    publish(ch, '', 'q');
    expect(h.broker.execute(queueDeclare('q', { passive: true, autoDelete: true }))).toMatchObject({ name: 'q', messageCount: 1, consumerCount: 0 });
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
    expectAmqpError(() => h.broker.execute(queueDeclare(name, { exclusive: true }), ctxOf(conn)), 403, 'channel', `ACCESS_REFUSED - queue name '${name}' contains reserved prefix 'amq.*'`);
    expect(h.broker.execute(queueDeclare(name, { passive: true }), ctxOf(conn))).toMatchObject({ name });
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
    ['queue.declare', (o) => o.h.broker.execute(queueDeclare('ex', { exclusive: true }), o.otherCtx)],
    ['non-exclusive queue.declare', (o) => o.h.broker.execute(queueDeclare('ex'), o.otherCtx)],
    ['passive queue.declare', (o) => o.h.broker.execute(queueDeclare('ex', { passive: true }), o.otherCtx)],
    ['basic.consume', (o) => o.other.ch.consume('ex', '', false, false, {})],
    ['basic.get', (o) => o.other.ch.get('ex', false)],
    ['queue.bind', (o) => bindQueue(o.h, 'ex', 'amq.direct', 'k', {}, o.otherCtx)],
    ['queue.purge', (o) => o.h.broker.execute({ type: 'queue.purge', vhost: '/', name: 'ex' }, o.otherCtx)],
    ['queue.delete', (o) => o.h.broker.execute({ type: 'queue.delete', vhost: '/', name: 'ex' }, o.otherCtx)],
  ])('refuse %s from another connection with 405', (_op, run) => {
    const o = owned();
    expectAmqpError(() => run(o), 405, 'channel', lockedText('ex'));
  });

  test('refuse queue.unbind of an existing binding from another connection, but not of a missing one', () => {
    const o = owned();
    bindQueue(o.h, 'ex', 'amq.direct', 'k', {}, ctxOf(o.owner.conn));
    expectAmqpError(() => unbindQueue(o.h, 'ex', 'amq.direct', 'k', {}, o.otherCtx), 405, 'channel', lockedText('ex'));
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
    expectAmqpError(() => o.h.broker.execute(queueDeclare('ex'), ctxOf(o.owner.conn)), 405, 'channel', lockedText('ex'));
  });

  test('a non-exclusive queue cannot be redeclared exclusive', () => {
    const h = new EngineHarness();
    const { conn } = h.channel();
    h.broker.execute(queueDeclare('shared'), ctxOf(conn));
    expectAmqpError(() => h.broker.execute(queueDeclare('shared', { exclusive: true }), ctxOf(conn)), 405, 'channel', lockedText('shared'));
  });

  // rabbit_channel queue.declare: Durable = durable andalso not exclusive.
  test('are never durable, whatever the declare says', () => {
    const h = new EngineHarness();
    const { conn } = h.channel();
    h.broker.execute(queueDeclare('ex', { exclusive: true, durable: true }), ctxOf(conn));
    expect(queueOf(h, 'ex').durable).toBe(false);
    expect(() => h.broker.execute(queueDeclare('ex', { exclusive: true, durable: false }), ctxOf(conn))).not.toThrow();
  });
});
