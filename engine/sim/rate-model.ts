import type { Random } from '../core/random.ts';
import { exponential } from './random-streams.ts';
import type { RateSpec } from './scenario/schema-rate.ts';

/**
 * When a producer's messages are due. `next()` returns the due time of the
 * next message in ms from the model's start (Infinity: never again).
 * Deterministic shapes compute the k-th due time from a closed form, so long
 * runs do not drift.
 */
export interface RateModel {
  next(): number;
}

/** The k-th (0-based) message is due when the expected count N(t) reaches k. */
class ClosedForm implements RateModel {
  private k = 0;
  constructor(private readonly dueAt: (k: number) => number) {}
  next(): number {
    return this.dueAt(this.k++);
  }
}

/** Linear ramp from `from` to `to` msg/s over `overMs`, then steady at `to`. */
function rampDue(from: number, to: number, overMs: number): (k: number) => number {
  const T = overMs / 1000;
  const nT = ((from + to) / 2) * T;
  return (k) => {
    if (k >= nT) return to > 0 ? (T + (k - nT) / to) * 1000 : Infinity;
    if (to === from) return (k / from) * 1000;
    const a = (to - from) / T;
    const tau = (-from + Math.sqrt(from * from + 2 * a * k)) / a;
    return tau * 1000;
  };
}

/** PerfTest's `-vr RATE:SECONDS` steps, repeated in a cycle. */
function variableDue(steps: readonly { perSecond: number; seconds: number }[]): (k: number) => number {
  const perCycle = steps.reduce((n, s) => n + s.perSecond * s.seconds, 0);
  const cycleMs = steps.reduce((n, s) => n + s.seconds * 1000, 0);
  return (k) => {
    const cycles = Math.floor(k / perCycle);
    let rem = k - cycles * perCycle;
    let t = cycles * cycleMs;
    for (const s of steps) {
      const n = s.perSecond * s.seconds;
      if (rem < n) return t + (rem / s.perSecond) * 1000;
      rem -= n;
      t += s.seconds * 1000;
    }
    return t;
  };
}

/** Bursts of `size` at once every `everyMs`, with an optional steady rate in between. */
class Bursts implements RateModel {
  private burstAt = 0;
  private left: number;
  private steadyK = 1;
  constructor(
    private readonly size: number,
    private readonly everyMs: number,
    private readonly perSecond: number,
  ) {
    this.left = size;
  }
  next(): number {
    const steadyAt = this.perSecond > 0 ? (this.steadyK * 1000) / this.perSecond : Infinity;
    if (this.left === 0) {
      this.burstAt += this.everyMs;
      this.left = this.size;
    }
    if (steadyAt < this.burstAt) {
      this.steadyK++;
      return steadyAt;
    }
    this.left--;
    return this.burstAt;
  }
}

class Poisson implements RateModel {
  private t = 0;
  constructor(
    private readonly meanMs: number,
    private readonly random: Random,
  ) {}
  next(): number {
    const at = this.t;
    this.t += exponential(this.random, this.meanMs);
    return at;
  }
}

/** Build the model for a rate spec; `random` feeds the Poisson shape. */
export function rateModel(spec: RateSpec, random: Random): RateModel {
  switch (spec.type) {
    case 'constant':
      return new ClosedForm((k) => (k * 1000) / spec.perSecond);
    case 'poisson':
      return new Poisson(1000 / spec.perSecond, random);
    case 'burst':
      return new Bursts(spec.size, spec.every, spec.perSecond);
    case 'ramp':
      return new ClosedForm(rampDue(spec.from, spec.to, spec.over));
    case 'variable':
      return new ClosedForm(variableDue(spec.steps));
  }
}
