/** A simulated broker restart, seen by a real amqplib client over TCP. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SimulationRunner } from '../../engine/sim/runner.ts';
import { loadScenario } from '../../engine/sim/scenario/load.ts';
import { startHarness } from './support/amqp-harness.ts';
import type { Harness } from './support/amqp-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('a broker restart from a simulation', () => {
  test('closes real clients with 320 CONNECTION_FORCED, turns them away while down, and serves them again with what was durable', async () => {
    const scenario = loadScenario({
      schemaVersion: 2,
      name: 'restart',
      duration: '10s',
      topology: { queues: [{ name: 'sim-q' }] },
      producers: [{ id: 'p', routingKey: 'sim-q', rate: 10, persistent: true }],
      consumers: [{ id: 'c', queue: 'sim-q' }],
      timeline: [{ at: '1s', action: 'restartBroker', downtime: '1s' }],
    });
    const runner = new SimulationRunner(scenario, { broker: h.broker });
    runner.start();

    const conn = await h.connect();
    const ch = await conn.createChannel();
    ch.on('error', () => {});
    await ch.assertQueue('amqp-durable', { durable: true });
    await ch.assertQueue('amqp-temp', { durable: false });
    ch.sendToQueue('amqp-durable', Buffer.from('persistent'), { persistent: true });
    ch.sendToQueue('amqp-durable', Buffer.from('transient'));
    ch.sendToQueue('amqp-temp', Buffer.from('persistent in a non-durable queue'), { persistent: true });
    expect((await ch.checkQueue('amqp-durable')).messageCount).toBe(2);
    const closed = new Promise<Error & { code?: number }>((resolve) => conn.on('close', resolve));

    runner.step(1000);
    const err = await closed;
    expect(err.code).toBe(320);
    expect(err.message).toContain("CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'");
    await expect(h.connect()).rejects.toThrow();

    runner.step(1000);
    const again = await (await h.connect()).createChannel();
    again.on('error', () => {});
    expect((await again.checkQueue('amqp-durable')).messageCount).toBe(1);
    const m = await again.get('amqp-durable', { noAck: true });
    expect(m && m.content.toString()).toBe('persistent');
    await expect(again.checkQueue('amqp-temp')).rejects.toThrow(/404/);
    runner.step(2000);
    const report = runner.stop();
    expect(report.timeline).toMatchObject([{ action: 'restartBroker', ok: true }]);
    // The simulated clients came back too.
    expect(report.clients.find((c) => c.id === 'c')!.received).toBeGreaterThan(10);
  });
});
