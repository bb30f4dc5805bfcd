import { describe, expect, test } from 'vitest';
import type { Command } from '../../engine/core/commands.ts';
import type { FieldTable } from '../../engine/core/field-value.ts';
import { unmodelledKeys } from '../../engine/core/policy.ts';
import { EngineHarness, declareQueue } from '../support/engine-harness.ts';
import { amqpError, declareExchange, drain, exchangeOf, publish, queueOf } from '../support/core-helpers.ts';

type PolicyOpts = Partial<Omit<Extract<Command, { type: 'policy.set' }>, 'type' | 'name'>>;

function setPolicy(h: EngineHarness, name: string, definition: FieldTable, opts: PolicyOpts = {}): void {
  h.broker.execute({ type: 'policy.set', vhost: '/', name, pattern: '.*', definition, ...opts });
}

function setup() {
  const h = new EngineHarness();
  const { ch, conn } = h.channel();
  return { h, ch, conn };
}

describe('policy selection', () => {
  const cases: { name: string; policies: [string, PolicyOpts][]; queue: string; quorum?: boolean; expected: string | undefined }[] = [
    { name: 'the highest priority wins', policies: [['low', { priority: 1 }], ['high', { priority: 5 }]], queue: 'q', expected: 'high' },
    { name: 'a non-matching pattern is skipped', policies: [['high', { priority: 5, pattern: '^orders\\.' }], ['low', { priority: 1 }]], queue: 'q', expected: 'low' },
    { name: 'the pattern is a regex searched in the name', policies: [['p', { pattern: 'der' }]], queue: 'orders', expected: 'p' },
    { name: 'apply-to exchanges never reaches a queue', policies: [['x', { applyTo: 'exchanges', priority: 9 }], ['q', { applyTo: 'queues' }]], queue: 'q', expected: 'q' },
    { name: 'classic_queues skips a quorum queue', policies: [['c', { applyTo: 'classic_queues', priority: 9 }], ['a', { applyTo: 'all' }]], queue: 'qq', quorum: true, expected: 'a' },
    { name: 'quorum_queues reaches a quorum queue', policies: [['qu', { applyTo: 'quorum_queues' }]], queue: 'qq', quorum: true, expected: 'qu' },
    { name: 'quorum_queues skips a classic queue', policies: [['qu', { applyTo: 'quorum_queues' }]], queue: 'q', expected: undefined },
    { name: 'equal priorities go to the lowest name (observed on 3.10.8)', policies: [['lim', {}], ['bad7', {}]], queue: 'q', expected: 'bad7' },
  ];
  test.each(cases)('$name', ({ policies, queue, quorum, expected }) => {
    const { h, ch } = setup();
    declareQueue(ch, queue, quorum ? { 'x-queue-type': 'quorum' } : {}, { durable: quorum ?? false });
    for (const [name, opts] of policies) setPolicy(h, name, { 'max-length': 7 }, opts);
    expect(queueOf(h, queue).policy).toBe(expected);
  });

  test('an exchange takes its alternate exchange from an exchanges policy; its argument wins', () => {
    const { h, ch } = setup();
    declareExchange(h, 'ae', 'fanout');
    declareExchange(h, 'ae2', 'fanout');
    declareExchange(h, 'x', 'direct');
    declareExchange(h, 'y', 'direct', { arguments: { 'alternate-exchange': 'ae2' } });
    declareQueue(ch, 'lost');
    h.broker.execute({ type: 'binding.add', vhost: '/', source: 'ae', destination: 'lost', destinationType: 'queue', routingKey: '', arguments: {} });
    setPolicy(h, 'AE', { 'alternate-exchange': 'ae' }, { pattern: '^[xy]$', applyTo: 'exchanges' });
    expect(exchangeOf(h, 'x')?.policy).toBe('AE');
    expect(exchangeOf(h, 'y')?.alternateExchange).toBe('ae2');
    publish(ch, 'x', 'nowhere', 'unroutable');
    expect(drain(ch, 'lost')).toEqual(['unroutable']);
  });
});

describe('effective settings: arguments against the policy', () => {
  const cases: { name: string; args: FieldTable; definition: FieldTable; setting: string; expected: unknown }[] = [
    { name: 'max-length: the lower wins (policy lower)', args: { 'x-max-length': 10 }, definition: { 'max-length': 5 }, setting: 'maxLength', expected: 5 },
    { name: 'max-length: the lower wins (argument lower)', args: { 'x-max-length': 2 }, definition: { 'max-length': 5 }, setting: 'maxLength', expected: 2 },
    { name: 'max-length-bytes: the lower wins', args: { 'x-max-length-bytes': 100 }, definition: { 'max-length-bytes': 50 }, setting: 'maxLengthBytes', expected: 50 },
    { name: 'message-ttl: the lower wins', args: { 'x-message-ttl': 1000 }, definition: { 'message-ttl': 60000 }, setting: 'messageTtl', expected: 1000 },
    { name: 'expires: the lower wins', args: { 'x-expires': 90000 }, definition: { expires: 60000 }, setting: 'expires', expected: 60000 },
    { name: 'dead-letter-exchange: the argument wins', args: { 'x-dead-letter-exchange': 'mine' }, definition: { 'dead-letter-exchange': 'policy-dlx' }, setting: 'deadLetterExchange', expected: 'mine' },
    { name: 'overflow: the argument wins', args: { 'x-overflow': 'reject-publish' }, definition: { overflow: 'drop-head' }, setting: 'overflow', expected: 'reject-publish' },
    { name: 'policy alone fills a missing argument', args: {}, definition: { 'dead-letter-exchange': 'dlx', 'dead-letter-routing-key': 'dead' }, setting: 'deadLetterRoutingKey', expected: 'dead' },
    { name: 'a routing key with no exchange anywhere does nothing', args: {}, definition: { 'dead-letter-routing-key': 'dead' }, setting: 'deadLetterRoutingKey', expected: undefined },
    { name: 'delivery-limit does not reach a classic queue', args: {}, definition: { 'delivery-limit': 3 }, setting: 'deliveryLimit', expected: undefined },
    { name: 'consumer-timeout: from the policy', args: {}, definition: { 'consumer-timeout': 5000 }, setting: 'consumerTimeout', expected: 5000 },
  ];
  test.each(cases)('$name', ({ args, definition, setting, expected }) => {
    const { h, ch } = setup();
    declareQueue(ch, 'q', args);
    setPolicy(h, 'p', definition);
    expect((queueOf(h, 'q').settings as unknown as Record<string, unknown>)[setting]).toBe(expected);
    // Declared arguments are untouched, so a redeclare with them still passes.
    expect(queueOf(h, 'q').args).toEqual(args);
    declareQueue(ch, 'q', args);
  });

  test('delivery-limit: the lower wins on a quorum queue; -1 (unlimited) never wins', () => {
    const { h, ch } = setup();
    declareQueue(ch, 'a', { 'x-queue-type': 'quorum', 'x-delivery-limit': 10 }, { durable: true });
    declareQueue(ch, 'b', { 'x-queue-type': 'quorum', 'x-delivery-limit': -1 }, { durable: true });
    setPolicy(h, 'p', { 'delivery-limit': 4 });
    expect([queueOf(h, 'a').settings.deliveryLimit, queueOf(h, 'b').settings.deliveryLimit]).toEqual([4, 4]);
  });

  test('a queue declared after the policy gets it, server-named and exclusive ones too', () => {
    const { h, ch } = setup();
    setPolicy(h, 'p', { 'max-length': 1 });
    const name = declareQueue(ch, '', {}, { exclusive: true });
    expect(queueOf(h, name).policy).toBe('p');
    publish(ch, '', name, 'a');
    publish(ch, '', name, 'b');
    expect(drain(ch, name)).toEqual(['b']);
  });
});

describe('live re-application', () => {
  test('a lower max-length trims at once and clear restores the argument-only limit (observed on 3.10.8)', () => {
    const { h, ch } = setup();
    declareQueue(ch, 'pa', { 'x-max-length': 10 });
    declareQueue(ch, 'pc');
    for (let i = 0; i < 12; i++) for (const q of ['pa', 'pc']) publish(ch, '', q, String(i));
    expect([queueOf(h, 'pa').messageCount, queueOf(h, 'pc').messageCount]).toEqual([10, 12]);
    setPolicy(h, 'lim', { 'max-length': 5 }, { pattern: '^p', applyTo: 'queues' });
    expect([queueOf(h, 'pa').messageCount, queueOf(h, 'pc').messageCount]).toEqual([5, 5]);
    expect(drain(ch, 'pc')).toEqual(['7', '8', '9', '10', '11']);
    h.broker.execute({ type: 'policy.clear', vhost: '/', name: 'lim' });
    expect([queueOf(h, 'pa').settings.maxLength, queueOf(h, 'pc').settings.maxLength, queueOf(h, 'pa').policy]).toEqual([10, undefined, undefined]);
  });

  test('redefining a policy re-applies it and emits a topology event', () => {
    const { h, ch } = setup();
    declareQueue(ch, 'q');
    const seen: string[] = [];
    h.broker.events.on('topology', (e) => seen.push(e.command.type));
    setPolicy(h, 'p', { 'dead-letter-exchange': 'a' });
    setPolicy(h, 'p', { 'message-ttl': 100 });
    const s = queueOf(h, 'q').settings;
    expect([s.deadLetterExchange, s.messageTtl]).toEqual([undefined, 100]);
    expect(seen).toEqual(['policy.set', 'policy.set']);
  });

  test('a policy dead-letter exchange receives expired messages', () => {
    const { h, ch } = setup();
    declareQueue(ch, 'q');
    declareQueue(ch, 'dead');
    setPolicy(h, 'DLX', { 'dead-letter-exchange': '', 'dead-letter-routing-key': 'dead', 'message-ttl': 10 }, { pattern: '^q$' });
    publish(ch, '', 'q', 'late');
    h.clock.advance(50);
    expect(drain(ch, 'dead')).toEqual(['late']);
  });
});

describe('policy errors (texts from rabbitmqctl set_policy on 3.10.8)', () => {
  const cases: { name: string; definition: FieldTable; opts?: PolicyOpts; text: string }[] = [
    { name: 'a negative max-length', definition: { 'max-length': -1 }, text: '-1 is not a valid maximum length' },
    { name: 'a string TTL', definition: { 'message-ttl': 'x' }, text: '<<"x">> is not a valid message TTL' },
    { name: 'a zero expiry', definition: { expires: 0 }, text: '0 is not a valid queue expiry' },
    { name: 'a bad overflow', definition: { overflow: 'x' }, text: '<<"x">> is not a valid overflow value' },
    { name: 'a numeric DLX', definition: { 'dead-letter-exchange': 5 }, text: '5 is not a valid dead letter exchange name' },
    { name: 'a numeric alternate exchange', definition: { 'alternate-exchange': 5 }, text: '5 is not a valid alternate exchange name' },
    { name: 'max-priority (argument only)', definition: { 'max-priority': 5 }, text: '[{<<"max-priority">>,5}] are not recognised policy settings' },
    { name: 'an empty definition', definition: {}, text: 'no policy provided' },
    { name: 'a bad apply-to', definition: { 'max-length': 1 }, opts: { applyTo: 'nope' as never }, text: "apply-to 'nope' unrecognised; should be 'queues', 'exchanges', 'all', 'classic_queues' or 'quorum_queues'" },
    { name: 'a fractional priority', definition: { 'max-length': 1 }, opts: { priority: 1.5 }, text: 'priority 1.5 must be an integer' },
  ];
  test.each(cases)('$name', ({ definition, opts, text }) => {
    const { h } = setup();
    const e = amqpError(() => setPolicy(h, 'bad', definition, opts));
    expect([e.code, e.replyText]).toEqual([406, `PRECONDITION_FAILED - ${text}`]);
    expect(h.broker.vhost('/')?.policies.size).toBe(0);
  });

  test('an invalid pattern names the regex problem', () => {
    const { h } = setup();
    expect(amqpError(() => setPolicy(h, 'bad', { 'max-length': 1 }, { pattern: '([' })).replyText).toMatch(/^PRECONDITION_FAILED - pattern should be regular expression but is invalid: /);
  });

  test('clearing a missing policy is a 404', () => {
    const { h } = setup();
    expect(amqpError(() => h.broker.execute({ type: 'policy.clear', vhost: '/', name: 'none' })).replyText).toBe("NOT_FOUND - Parameter does not exist: no policy 'none' in vhost '/'");
  });

  test('unknown keys are kept and reported as not modelled', () => {
    const { h } = setup();
    setPolicy(h, 'ha', { 'ha-mode': 'all', 'max-length': 3 });
    const p = h.broker.vhost('/')?.policies.get('ha');
    expect(p?.definition).toEqual({ 'ha-mode': 'all', 'max-length': 3 });
    expect(unmodelledKeys(p!.definition)).toEqual(['ha-mode']);
  });
});
