import type { LatencyStats } from './snapshot-types.ts';

/*
 * HDR-style log-linear buckets over integer microseconds: values below 128 µs
 * are exact; above, each power of two is split into 64 buckets, so a bucket
 * is at most 1/64 (about 1.6%) of its value wide. 2304 buckets reach 2^40 µs
 * (12 days). Recording is a few integer operations and one array increment.
 */
const SUB = 128;
const HALF = 64;
const BUCKETS = SUB + 34 * HALF;
const MAX_US = 2 ** 40 - 1;

function indexOf(us: number): number {
  if (us < SUB) return us;
  const exp = (us < 2 ** 31 ? 31 - Math.clz32(us) : Math.floor(Math.log2(us))) - 6;
  return SUB + (exp - 1) * HALF + (Math.floor(us / 2 ** exp) - HALF);
}

const PERCENTILES = [0.5, 0.75, 0.95, 0.99] as const;

/** Round µs to ms with three decimals (µs precision), so reports stay short and stable. */
const toMs = (us: number): number => Math.round(us) / 1000;

/**
 * A latency histogram in milliseconds, with exact min, max and mean. Each
 * bucket also keeps the sum of its values, and a percentile reports the mean
 * of its bucket: exact when the bucket's values are equal (common with fixed
 * simulated delays), within the bucket's width otherwise.
 */
export class LatencyHistogram {
  readonly counts = new Float64Array(BUCKETS);
  readonly sums = new Float64Array(BUCKETS);
  count = 0;
  sumUs = 0;
  minUs = Infinity;
  maxUs = 0;
  /** Lowest and highest buckets touched, to bound scans and resets. */
  private lo = BUCKETS;
  private hi = -1;

  /** Record one latency, in ms (negative values count as 0). */
  record(ms: number): void {
    let us = Math.round(ms * 1000);
    if (!(us > 0)) us = 0;
    else if (us > MAX_US) us = MAX_US;
    const i = indexOf(us);
    this.counts[i]!++;
    this.sums[i]! += us;
    this.count++;
    this.sumUs += us;
    if (us < this.minUs) this.minUs = us;
    if (us > this.maxUs) this.maxUs = us;
    if (i < this.lo) this.lo = i;
    if (i > this.hi) this.hi = i;
  }

  /** Add another histogram's samples to this one. */
  add(o: LatencyHistogram): void {
    if (o.count === 0) return;
    for (let i = o.lo; i <= o.hi; i++) {
      this.counts[i]! += o.counts[i]!;
      this.sums[i]! += o.sums[i]!;
    }
    this.count += o.count;
    this.sumUs += o.sumUs;
    if (o.minUs < this.minUs) this.minUs = o.minUs;
    if (o.maxUs > this.maxUs) this.maxUs = o.maxUs;
    if (o.lo < this.lo) this.lo = o.lo;
    if (o.hi > this.hi) this.hi = o.hi;
  }

  reset(): void {
    if (this.hi >= this.lo) {
      this.counts.fill(0, this.lo, this.hi + 1);
      this.sums.fill(0, this.lo, this.hi + 1);
    }
    this.count = 0;
    this.sumUs = 0;
    this.minUs = Infinity;
    this.maxUs = 0;
    this.lo = BUCKETS;
    this.hi = -1;
  }

  /** Percentiles of this histogram, or of it together with `extra` (without merging them). */
  stats(extra?: LatencyHistogram): LatencyStats {
    const n = this.count + (extra?.count ?? 0);
    if (n === 0) return emptyLatencyStats();
    const lo = Math.min(this.lo, extra?.lo ?? BUCKETS);
    const hi = Math.max(this.hi, extra?.hi ?? -1);
    const min = Math.min(this.minUs, extra?.minUs ?? Infinity);
    const max = Math.max(this.maxUs, extra?.maxUs ?? 0);
    const at: number[] = [];
    let seen = 0;
    let p = 0;
    for (let i = lo; i <= hi && p < PERCENTILES.length; i++) {
      const c = this.counts[i]! + (extra ? extra.counts[i]! : 0);
      if (c === 0) continue;
      seen += c;
      const mean = (this.sums[i]! + (extra ? extra.sums[i]! : 0)) / c;
      while (p < PERCENTILES.length && seen >= Math.ceil(PERCENTILES[p]! * n)) {
        at.push(Math.min(max, Math.max(min, mean)));
        p++;
      }
    }
    while (at.length < PERCENTILES.length) at.push(max);
    return {
      count: n,
      min: toMs(min),
      mean: toMs((this.sumUs + (extra?.sumUs ?? 0)) / n),
      p50: toMs(at[0]!),
      p75: toMs(at[1]!),
      p95: toMs(at[2]!),
      p99: toMs(at[3]!),
      max: toMs(max),
    };
  }
}

export function emptyLatencyStats(): LatencyStats {
  return { count: 0, min: 0, mean: 0, p50: 0, p75: 0, p95: 0, p99: 0, max: 0 };
}
