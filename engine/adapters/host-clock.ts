import type { Broker } from '../core/broker.ts';
import { RunnerSimulation } from '../host/sim-port.ts';
import { PacedClock } from './paced-clock.ts';

/**
 * The one clock of a host's broker and its simulations. The broker's TTLs,
 * queue expiry and consumer timeouts must run at the simulation's speed, and
 * stop while it is paused, or a failure lab at 10× would show retries ten
 * times too slow. Between runs the clock runs at 1× from the wall clock's
 * time, so real clients see real time. (AMQP heartbeats stay on the wall
 * clock: the TCP listener gives them their own scheduler.)
 */
export function createHostClock(wallNow: () => number = Date.now): PacedClock {
  const clock = new PacedClock({ speed: 1, startMs: wallNow() });
  clock.resume();
  return clock;
}

/** The host's simulator on the shared clock: a run sets its speed; when it ends the clock is back at 1×, running. */
export function sharedClockSimulation(broker: Broker, clock: PacedClock, seed?: number): RunnerSimulation {
  return new RunnerSimulation({
    broker,
    clock: (speed) => {
      clock.setSpeed(speed);
      return clock;
    },
    release: () => {
      clock.setSpeed(1);
      clock.resume();
    },
    ...(seed !== undefined && { seed }),
  });
}
