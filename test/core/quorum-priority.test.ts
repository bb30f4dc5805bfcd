import { describe, expect, test } from 'vitest';
import { EngineHarness, declareQueue } from '../support/engine-harness.ts';
import { drain, publish, queueOf } from '../support/core-helpers.ts';

/**
 * Message priorities on quorum queues, RabbitMQ 4.0-4.2: always on (no
 * x-max-priority), two levels: above 4 is high, 0-4 or none is normal. While
 * both levels have messages, two high go out for every normal one; on the
 * normal turn a high message still goes first if it was enqueued earlier
 * (rabbit_fifo_q in rabbitmq-server 4.x; the 4.0 release notes). Debian's
 * RabbitMQ 3.10.8 has no quorum priorities to compare with.
 */
function quorumWith(msgs: [string, number | undefined][]) {
  const h = new EngineHarness();
  const { ch } = h.channel();
  declareQueue(ch, 'qq', { 'x-queue-type': 'quorum' }, { durable: true });
  for (const [body, priority] of msgs) publish(ch, '', 'qq', body, priority === undefined ? {} : { priority });
  return { h, ch };
}

describe('quorum queue message priorities', () => {
  test('two high for every normal one while both wait, so normal messages are never starved', () => {
    const { ch } = quorumWith([['n1', undefined], ['n2', 4], ['n3', 0], ['h1', 5], ['h2', 9], ['h3', 255], ['h4', 5], ['h5', 6], ['h6', 7]]);
    expect(drain(ch, 'qq')).toEqual(['h1', 'h2', 'n1', 'h3', 'h4', 'n2', 'h5', 'h6', 'n3']);
  });

  test('on the normal turn, a high message enqueued earlier still goes first', () => {
    const { ch } = quorumWith([['h1', 9], ['h2', 9], ['h3', 9], ['n1', 1], ['h4', 9]]);
    expect(drain(ch, 'qq')).toEqual(['h1', 'h2', 'h3', 'h4', 'n1']);
  });

  test('priorities 0 to 4 and none are one level, in order; so are all above 4', () => {
    expect(drain(quorumWith([['a', 4], ['b', undefined], ['c', 0], ['d', 2]]).ch, 'qq')).toEqual(['a', 'b', 'c', 'd']);
    expect(drain(quorumWith([['a', 5], ['b', 200], ['c', 9]]).ch, 'qq')).toEqual(['a', 'b', 'c']);
  });

  test('peeking (the message browser) shows the delivery order and does not change it', () => {
    const { h, ch } = quorumWith([['n1', undefined], ['n2', undefined], ['h1', 8], ['h2', 8], ['h3', 8]]);
    ch.get('qq', true); // h1: the next turn is the second high one
    const peeked = queueOf(h, 'qq').ready.peekMany(10).map((e) => Buffer.from(e.msg.body).toString());
    expect(peeked).toEqual(['h2', 'n1', 'h3', 'n2']);
    expect(queueOf(h, 'qq').ready.peekMany(10).map((e) => Buffer.from(e.msg.body).toString())).toEqual(peeked);
    expect(drain(ch, 'qq')).toEqual(peeked);
  });

  test('a classic queue without x-max-priority still ignores priorities', () => {
    const h = new EngineHarness();
    const { ch } = h.channel();
    declareQueue(ch, 'cq');
    publish(ch, '', 'cq', 'low', { priority: 1 });
    publish(ch, '', 'cq', 'high', { priority: 9 });
    expect(drain(ch, 'cq')).toEqual(['low', 'high']);
  });
});
