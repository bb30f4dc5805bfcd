import { describe, expect, test } from 'vitest';
import { EngineHarness, declareQueue, text } from '../support/engine-harness.ts';

describe('round-robin', () => {
  // Observed on RabbitMQ 3.10.8 with amqplib: c1 takes m1, c2 and c3 subscribe,
  // m2 goes to c2 (c1 is full), c1 acks, m3 goes to c3, not back to c1.
  test('a consumer skipped at its prefetch limit rejoins behind the others when it acks', () => {
    const h = new EngineHarness();
    const { ch: setup } = h.channel();
    declareQueue(setup, 'work');
    const consumers = ['c1', 'c2', 'c3'].map((tag) => {
      const { ch, sink } = h.channel();
      ch.qos(0, 1, false);
      return { tag, ch, sink };
    });
    const order: string[] = [];
    const [c1, c2, c3] = consumers as [(typeof consumers)[0], (typeof consumers)[0], (typeof consumers)[0]];
    for (const c of consumers) c.sink.onDeliver = (d) => order.push(`${d.consumerTag}:${d.body}`);
    c1.ch.consume('work', 'c1', false, false, {});
    setup.publish('', 'work', false, {}, text('m1'));
    c2.ch.consume('work', 'c2', false, false, {});
    c3.ch.consume('work', 'c3', false, false, {});
    setup.publish('', 'work', false, {}, text('m2'));
    c1.ch.ack(c1.sink.deliveries[0]!.deliveryTag, false);
    setup.publish('', 'work', false, {}, text('m3'));
    expect(order).toEqual(['c1:m1', 'c2:m2', 'c3:m3']);
  });
});
