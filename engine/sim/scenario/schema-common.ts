import { z } from 'zod';
import { parseDuration } from './duration.ts';

/** Building blocks shared by the scenario schemas; messages read as `<path>: <message>`. */

/** An error message that says "is required" when the value is missing. */
export const err =
  (message: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? 'is required' : message;

export const finiteNumber = z.number({ error: err('must be a number') }).finite({ error: err('must be a finite number') });
export const positiveNumber = finiteNumber.positive({ error: err('must be a positive number') });
export const nonNegativeNumber = finiteNumber.nonnegative({ error: err('must be zero or a positive number') });
export const integer = z.number({ error: err('must be an integer') }).int({ error: err('must be an integer') });
export const positiveInt = integer.positive({ error: err('must be a positive integer') });
export const nonNegativeInt = integer.nonnegative({ error: err('must be zero or a positive integer') });
export const probability = finiteNumber.min(0, { error: err('must be a probability between 0 and 1') }).max(1, { error: err('must be a probability between 0 and 1') });
export const text = z.string({ error: err('must be a string') });
export const nonEmptyText = text.min(1, { error: err('must not be empty') });
export const bool = z.boolean({ error: err('must be true or false') });

/** A duration: milliseconds as a number, or a string with a unit (`500ms`, `10s`, `5m`, `1h`). */
export const duration = z
  .union([nonNegativeNumber, text], { error: err('must be a duration like "500ms", "10s", "5m" or a number of milliseconds') })
  .transform((v, ctx) => {
    if (typeof v === 'number') return v;
    const ms = parseDuration(v);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `must be a duration like "500ms", "10s", "5m" or a number of milliseconds (got "${v}")` });
      return z.NEVER;
    }
    return ms;
  });

/** A positive duration (timeouts, intervals). */
export const positiveDuration = duration.refine((ms) => ms > 0, { error: err('must be longer than 0 ms') });

/** AMQP arguments and headers: any JSON values (numbers, strings, booleans, arrays, tables, null = void). */
export const fieldTable = z.record(z.string(), z.json(), { error: err('must be an object of names to values') });

/** A numeric distribution, for message sizes, processing times and priorities. */
export const distributionObject = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('fixed'), value: nonNegativeNumber }),
    z
      .strictObject({ type: z.literal('uniform'), min: nonNegativeNumber, max: nonNegativeNumber })
      .refine((d) => d.min <= d.max, { error: 'min must not exceed max', path: ['max'] }),
    z.strictObject({
      type: z.literal('normal'),
      mean: nonNegativeNumber,
      stddev: nonNegativeNumber,
      min: nonNegativeNumber.optional(),
      max: nonNegativeNumber.optional(),
    }),
    z.strictObject({ type: z.literal('exponential'), mean: positiveNumber }),
    z.strictObject({ type: z.literal('lognormal'), median: positiveNumber, sigma: nonNegativeNumber }),
    z
      .strictObject({
        type: z.literal('choice'),
        values: z.array(nonNegativeNumber).min(1, { error: err('must list at least one value') }),
        weights: z.array(nonNegativeNumber).optional(),
      })
      .refine((d) => d.weights === undefined || d.weights.length === d.values.length, { error: 'must have one weight per value', path: ['weights'] }),
  ],
  { error: err('must be a number or a distribution {type: fixed|uniform|normal|exponential|lognormal|choice}') },
);

export type Distribution = z.output<typeof distributionObject>;

/** A distribution of plain numbers; a bare number means "always this value". */
export const distribution = z
  .union([nonNegativeNumber, distributionObject], { error: err('must be a number or a distribution {type: fixed|uniform|normal|exponential|lognormal|choice}') })
  .transform((v): Distribution => (typeof v === 'number' ? { type: 'fixed', value: v } : v));

/** A distribution of durations in ms; a bare number or duration string means "always this long". */
export const durationDistribution = z
  .union([duration, distributionObject], { error: err('must be a duration or a distribution of milliseconds {type: fixed|uniform|normal|exponential|lognormal|choice}') })
  .transform((v): Distribution => (typeof v === 'number' ? { type: 'fixed', value: v } : v));

/** Where an entity lives. */
export const vhostName = nonEmptyText.default('/');
