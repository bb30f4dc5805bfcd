import type { MetricsSnapshot } from '../../../engine/metrics/snapshot-types.ts';
import type { AssertionResult } from '../../../engine/sim/assertions.ts';
import { evaluateAssertion } from '../../../engine/sim/assertions.ts';
import { assertionSchema } from '../../../engine/sim/scenario/schema-assertions.ts';
import type { ScenarioMeta } from './scenario-doc.ts';

/** An assertion's live verdict: what it would be if the run ended now, or why it can only be judged at the end. */
export type LiveAssertion = { state: 'pass' | 'fail' | 'end'; result: AssertionResult | null; label: string; description?: string | undefined };

/**
 * Judge a scenario's assertions against the latest metrics, with the
 * simulator's own evaluator. Loss tracking is only known at the end of a run,
 * so `noMessageLost` waits for it; counts read "so far".
 */
export function liveAssertions(meta: ScenarioMeta, m: MetricsSnapshot | null): LiveAssertion[] {
  const processed = new Map<string, number>();
  for (const c of m?.consumers ?? []) processed.set(c.ref.name, c.counts.ack + c.counts.deliverAutoAck + c.counts.getAutoAck);
  return meta.assertions.map((raw, i) => {
    const parsed = assertionSchema.safeParse(raw);
    if (!parsed.success) return { state: 'fail', result: null, label: `assertion ${i + 1} is invalid: ${parsed.error.issues[0]?.message ?? ''}` };
    const a = parsed.data;
    if (a.type === 'noMessageLost') return { state: 'end', result: null, label: 'no message lost', description: a.description };
    if (!m) return { state: 'end', result: null, label: labelOf(a.type), description: a.description };
    const result = evaluateAssertion(a, i, { final: m, loss: [], processed });
    return { state: result.passed ? 'pass' : 'fail', result, label: result.label, description: a.description };
  });
}

function labelOf(type: string): string {
  return `${type} (measured once the scenario runs)`;
}
