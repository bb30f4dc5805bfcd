import { describe, expect, test } from 'vitest';
import { formatIssue } from '../../engine/sim/scenario/issues.ts';
import { loadScenario, parseScenario } from '../../engine/sim/scenario/load.ts';

const base = { schemaVersion: 2, name: 't', duration: '10s', topology: { queues: [{ name: 'q' }] } };

function errors(doc: unknown): string[] {
  const r = parseScenario(doc);
  if (r.ok) throw new Error('expected the scenario to be refused');
  return r.issues.map(formatIssue);
}

describe('scenario files', () => {
  describe('validation', () => {
    test('names the exact path of a bad rate', () => {
      const doc = { ...base, producers: [{ id: 'a', rate: 1, routingKey: 'q' }, { id: 'b', rate: 2, routingKey: 'q' }, { id: 'c', rate: -5, routingKey: 'q' }] };
      expect(errors(doc)).toEqual(['producers[2].rate: must be a positive number']);
    });

    test('says a missing field is required', () => {
      expect(errors({ ...base, producers: [{ id: 'a' }] })).toEqual(['producers[0].rate: is required']);
    });

    test('reports unknown fields, bad durations and bad rate types together', () => {
      const doc = { ...base, producers: [{ id: 'a', rate: { type: 'sometimes' } }], consumers: [{ id: 'c', queue: 'q', procesingTime: 5, pollInterval: '5 parsecs' }] };
      expect(errors(doc)).toEqual([
        'producers[0].rate.type: must be a positive number (msg/s) or {type: constant|poisson|burst|ramp|variable}',
        'consumers[0].pollInterval: must be a duration like "500ms", "10s", "5m" or a number of milliseconds (got "5 parsecs")',
        'consumers[0].procesingTime: is not a known field',
      ]);
    });

    test('refuses a PerfTest variable rate that is not RATE:SECONDS', () => {
      expect(errors({ ...base, producers: [{ id: 'a', rate: { type: 'variable', steps: ['100:10', '50'] } }] })).toEqual([
        'producers[0].rate.steps[1]: must be "RATE:SECONDS" like "100:10" (got "50")',
      ]);
    });

    test('refuses failure probabilities that add up past 1', () => {
      const doc = { ...base, consumers: [{ id: 'c', queue: 'q', failures: { nackRequeue: 0.6, crash: 0.6 } }] };
      expect(errors(doc)).toEqual(['consumers[0].failures: the failure probabilities must add up to at most 1']);
    });

    test('refuses multi-ack above the prefetch, which would stall', () => {
      expect(errors({ ...base, consumers: [{ id: 'c', queue: 'q', prefetch: 5, multiAckEvery: 10 }] })[0]).toMatch(/^consumers\[0\]\.multiAckEvery: must not exceed prefetch/);
    });

    test('reports what the broker would refuse at the argument that caused it', () => {
      const doc = { ...base, topology: { queues: [{ name: 'q', arguments: { 'x-overflow': 'sideways' } }] } };
      expect(errors(doc)).toEqual([
        `topology.queues[0].arguments.x-overflow: PRECONDITION_FAILED - invalid arg 'x-overflow' for queue 'q' in vhost '/': invalid_overflow`,
      ]);
    });

    test('checks references between producers, consumers, timeline and assertions', () => {
      const doc = {
        ...base,
        producers: [{ id: 'p', rate: 1, exchange: 'missing' }],
        consumers: [{ id: 'p', queue: 'nope' }],
        timeline: [{ at: '1s', action: 'removeConsumer', consumer: 'ghost' }],
        assertions: [{ type: 'fairShare', consumer: 'ghost' }],
      };
      expect(errors(doc)).toEqual([
        "producers[0].exchange: no exchange 'missing' in vhost '/'",
        'consumers[0].id: "p" is already used by another producer or consumer',
        "consumers[0].queue: no queue 'nope' in vhost '/' (declare it in topology.queues)",
        'timeline[0].consumer: no consumer "ghost" exists at 1000 ms',
        'assertions[0].consumer: no consumer "ghost"',
      ]);
    });

    test('refuses invalid JSON and newer versions', () => {
      expect(errors('{"schemaVersion": 2,')[0]).toMatch(/^is not valid JSON/);
      expect(errors({ ...base, schemaVersion: 99 })).toEqual(['schemaVersion: 99 is newer than this build understands (2); update Brokerlab']);
    });

    test('throws a ScenarioError listing every issue', () => {
      expect(() => loadScenario({ ...base, duration: 0 })).toThrow('duration: must be longer than 0 ms');
    });
  });

  describe('defaults and units', () => {
    test('fills defaults and parses duration strings to milliseconds', () => {
      const s = loadScenario({ ...base, drain: '1.5s', producers: [{ id: 'p', rate: 10, routingKey: 'q' }], consumers: [{ id: 'c', queue: 'q', processingTime: '20ms' }] });
      expect(s.duration).toBe(10_000);
      expect(s.drain).toBe(1500);
      expect(s.producers[0]).toMatchObject({ count: 1, vhost: '/', exchange: '', rate: { type: 'constant', perSecond: 10 }, size: { type: 'fixed', value: 12 } });
      expect(s.consumers[0]).toMatchObject({ prefetch: 0, autoAck: false, multiAckEvery: 1, processingTime: { type: 'fixed', value: 20 } });
    });
  });

  describe('migrations', () => {
    test('migrates a version 1 file to version 2', () => {
      const r = parseScenario({
        schemaVersion: 1,
        name: 'old',
        durationSeconds: 30,
        topology: { queues: [{ name: 'q' }] },
        producers: [{ id: 'p', ratePerSecond: 50, routingKey: 'q' }],
        consumers: [{ id: 'c', queue: 'q', ack: 'auto', processingMs: 5 }],
      });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.migratedFrom).toBe(1);
      expect(r.scenario.duration).toBe(30_000);
      expect(r.scenario.producers[0]!.rate).toEqual({ type: 'constant', perSecond: 50 });
      expect(r.scenario.consumers[0]).toMatchObject({ autoAck: true, processingTime: { type: 'fixed', value: 5 } });
    });
  });
});
