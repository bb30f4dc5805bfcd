import { describe, expect, test, vi } from 'vitest';
import { Channel } from '../../engine/core/channel.ts';
import { group, oneQueue, run, startSim } from './sim-helpers.ts';

const producer = (rate: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ id: 'p', routingKey: 'q', rate, ...extra });
const consumer = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ id: 'c', queue: 'q', ...extra });

describe('simulated consumers', () => {
  describe('delivery', () => {
    test('round-robins over three idle consumers with prefetch 1: exactly a third each, in turn', () => {
      const { sim, advance } = startSim({ topology: oneQueue(), producers: [producer(30, { startAt: '100ms' })], consumers: [consumer({ count: 3, prefetch: 1, processingTime: '20ms' })] });
      const seen: string[] = [];
      for (const c of sim.consumers) {
        const original = c.deliver.bind(c);
        vi.spyOn(c, 'deliver').mockImplementation((tag, dtag, again, msg, props) => {
          seen.push(`${c.ref.name}:${String(props.headers?.['x-sim-seq'])}`);
          original(tag, dtag, again, msg, props);
        });
      }
      advance(10_000);
      expect(sim.consumers.map((c) => c.processed)).toEqual([99, 99, 99]);
      expect(seen.slice(0, 6)).toEqual(['c#1:1', 'c#2:2', 'c#3:3', 'c#1:4', 'c#2:5', 'c#3:6']);
    });

    test('holds at most the consumer prefetch unacked', () => {
      const { sim, advance } = startSim({ topology: oneQueue(), producers: [producer(100)], consumers: [consumer({ prefetch: 3, processingTime: '1s' })] });
      advance(5000);
      const s = sim.snapshot();
      expect(s.queues[0]!.depth!.unacked).toBe(3);
      expect(s.consumers[0]!.state).toMatchObject({ buffered: 2, inFlight: 3 });
    });

    test('holds at most the channel prefetch across the channel', () => {
      const { sim, advance } = startSim({ topology: oneQueue(), producers: [producer(100)], consumers: [consumer({ channelPrefetch: 4, processingTime: '1s' })] });
      advance(3000);
      expect(sim.snapshot().queues[0]!.depth!.unacked).toBe(4);
    });

    test('auto-acks without sending acks', () => {
      const r = run({ topology: oneQueue(), producers: [producer(10)], consumers: [consumer({ autoAck: true })] });
      expect(r.final.total.counts).toMatchObject({ deliverAutoAck: 100, deliverManualAck: 0, ack: 0 });
    });

    test('acks with multiple=true every N messages', () => {
      const ack = vi.spyOn(Channel.prototype, 'ack');
      run({ topology: oneQueue(), producers: [producer(10)], consumers: [consumer({ prefetch: 10, multiAckEvery: 5 })] });
      expect(ack.mock.calls.length).toBe(20);
      expect(ack.mock.calls.every(([, multiple]) => multiple)).toBe(true);
      ack.mockRestore();
    });

    test('is bounded by its processing time and by its rate limit', () => {
      const slow = run({ topology: oneQueue(), producers: [producer(100)], consumers: [consumer({ prefetch: 10, processingTime: '50ms' })] });
      // 50 ms each: 200 fit in 10 s; the last one finishes on the very end.
      expect(group(slow, 'c').processed[0]).toBe(199);
      const limited = run({ topology: oneQueue(), producers: [producer(100)], consumers: [consumer({ prefetch: 10, rateLimit: 10 })] });
      expect(group(limited, 'c').processed[0]).toBeGreaterThanOrEqual(99);
      expect(group(limited, 'c').processed[0]).toBeLessThanOrEqual(100);
    });

    test('stops after its message count', () => {
      const r = run({ topology: oneQueue(), producers: [producer(10)], consumers: [consumer({ messages: 25 })] });
      expect(group(r, 'c').processed).toEqual([25]);
      expect(r.queues[0]!.depth.ready).toBe(75);
    });

    test('polls with basic.get and waits after an empty answer', () => {
      const r = run({ drain: '1s', topology: oneQueue(), producers: [producer(10)], consumers: [consumer({ mode: 'get', pollInterval: '200ms' })] });
      expect(r.final.total.counts).toMatchObject({ getManualAck: 100, ack: 100 });
      expect(r.final.total.counts.getEmpty).toBeGreaterThan(30);
    });

    test('declares its own exclusive queue, which goes away with it', () => {
      const { sim, advance } = startSim({ topology: { exchanges: [{ name: 'f', type: 'fanout' }] }, consumers: [{ id: 'c', ownQueue: { bindings: [{ exchange: 'f' }] }, stopAt: '2s' }] });
      advance(1000);
      const name = sim.consumers[0]!.queueName;
      expect(name).toMatch(/^amq\.gen-/);
      expect(sim.broker.vhost('/')!.queues.get(name)!.exclusiveOwner).toBeDefined();
      advance(2000);
      expect(sim.broker.vhost('/')!.queues.has(name)).toBe(false);
    });
  });

  describe('priorities and single active consumer', () => {
    test('gives messages to the higher-priority consumer while it can take them', () => {
      const r = run({ topology: oneQueue(), producers: [producer(20)], consumers: [{ id: 'hi', queue: 'q', priority: 10, prefetch: 5 }, { id: 'lo', queue: 'q', prefetch: 5 }] });
      expect(group(r, 'hi').processed).toEqual([200]);
      expect(group(r, 'lo').processed).toEqual([0]);
    });

    test('with single active consumer, one instance works until it dies, then another takes over', () => {
      const r = run({
        topology: oneQueue({ 'x-single-active-consumer': true }),
        producers: [producer(10)],
        consumers: [consumer({ count: 2, prefetch: 5 })],
        timeline: [{ at: '5s', action: 'removeConsumer', consumer: 'c' }, { at: '5s', action: 'addConsumer', consumer: { id: 'd', count: 2, queue: 'q' } }],
      });
      expect(group(r, 'c').processed).toEqual([50, 0]);
      expect(group(r, 'd').processed).toEqual([50, 0]);
    });
  });

  describe('failures', () => {
    test('nacks with requeue: redelivered, nothing lost', () => {
      const r = run({ drain: '5s', topology: oneQueue(), producers: [producer(20)], consumers: [consumer({ prefetch: 5, failures: { nackRequeue: 0.3 } })], assertions: [{ type: 'noMessageLost' }] });
      expect(group(r, 'c').consumerNacks).toBeGreaterThan(40);
      expect(r.summary.redelivered).toBe(group(r, 'c').consumerNacks);
      expect(r.summary.acked).toBe(200);
      expect(r.outcome.passed).toBe(true);
    });

    test('rejects to the dead-letter exchange', () => {
      const r = run({
        topology: { exchanges: [{ name: 'dlx', type: 'fanout' }], queues: [{ name: 'q', arguments: { 'x-dead-letter-exchange': 'dlx' } }, { name: 'dlq' }], bindings: [{ source: 'dlx', destination: 'dlq' }] },
        producers: [producer(20)],
        consumers: [consumer({ failures: { rejectToDlx: 0.2 } })],
      });
      const rejected = group(r, 'c').consumerRejects;
      expect(rejected).toBeGreaterThan(20);
      expect(r.queues.find((q) => q.name === 'dlq')!.depth.ready).toBe(rejected);
      expect(r.queues.find((q) => q.name === 'q')!.deadLettered).toBe(rejected);
    });

    test('crashes: the connection drops, unacked messages are redelivered after it reconnects', () => {
      const { sim, advance } = startSim({ topology: oneQueue(), producers: [producer(50)], consumers: [consumer({ prefetch: 10, processingTime: '10ms', failures: { crash: 0.02, reconnectAfter: '1s' } })] });
      const firstConnection = sim.consumers[0]!.state().connectionId;
      advance(20_000);
      const s = sim.snapshot();
      expect(s.consumers[0]!.state!.crashes).toBeGreaterThan(3);
      expect(s.consumers[0]!.state!.connectionId).not.toBe(firstConnection);
      expect(s.total.counts.redelivered).toBeGreaterThan(0);
      expect(s.total.ordering!.byProducer.duplicates).toBe(0);
    });

    test('hangs past the consumer timeout: the broker closes the channel and requeues', () => {
      const r = run({ duration: '30s', broker: { consumerTimeout: '3s' }, topology: oneQueue(), producers: [producer(10)], consumers: [consumer({ prefetch: 5, failures: { hang: 0.02, reconnectAfter: '1s' } })], drain: '20s', assertions: [{ type: 'noMessageLost' }] });
      expect(group(r, 'c').timeouts).toBeGreaterThan(1);
      expect(r.summary.redelivered).toBeGreaterThan(0);
      expect(r.outcome.passed).toBe(true);
    });

    test('loses what an auto-ack consumer held when it crashes', () => {
      const r = run({ drain: '5s', topology: oneQueue(), producers: [producer(100)], consumers: [consumer({ autoAck: true, processingTime: '5ms', failures: { crash: 0.01 } })] });
      expect(r.summary.lost).toBeGreaterThan(0);
      expect(r.summary.ordering.byProducer.gaps).toBeGreaterThan(0);
    });
  });
});
