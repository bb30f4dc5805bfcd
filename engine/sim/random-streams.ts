import type { Random } from '../core/random.ts';
import { SeededRandom } from '../core/random.ts';
import type { Distribution } from './scenario/schema-common.ts';

/** FNV-1a over a label, mixed with the run's seed: one independent stream per client. */
export function streamSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A seeded random stream for one named part of a run (`producer:p#2`).
 * Separate streams keep each client's choices the same when other clients
 * are added or removed.
 */
export function randomStream(seed: number, label: string): SeededRandom {
  return new SeededRandom(streamSeed(seed, label));
}

/** A standard normal sample (Box-Muller). */
function gaussian(r: Random): number {
  const u = 1 - r.next();
  const v = r.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** An exponential sample with the given mean. */
export function exponential(r: Random, mean: number): number {
  return -Math.log(1 - r.next()) * mean;
}

/** One sample of a distribution (never negative). Fixed values draw nothing, so they cost no randomness. */
export function sample(d: Distribution, r: Random): number {
  switch (d.type) {
    case 'fixed':
      return d.value;
    case 'uniform':
      return d.min + (d.max - d.min) * r.next();
    case 'normal': {
      let v = d.mean + d.stddev * gaussian(r);
      if (d.min !== undefined && v < d.min) v = d.min;
      if (d.max !== undefined && v > d.max) v = d.max;
      return v < 0 ? 0 : v;
    }
    case 'exponential':
      return exponential(r, d.mean);
    case 'lognormal':
      return d.median * Math.exp(d.sigma * gaussian(r));
    case 'choice': {
      const w = d.weights;
      if (w === undefined) return d.values[Math.floor(r.next() * d.values.length)]!;
      const total = w.reduce((a, b) => a + b, 0);
      let x = r.next() * total;
      for (let i = 0; i < d.values.length; i++) {
        x -= w[i]!;
        if (x < 0) return d.values[i]!;
      }
      return d.values[d.values.length - 1]!;
    }
  }
}
