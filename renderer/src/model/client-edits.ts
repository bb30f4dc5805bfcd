import { consumerSchema, producerSchema } from '../../../engine/sim/scenario/schema-clients.ts';
import type { LiveEditInput } from '../../../engine/sim/scenario/schema-live-edit.ts';
import type { GraphDoc } from './graph-doc.ts';
import type { ConsumerDraft, ProducerDraft } from './scenario-doc.ts';
import { stableJson } from './topology-model.ts';

type Draft = ProducerDraft | ConsumerDraft;

/** The drafts a run could take (the simulator's schema accepts them), by id, each with its vhost. */
function runnable<T extends Draft>(drafts: readonly T[], vhost: string, schema: typeof producerSchema | typeof consumerSchema): Map<string, { draft: T; parsed: string; rate: string }> {
  const out = new Map<string, { draft: T; parsed: string; rate: string }>();
  for (const d of drafts) {
    const r = schema.safeParse({ ...d, vhost });
    if (!r.success) continue;
    const { rate, ...rest } = r.data as Record<string, unknown>;
    out.set(d.id, { draft: { ...d, vhost }, parsed: stableJson(rest), rate: stableJson(rate) });
  }
  return out;
}

/**
 * The live edits that take a running simulation from the clients of `before`
 * to those of `after`: removals first (freeing ids), then changes (a rate
 * alone is changed in place; anything else replaces the instances), then
 * additions. Drafts the simulator would refuse (a consumer not yet connected
 * to a queue) count as absent: connecting one adds it, unlinking removes it.
 */
export function clientEdits(before: GraphDoc, after: GraphDoc): LiveEditInput[] {
  const vhost = after.model.vhost;
  const removes: LiveEditInput[] = [];
  const changes: LiveEditInput[] = [];
  const adds: LiveEditInput[] = [];
  const bp = runnable(before.producers, vhost, producerSchema);
  const ap = runnable(after.producers, vhost, producerSchema);
  for (const [id, b] of bp) {
    const a = ap.get(id);
    if (!a) removes.push({ action: 'removeProducer', producer: id });
    else if (a.parsed !== b.parsed) changes.push({ action: 'replaceProducer', producer: id, with: a.draft as ProducerDraft & { vhost: string } });
    else if (a.rate !== b.rate) changes.push({ action: 'setRate', producer: id, rate: (a.draft as ProducerDraft).rate });
  }
  for (const [id, a] of ap) if (!bp.has(id)) adds.push({ action: 'addProducer', producer: a.draft as ProducerDraft });
  const bc = runnable(before.consumers, vhost, consumerSchema);
  const ac = runnable(after.consumers, vhost, consumerSchema);
  for (const [id, b] of bc) {
    const a = ac.get(id);
    if (!a) removes.push({ action: 'removeConsumer', consumer: id });
    else if (a.parsed !== b.parsed || a.rate !== b.rate) changes.push({ action: 'replaceConsumer', consumer: id, with: a.draft as ConsumerDraft });
  }
  for (const [id, a] of ac) if (!bc.has(id)) adds.push({ action: 'addConsumer', consumer: a.draft as ConsumerDraft });
  return [...removes, ...changes, ...adds];
}

/** Clients a live run added at `atMs`: in the scenario they start then, so running it again replays the edit. */
export function startingAt<T extends Draft>(drafts: readonly T[], ids: ReadonlySet<string>, atMs: number): T[] {
  return drafts.map((d) => (ids.has(d.id) && atMs > 0 && (d.startAt === undefined || d.startAt === 0) ? { ...d, startAt: Math.round(atMs) } : d));
}
