import { describe, expect, test } from 'vitest';
import type { Message } from '../../engine/core/message.ts';
import { EngineHarness, RecordingSink, declareQueue } from '../support/engine-harness.ts';
import { drain, expectAmqpError, publish, queueOf } from '../support/core-helpers.ts';

/** A sink that also keeps one ordered log of returns and confirms. */
class OrderedSink extends RecordingSink {
  events: string[] = [];
  override returned(code: number, text: string, message: Message): void {
    super.returned(code, text, message);
    this.events.push(`return ${code} ${text}`);
  }
  override confirm(seq: number, multiple: boolean, ack: boolean): void {
    super.confirm(seq, multiple, ack);
    this.events.push(`${ack ? 'ack' : 'nack'} ${seq}`);
  }
}

/** A broker with queue `q` and a channel whose sink keeps the order of events. */
function setup() {
  const h = new EngineHarness();
  const conn = h.connect();
  const sink = new OrderedSink();
  const ch = conn.openChannel(100, sink);
  declareQueue(ch, 'q');
  return { h, ch, sink, conn, q: queueOf(h, 'q') };
}

describe('mandatory publishing', () => {
  test('an unroutable mandatory message comes back as basic.return 312 NO_ROUTE', () => {
    const { ch, sink } = setup();
    publish(ch, 'amq.direct', 'nobody', 'lost', { messageId: 'm1' }, true);
    expect(sink.returns.map((r) => [r.code, r.text, r.message.exchange, r.message.routingKey, r.message.properties.messageId])).toEqual([
      [312, 'NO_ROUTE', 'amq.direct', 'nobody', 'm1'],
    ]);
  });

  test('an unroutable message without mandatory is dropped silently', () => {
    const { ch, sink } = setup();
    publish(ch, 'amq.direct', 'nobody', 'lost');
    expect(sink.returns).toEqual([]);
  });

  test('a routable mandatory message is not returned', () => {
    const { ch, sink } = setup();
    publish(ch, '', 'q', 'm', {}, true);
    expect(sink.returns).toEqual([]);
  });

  // docs/confirms.md §when-publishes-are-confirmed; observed on 3.10.8: return, then ack.
  test('the return is sent before the confirm', () => {
    const { ch, sink } = setup();
    ch.confirmSelect();
    publish(ch, '', 'nowhere', 'x', {}, true);
    publish(ch, '', 'nowhere', 'y', {}, false);
    expect(sink.events).toEqual(['return 312 NO_ROUTE', 'ack 1', 'ack 2']);
  });
});

describe('the result of basic.publish', () => {
  test('says whether a queue kept the message: routed, unroutable, refused by a full queue, in a transaction', () => {
    const { h, ch } = setup();
    const kept = (rk: string): boolean | undefined => ch.publish('', rk, false, {}, new Uint8Array(1)).accepted;
    expect(kept('q')).toBe(true);
    expect(kept('nowhere')).toBe(false);
    declareQueue(ch, 'full', { 'x-max-length': 1, 'x-overflow': 'reject-publish' });
    expect(kept('full')).toBe(true);
    expect(kept('full')).toBe(false);
    const rpc = h.channel();
    rpc.ch.consume('amq.rabbitmq.reply-to', 'rpc', true, false, {});
    expect(kept(rpc.ch.replyTo!)).toBe(true);
    ch.txSelect();
    expect(kept('q')).toBeUndefined();
  });
});

describe('publisher confirms', () => {
  test('number publishes from 1 and ack each one exactly once', () => {
    const { ch, sink } = setup();
    ch.confirmSelect();
    const seqs = [publish(ch, '', 'q'), publish(ch, '', 'nowhere'), publish(ch, '', 'q')];
    expect(seqs).toEqual([1, 2, 3]);
    expect(sink.confirms).toEqual([1, 2, 3].map((seq) => ({ seq, multiple: false, ack: true })));
  });

  test('number each channel on its own', () => {
    const { h, ch, conn } = setup();
    const other = h.channel(conn);
    ch.confirmSelect();
    other.ch.confirmSelect();
    publish(ch, '', 'q');
    publish(ch, '', 'q');
    expect(publish(other.ch, '', 'q')).toBe(1);
  });

  test('outside confirm mode publish returns 0 and sends no confirm', () => {
    const { ch, sink } = setup();
    expect(publish(ch, '', 'q')).toBe(0);
    expect(sink.confirms).toEqual([]);
  });

  test('confirm.select twice is harmless and keeps the sequence', () => {
    const { ch } = setup();
    ch.confirmSelect();
    publish(ch, '', 'q');
    ch.confirmSelect();
    expect(publish(ch, '', 'q')).toBe(2);
  });

  test('a publish refused with a channel error gets no confirm', () => {
    const { ch, sink } = setup();
    ch.confirmSelect();
    expectAmqpError(() => publish(ch, 'missing', 'k'), 404, 'channel', "NOT_FOUND - no exchange 'missing' in vhost '/'");
    expect(sink.confirms).toEqual([]);
  });

  test('a message refused by reject-publish is nacked, the next accepted one acked', () => {
    const { h, ch, sink } = setup();
    declareQueue(ch, 'tiny', { 'x-max-length': 1, 'x-overflow': 'reject-publish' });
    ch.confirmSelect();
    for (let i = 0; i < 3; i++) publish(ch, '', 'tiny');
    h.channel().ch.get('tiny', true);
    publish(ch, '', 'tiny');
    expect(sink.events).toEqual(['ack 1', 'nack 2', 'nack 3', 'ack 4']);
    expect(ch.counters.publisherNacked).toBe(2);
  });
});

describe('transactions', () => {
  test('publishes are invisible until tx.commit', () => {
    const { ch, q } = setup();
    ch.txSelect();
    publish(ch, '', 'q', 'a');
    publish(ch, '', 'q', 'b');
    expect(q.messageCount).toBe(0);
    ch.txCommit();
    expect(drain(ch, 'q')).toEqual(['a', 'b']);
  });

  test('tx.rollback discards the pending publishes', () => {
    const { ch, q } = setup();
    ch.txSelect();
    publish(ch, '', 'q', 'a');
    ch.txRollback();
    ch.txCommit();
    expect(q.messageCount).toBe(0);
  });

  // Observed on 3.10.8: the return for an unroutable mandatory message comes at commit.
  test('a mandatory unroutable message is returned at commit', () => {
    const { ch, sink } = setup();
    ch.txSelect();
    publish(ch, '', 'nowhere', 'lost', {}, true);
    expect(sink.returns).toEqual([]);
    ch.txCommit();
    expect(sink.events).toEqual(['return 312 NO_ROUTE']);
  });

  test('acks take effect at commit', () => {
    const { ch, q } = setup();
    publish(ch, '', 'q', 'a');
    const r = ch.get('q', false)!;
    ch.txSelect();
    ch.ack(r.deliveryTag, false);
    expect(q.unacked).toBe(1);
    ch.txCommit();
    expect(q.unacked).toBe(0);
  });

  // Observed on 3.10.8: a requeueing nack in a transaction requeues only at commit.
  test('nacks with requeue take effect at commit', () => {
    const { ch, q } = setup();
    publish(ch, '', 'q', 'a');
    const r = ch.get('q', false)!;
    ch.txSelect();
    ch.nack(r.deliveryTag, false, true);
    expect(q.messageCount).toBe(0);
    ch.txCommit();
    expect(q.messageCount).toBe(1);
  });

  // Observed on 3.10.8: after a rollback the acked message is unacked again and can be acked.
  test('tx.rollback undoes pending acks: the deliveries are unacked again', () => {
    const { ch, q } = setup();
    publish(ch, '', 'q', 'a');
    publish(ch, '', 'q', 'b');
    const a = ch.get('q', false)!;
    ch.txSelect();
    ch.ack(a.deliveryTag, false);
    publish(ch, '', 'q', 'c');
    ch.txRollback();
    expect([q.messageCount, q.unacked]).toEqual([1, 1]);
    ch.ack(a.deliveryTag, false);
    ch.txCommit();
    expect([q.messageCount, q.unacked]).toEqual([1, 0]);
  });

  // Observed on 3.10.8: the second ack fails at once, not at commit.
  test('acking one tag twice in a transaction is a 406 straight away', () => {
    const { ch } = setup();
    publish(ch, '', 'q', 'a');
    const a = ch.get('q', false)!;
    ch.txSelect();
    ch.ack(a.deliveryTag, false);
    expectAmqpError(() => ch.ack(a.deliveryTag, false), 406, 'channel', 'PRECONDITION_FAILED - unknown delivery tag 1');
  });

  test('a closed channel drops its pending transaction', () => {
    const { h, ch } = setup();
    ch.txSelect();
    publish(ch, '', 'q', 'a');
    ch.close();
    expect(queueOf(h, 'q').messageCount).toBe(0);
  });

  test('tx.select twice is harmless', () => {
    const { ch } = setup();
    ch.txSelect();
    expect(() => ch.txSelect()).not.toThrow();
  });

  // Every wording below observed on RabbitMQ 3.10.8.
  test.each<[string, (ch: ReturnType<typeof setup>['ch']) => void, string]>([
    ['tx.select on a confirm channel', (ch) => (ch.confirmSelect(), ch.txSelect()), 'cannot switch from confirm to tx mode'],
    ['confirm.select on a transactional channel', (ch) => (ch.txSelect(), ch.confirmSelect()), 'cannot switch from tx to confirm mode'],
    ['tx.commit without tx.select', (ch) => ch.txCommit(), 'channel is not transactional'],
    ['tx.rollback without tx.select', (ch) => ch.txRollback(), 'channel is not transactional'],
  ])('%s is a 406', (_t, run, detail) => {
    const { ch } = setup();
    expectAmqpError(() => run(ch), 406, 'channel', `PRECONDITION_FAILED - ${detail}`);
  });
});

describe('publish checks', () => {
  test('a user_id property other than the authenticated user is a 406', () => {
    const h = new EngineHarness();
    const { ch } = h.channel(h.connect('guest'));
    expectAmqpError(() => publish(ch, '', 'q', 'm', { userId: 'mallory' }), 406, 'channel',
      "PRECONDITION_FAILED - user_id property set to 'mallory' but authenticated user was 'guest'");
  });

  test('a user_id equal to the authenticated user is accepted', () => {
    const h = new EngineHarness();
    const { ch } = h.channel(h.connect('guest'));
    expect(() => publish(ch, 'amq.direct', 'k', 'm', { userId: 'guest' })).not.toThrow();
  });

  test('a 255-byte routing key routes', () => {
    const { h, ch, q } = setup();
    const key = 'k'.repeat(255);
    h.broker.execute({ type: 'binding.add', vhost: '/', source: 'amq.direct', destination: 'q', destinationType: 'queue', routingKey: key, arguments: {} });
    publish(ch, 'amq.direct', key);
    expect(q.messageCount).toBe(1);
  });
});
