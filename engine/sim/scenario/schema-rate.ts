import { z } from 'zod';
import { duration, err, nonNegativeNumber, positiveDuration, positiveInt, positiveNumber, text } from './schema-common.ts';

/** One step of PerfTest's `--variable-rate RATE:SECONDS`: publish at `perSecond` for `seconds`. */
const variableStep = z.union([
  text.transform((s, ctx) => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(s);
    if (!m || Number(m[2]) <= 0) {
      ctx.addIssue({ code: 'custom', message: `must be "RATE:SECONDS" like "100:10" (got "${s}")` });
      return z.NEVER;
    }
    return { perSecond: Number(m[1]), seconds: Number(m[2]) };
  }),
  z.strictObject({ perSecond: nonNegativeNumber, seconds: positiveNumber }),
], { error: err('must be "RATE:SECONDS" like "100:10" or {perSecond, seconds}') });

/**
 * How often a producer publishes. A bare number is a constant rate in msg/s.
 * `variable` cycles through its steps, as PerfTest's repeated `-vr` flags do.
 */
export const rateObject = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('constant'), perSecond: positiveNumber }),
    z.strictObject({ type: z.literal('poisson'), perSecond: positiveNumber }),
    z.strictObject({
      type: z.literal('burst'),
      /** Messages published at once, every `every`. */
      size: positiveInt,
      every: positiveDuration,
      /** A steady rate between bursts (default none). */
      perSecond: nonNegativeNumber.default(0),
    }),
    z.strictObject({ type: z.literal('ramp'), from: nonNegativeNumber, to: nonNegativeNumber, over: positiveDuration }),
    z.strictObject({ type: z.literal('variable'), steps: z.array(variableStep).min(1, { error: err('must list at least one RATE:SECONDS step') }) }),
  ],
  { error: err('must be a positive number (msg/s) or {type: constant|poisson|burst|ramp|variable}') },
);

export type RateSpec = z.output<typeof rateObject>;

export const rate = z
  .union([positiveNumber, rateObject], { error: err('must be a positive number (msg/s) or {type: constant|poisson|burst|ramp|variable}') })
  .transform((v): RateSpec => (typeof v === 'number' ? { type: 'constant', perSecond: v } : v))
  .refine((r) => r.type !== 'ramp' || r.from > 0 || r.to > 0, { error: err('a ramp needs from or to above 0') })
  .refine((r) => r.type !== 'variable' || r.steps.some((s) => s.perSecond > 0), { error: err('at least one step needs a rate above 0') });

/** Start and stop offsets shared by producers and consumers. */
export const lifetime = {
  /** When the client starts, from the beginning of the run. */
  startAt: duration.default(0),
  /** When it stops (default: runs to the end). */
  stopAt: duration.optional(),
};
