// Reads the JSON reports that vitest and Playwright wrote and prints the one
// line CI understands: `N passed, N failed` (plus skipped when any).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir = '.ci/reports', statusArg = '0'] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

const vitestFile = join(dir, 'vitest.json');
if (existsSync(vitestFile)) {
  const r = JSON.parse(readFileSync(vitestFile, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += (r.numFailedTests ?? 0) + countFilesFailedWithoutTests(r);
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}

const pwFile = join(dir, 'playwright.json');
if (existsSync(pwFile)) {
  const report = JSON.parse(readFileSync(pwFile, 'utf8'));
  const s = report.stats ?? {};
  passed += (s.expected ?? 0) + (s.flaky ?? 0);
  for (const title of flakyTitles(report.suites ?? [])) console.log(`flaky (passed only on its retry): ${title}`);
  failed += s.unexpected ?? 0;
  skipped += s.skipped ?? 0;
}

// A non-zero exit with no failed test (type errors, a crash before tests ran) still fails.
if (Number(statusArg) !== 0 && failed === 0) failed = 1;

/** Titles of Playwright tests whose outcome was "flaky" (failed, then passed on a retry). */
function flakyTitles(suites, path = []) {
  const out = [];
  for (const suite of suites) {
    const here = suite.title ? [...path, suite.title] : path;
    for (const spec of suite.specs ?? []) for (const t of spec.tests ?? []) if (t.status === 'flaky') out.push([...here, spec.title].join(' › '));
    out.push(...flakyTitles(suite.suites ?? [], here));
  }
  return out;
}

/** Test files that failed with no failed test in them (an import error, a crash in a hook) count once each. */
function countFilesFailedWithoutTests(r) {
  return (r.testResults ?? []).filter((s) => s.status === 'failed' && !(s.assertionResults ?? []).some((a) => a.status === 'failed')).length;
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
