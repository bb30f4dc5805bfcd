import type { z } from 'zod';

/** One problem in a scenario file, at a path like `producers[2].rate`. */
export interface ScenarioIssue {
  path: string;
  message: string;
}

/** A scenario that failed to load: every problem found, none of it applied. */
export class ScenarioError extends Error {
  constructor(readonly issues: readonly ScenarioIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ScenarioError';
  }
}

/** `producers[2].rate: must be a positive number`. */
export function formatIssue(i: ScenarioIssue): string {
  return i.path === '' ? i.message : `${i.path}: ${i.message}`;
}

/** Render a path the way JavaScript reads it: `producers[2].rate`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const k of path) {
    if (typeof k === 'number') s += `[${k}]`;
    else {
      const key = String(k);
      s += /^[A-Za-z_$][\w$-]*$/.test(key) ? (s === '' ? key : `.${key}`) : `[${JSON.stringify(key)}]`;
    }
  }
  return s;
}

type Issue = z.core.$ZodIssue;

/** How far an issue list got: a branch whose first problem is a type mismatch at its root matched least. */
function branchScore(errors: readonly Issue[]): number {
  let score = 0;
  for (const e of errors) {
    if (e.code === 'invalid_type' && e.path.length === 0) score -= 100;
    else if (e.code === 'invalid_union' && e.path.length > 0 && 'note' in e) score -= 10;
    else score += e.path.length;
  }
  return score;
}

function flatten(issue: Issue, base: readonly PropertyKey[], out: ScenarioIssue[]): void {
  const path = [...base, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // Report the branch that got furthest, unless every branch failed at the root.
    const ranked = [...issue.errors].sort((a, b) => branchScore(b) - branchScore(a));
    const best = ranked[0]!;
    if (best.length > 0 && branchScore(best) > -100) {
      for (const e of best) flatten(e, path, out);
      return;
    }
  }
  if (issue.code === 'unrecognized_keys') {
    for (const k of issue.keys) out.push({ path: formatPath([...path, k]), message: 'is not a known field' });
    return;
  }
  out.push({ path: formatPath(path), message: issue.message });
}

/** Turn zod's issues into path-named scenario issues, unions resolved to their closest branch. */
export function fromZodIssues(issues: readonly Issue[], base: readonly PropertyKey[] = []): ScenarioIssue[] {
  const out: ScenarioIssue[] = [];
  for (const i of issues) flatten(i, base, out);
  const seen = new Set<string>();
  return out.filter((i) => {
    const k = formatIssue(i);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
