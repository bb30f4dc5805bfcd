import type { Counts, MetricsSnapshot } from '../metrics/snapshot-types.ts';
import { COUNT_NAMES, SNAPSHOT_VERSION } from '../metrics/snapshot-types.ts';
import type { AssertionResult } from './assertions.ts';
import { evaluateAssertion } from './assertions.ts';
import type { AssertionSpec } from './scenario/schema-assertions.ts';

/**
 * An assertion as a run shows it: `passing` or `failing` if the run ended now
 * (the report's verdict once it has), `pending` while it cannot be judged yet
 * (loss is only known at the end; nothing measured so far).
 */
export interface AssertionStatus {
  index: number;
  type: AssertionSpec['type'];
  /** Readable form: `deadLettered <= 0`. */
  label: string;
  description?: string;
  state: 'passing' | 'failing' | 'pending';
  /** The measured value now (at the end, once final); null when not measured. */
  actual: number | null;
  /** Why it fails, or what it waits for. */
  detail?: string;
  /** True once the run ended: the state is the report's verdict. */
  final: boolean;
}

const zeros = (): Counts => Object.fromEntries(COUNT_NAMES.map((n) => [n, 0])) as Counts;
/** Metrics of a run that has not started: nothing measured. */
const EMPTY: MetricsSnapshot = {
  version: SNAPSHOT_VERSION,
  time: 0,
  sampleIntervalMs: 1000,
  samples: 0,
  total: { ref: { kind: 'total', id: 'total', name: 'Total' }, counts: zeros(), rates: zeros() },
  exchanges: [],
  queues: [],
  producers: [],
  consumers: [],
};

function fromResult(r: AssertionResult, final: boolean): AssertionStatus {
  const out: AssertionStatus = { index: r.index, type: r.type, label: r.label, state: r.passed ? 'passing' : 'failing', actual: r.actual, final };
  if (r.description !== undefined) out.description = r.description;
  if (r.detail !== undefined) out.detail = r.detail;
  return out;
}

/** The report's verdicts, as statuses. */
export function finalStatuses(results: readonly AssertionResult[]): AssertionStatus[] {
  return results.map((r) => fromResult(r, true));
}

/** Before a run starts: every assertion waits, labelled as the report will label it. */
export function pendingStatuses(specs: readonly AssertionSpec[]): AssertionStatus[] {
  return specs.map((a, i) => {
    const s = a.type === 'noMessageLost' ? liveStatuses([a], EMPTY, new Map())[0]! : fromResult(evaluateAssertion(a, i, { final: EMPTY, loss: [], processed: new Map() }), false);
    return { ...s, index: i, state: 'pending', actual: null, detail: 'judged once the run starts' };
  });
}

/**
 * Judge a scenario's assertions against metrics taken while it runs, with the
 * evaluator the report uses. `processed` is each consumer instance's handled
 * count so far.
 */
export function liveStatuses(specs: readonly AssertionSpec[], now: MetricsSnapshot, processed: ReadonlyMap<string, number>): AssertionStatus[] {
  return specs.map((a, i) => {
    if (a.type === 'noMessageLost') {
      const s: AssertionStatus = { index: i, type: a.type, label: 'no message lost', state: 'pending', actual: null, detail: 'judged when the run ends', final: false };
      if (a.description !== undefined) s.description = a.description;
      return s;
    }
    const s = fromResult(evaluateAssertion(a, i, { final: now, loss: [], processed }), false);
    if (s.actual === null) {
      s.state = 'pending';
      s.detail = 'nothing measured yet';
    }
    return s;
  });
}
