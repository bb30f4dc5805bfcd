import type { SimStatus } from '../../../engine/host/contract.ts';
import type { AssertionStatus } from '../../../engine/sim/assertion-status.ts';
import { pendingStatuses } from '../../../engine/sim/assertion-status.ts';
import { assertionSchema } from '../../../engine/sim/scenario/schema-assertions.ts';
import type { ScenarioMeta } from './scenario-doc.ts';

/** What a run's assertions add up to: counts by state, and the verdict once the run ended. */
export interface AssertionSummary {
  passing: number;
  failing: number;
  pending: number;
  /** `passed`/`failed` once the run finished; null while it goes or before it starts. */
  verdict: 'passed' | 'failed' | null;
}

/**
 * The assertions to show: the simulator's own judgement while a scenario is
 * loaded (live, then the report's verdicts), else the scenario's assertions as
 * written, waiting for a run (an invalid one reads as failing, with why).
 */
export function assertionRows(meta: ScenarioMeta, sim: SimStatus, scenarioDirty: boolean): AssertionStatus[] {
  if (sim.loaded && !scenarioDirty) return sim.assertions;
  return meta.assertions.map((raw, i) => {
    const parsed = assertionSchema.safeParse(raw);
    if (!parsed.success) {
      return { index: i, type: 'count', label: `assertion ${i + 1} is invalid`, state: 'failing', actual: null, detail: parsed.error.issues[0]?.message ?? 'invalid', final: false } satisfies AssertionStatus;
    }
    return { ...pendingStatuses([parsed.data])[0]!, index: i };
  });
}

export function summarize(rows: readonly AssertionStatus[], finished: boolean): AssertionSummary {
  const n = (s: AssertionStatus['state']): number => rows.filter((r) => r.state === s).length;
  const failing = n('failing');
  return { passing: n('passing'), failing, pending: n('pending'), verdict: finished && rows.length > 0 ? (failing === 0 && n('pending') === 0 ? 'passed' : 'failed') : null };
}

/** The state in words, for the list and screen readers. */
export function stateWords(r: AssertionStatus): string {
  if (r.final) return r.state === 'passing' ? 'passed' : 'failed';
  return r.state === 'passing' ? 'passing so far' : r.state === 'failing' ? 'failing so far' : 'pending';
}

/** A measured value as shown: up to two decimals. */
export function shownValue(v: number | null): string | null {
  return v === null ? null : String(Math.round(v * 100) / 100);
}
