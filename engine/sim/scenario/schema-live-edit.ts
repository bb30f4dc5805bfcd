import { z } from 'zod';
import { consumerSchema, producerSchema } from './schema-clients.ts';
import { err, nonEmptyText } from './schema-common.ts';
import { rate } from './schema-rate.ts';

/**
 * A change to a running simulation's clients, made now (at the run's current
 * simulated time). Each becomes one or more timeline events, so the run's
 * report and a replay see the edit where it happened.
 */
export const liveEditSchema = z.discriminatedUnion(
  'action',
  [
    z.strictObject({ action: z.literal('addProducer'), producer: producerSchema }),
    z.strictObject({ action: z.literal('removeProducer'), producer: nonEmptyText }),
    z.strictObject({ action: z.literal('addConsumer'), consumer: consumerSchema }),
    z.strictObject({ action: z.literal('removeConsumer'), consumer: nonEmptyText }),
    /** Change a producer's rate in place: same instances, sequence numbers go on. */
    z.strictObject({ action: z.literal('setRate'), producer: nonEmptyText, rate }),
    /** Any other change to a producer (or a new id): its instances are removed and the new spec added. */
    z.strictObject({ action: z.literal('replaceProducer'), producer: nonEmptyText, with: producerSchema }),
    z.strictObject({ action: z.literal('replaceConsumer'), consumer: nonEmptyText, with: consumerSchema }),
  ],
  { error: err('must have an action: addProducer, removeProducer, addConsumer, removeConsumer, setRate, replaceProducer or replaceConsumer') },
);

export type LiveEdit = z.output<typeof liveEditSchema>;
/** What a caller sends (durations may be strings, rates bare numbers). */
export type LiveEditInput = z.input<typeof liveEditSchema>;
