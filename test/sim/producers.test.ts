import { describe, expect, test } from 'vitest';
import type { BasicProperties } from '../../engine/core/message.ts';
import { SeededRandom } from '../../engine/core/random.ts';
import { rateModel } from '../../engine/sim/rate-model.ts';
import { RoutingKeyTemplate } from '../../engine/sim/routing-key-template.ts';
import { oneQueue, run, startSim } from './sim-helpers.ts';

const producer = (extra: Record<string, unknown>): Record<string, unknown> => ({ id: 'p', routingKey: 'q', ...extra });
const sent = (r: ReturnType<typeof run>): number[] => r.seconds.map((l) => l.sent);

/** Due times (ms) of the first n messages of a rate model. */
function dues(spec: Parameters<typeof rateModel>[0], n: number): number[] {
  const m = rateModel(spec, new SeededRandom(1));
  return Array.from({ length: n }, () => m.next());
}

describe('simulated producers', () => {
  describe('rates', () => {
    test('publishes at a constant rate', () => {
      const r = run({ topology: oneQueue(), producers: [producer({ rate: 25 })] });
      expect(r.summary.published).toBe(250);
      expect(new Set(sent(r))).toEqual(new Set([25]));
    });

    test('publishes with Poisson arrivals around the mean rate', () => {
      const r = run({ duration: '60s', topology: oneQueue(), producers: [producer({ rate: { type: 'poisson', perSecond: 50 } })] });
      expect(r.summary.published).toBeGreaterThan(2700);
      expect(r.summary.published).toBeLessThan(3300);
      expect(new Set(sent(r)).size).toBeGreaterThan(5);
    });

    test('publishes bursts at once, with a steady rate between them', () => {
      expect(dues({ type: 'burst', size: 3, every: 1000, perSecond: 2 }, 9)).toEqual([0, 0, 0, 500, 1000, 1000, 1000, 1000, 1500]);
      const r = run({ topology: oneQueue(), producers: [producer({ rate: { type: 'burst', size: 50, every: '2s' } })] });
      expect(r.summary.published).toBe(250);
      expect(Math.max(...sent(r))).toBe(50);
    });

    test('ramps linearly, then holds the final rate', () => {
      const d = dues({ type: 'ramp', from: 0, to: 100, over: 10_000 }, 501);
      expect(d[0]).toBe(0);
      expect(d[499]! < 10_000 && d[500]! >= 10_000).toBe(true);
      const r = run({ duration: '12s', topology: oneQueue(), producers: [producer({ rate: { type: 'ramp', from: 0, to: 100, over: '10s' } })] });
      expect(r.summary.published).toBe(700);
      expect(r.seconds[0]!.sent).toBeLessThan(r.seconds[8]!.sent);
    });

    test("cycles through PerfTest's RATE:SECONDS steps", () => {
      const r = run({ topology: oneQueue(), producers: [producer({ rate: { type: 'variable', steps: ['100:1', '0:1'] } })] });
      expect(r.summary.published).toBe(500);
      expect(sent(r)).toEqual([100, 0, 100, 0, 100, 0, 100, 0, 100, 0]);
    });

    test('changes rate on a timeline setRate', () => {
      const r = run({ topology: oneQueue(), producers: [producer({ rate: 10 })], timeline: [{ at: '5s', action: 'setRate', producer: 'p', rate: 100 }] });
      expect(r.summary.published).toBe(550);
    });
  });

  describe('messages', () => {
    test('sends fixed sizes, or sizes from a distribution', () => {
      const fixed = run({ topology: oneQueue(), producers: [producer({ rate: 10, size: 1000 })] });
      expect(fixed.final.producers[0]!.counts.bytesIn).toBe(100_000);
      const varied = run({ topology: oneQueue(), producers: [producer({ rate: 10, size: { type: 'uniform', min: 100, max: 300 } })] });
      const bytes = varied.final.producers[0]!.counts.bytesIn;
      expect(bytes).toBeGreaterThan(17_000);
      expect(bytes).toBeLessThan(23_000);
    });

    test('renders routing-key templates with random parts', () => {
      const r = new SeededRandom(3);
      expect(new RoutingKeyTemplate('orders.created', 1).constant).toBe('orders.created');
      expect(new RoutingKeyTemplate('p{instance}.{seq}', 2).render(r, 7)).toBe('p2.7');
      expect(new RoutingKeyTemplate('x.{hex:6}', 1).render(r, 1)).toMatch(/^x\.[0-9a-f]{6}$/);
      expect(new RoutingKeyTemplate('{uuid}', 1).render(r, 1)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const keys = new Set(Array.from({ length: 200 }, () => new RoutingKeyTemplate('{eu|us}.{int:1-3}', 1).render(r, 1)));
      expect([...keys].sort()).toEqual(['eu.1', 'eu.2', 'eu.3', 'us.1', 'us.2', 'us.3']);
      expect(new RoutingKeyTemplate('{unknown}', 1).constant).toBe('{unknown}');
    });

    test('stamps producer id, sequence and publish time, plus the configured properties', () => {
      const { sim, advance } = startSim({
        topology: oneQueue({ 'x-max-priority': 5 }),
        producers: [producer({ rate: 10, headers: { tenant: 'acme' }, priority: 3, expiration: '1m', persistent: true, contentType: 'application/json', routingKey: 'q' })],
      });
      advance(1000);
      const q = sim.broker.vhost('/')!.queues.get('q')!;
      const entries = q.ready.peekMany(3);
      const props: BasicProperties = entries[1]!.msg.properties;
      expect(props).toMatchObject({ deliveryMode: 2, priority: 3, expiration: '60000', contentType: 'application/json' });
      expect(props.headers).toEqual({ tenant: 'acme', 'x-sim-producer': 0, 'x-sim-seq': 2, 'x-sim-ts': 100 });
    });

    test('counts mandatory messages that come back unroutable, and does not call them lost', () => {
      const r = run({ topology: { exchanges: [{ name: 'x', type: 'direct' }] }, producers: [{ id: 'p', exchange: 'x', routingKey: 'nowhere', rate: 10, mandatory: true }], assertions: [{ type: 'noMessageLost' }] });
      expect(group(r, 'p').returned).toBe(100);
      expect(r.summary.returned).toBe(100);
      expect(r.outcome.passed).toBe(true);
    });

    test('stops after its message count, and runs between startAt and stopAt', () => {
      expect(run({ topology: oneQueue(), producers: [producer({ rate: 100, messages: 7 })] }).summary.published).toBe(7);
      expect(run({ topology: oneQueue(), producers: [producer({ rate: 10, startAt: '2s', stopAt: '5s' })] }).summary.published).toBe(30);
    });
  });

  describe('publisher confirms', () => {
    test('keeps at most maxUnconfirmed in flight and measures confirm latency', () => {
      const { sim, advance } = startSim({ topology: { queues: [{ name: 'q', durable: true }] }, producers: [producer({ rate: 1000, persistent: true, confirm: { maxUnconfirmed: 5 } })] });
      // A store that syncs every 100 ms, so confirms wait for it.
      let pending: (() => void)[] = [];
      sim.broker.store = { persisted() {}, unpersisted() {}, afterSync: (fn) => void pending.push(fn) };
      const flush = (): void => {
        const fns = pending;
        pending = [];
        for (const f of fns) f();
        sim.scheduler.setTimeout(flush, 100);
      };
      sim.scheduler.setTimeout(flush, 100);
      advance(2000);
      const p = sim.producers[0]!;
      expect(p.state().inFlight).toBeLessThanOrEqual(5);
      expect(p.counters.published).toBeLessThanOrEqual(105);
      expect(p.counters.published).toBeGreaterThanOrEqual(95);
      const s = sim.snapshot().producers[0]!.latency!.confirm!.total;
      expect(s.count).toBe(p.counters.confirmed);
      expect(s.max).toBeLessThanOrEqual(100);
      expect(s.p50).toBeGreaterThan(0);
    });

    test('counts basic.nack when a queue refuses a message', () => {
      const r = run({ topology: oneQueue({ 'x-max-length': 10, 'x-overflow': 'reject-publish' }), producers: [producer({ rate: 10, confirm: {} })], assertions: [{ type: 'noMessageLost' }] });
      expect(group(r, 'p').nacked).toBe(90);
      expect(group(r, 'p').confirmed).toBe(10);
      expect(r.outcome.passed).toBe(true);
    });
  });

  test('makes RPC calls through direct reply-to and measures the round trip', () => {
    const r = run({ topology: oneQueue(), producers: [producer({ rate: 5, rpc: true })], consumers: [{ id: 's', queue: 'q', reply: true, processingTime: '40ms' }] });
    expect(r.summary.rpcLatency).toMatchObject({ count: 50, min: 40, max: 40 });
  });
});

function group(r: ReturnType<typeof run>, id: string): ReturnType<typeof run>['clients'][number] {
  return r.clients.find((c) => c.id === id)!;
}
