import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { sharedClockSimulation } from '../../engine/adapters/host-clock.ts';
import { PacedClock } from '../../engine/adapters/paced-clock.ts';
import { Broker } from '../../engine/core/broker.ts';

const hello = JSON.parse(readFileSync(new URL('../../engine/sim/examples/tutorial-1-hello-world.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('the host clock', () => {
  let clock: PacedClock | undefined;
  afterEach(() => clock?.pause());

  function setup(): { clock: PacedClock; broker: Broker; sim: ReturnType<typeof sharedClockSimulation> } {
    // A frozen wall clock: nothing advances unless the test steps it.
    clock = new PacedClock({ speed: 1, startMs: 1_000_000, wallNow: () => 0 });
    clock.resume();
    const broker = new Broker({ scheduler: clock.scheduler });
    return { clock, broker, sim: sharedClockSimulation(broker, clock) };
  }

  test('a simulation run drives the broker clock: its speed and pauses are the broker’s', () => {
    const { clock, sim } = setup();
    sim.load(hello);
    sim.speed(10);
    expect(clock.speed).toBe(10);
    sim.start();
    sim.pause();
    expect(clock.paused).toBe(true);
  });

  test('when a run is unloaded the clock runs again at 1×, so real clients see real time', () => {
    const { clock, sim } = setup();
    sim.load(hello);
    sim.speed(25);
    sim.start();
    sim.pause();
    sim.close();
    expect(clock.paused).toBe(false);
    expect(clock.speed).toBe(1);
  });

  test('broker TTLs run on the simulation’s time: a stepped run expires messages', () => {
    const { broker, sim } = setup();
    broker.execute({ type: 'queue.declare', vhost: '/', name: 'ttl', durable: false, exclusive: false, autoDelete: false, arguments: { 'x-message-ttl': 5000 } });
    const conn = broker.connect({ user: '', vhost: '/', kind: 'internal' });
    const ch = conn.openChannel(1, { deliver() {}, returned() {}, confirm() {}, cancelled() {}, closedByBroker() {} });
    ch.publish('', 'ttl', false, {}, new Uint8Array(1));
    sim.load(hello);
    sim.step(6000);
    expect(broker.vhost('/')!.queues.get('ttl')!.messageCount).toBe(0);
    expect(broker.vhost('/')!.queues.get('ttl')!.counters.expired).toBe(1);
  });
});
