import { checkScenario } from './check.ts';
import type { ScenarioIssue } from './issues.ts';
import { ScenarioError, fromZodIssues } from './issues.ts';
import { migrateScenario } from './migrations.ts';
import type { Scenario } from './schema.ts';
import { scenarioSchema } from './schema.ts';

/** The outcome of reading a scenario: the whole of it, or every problem and nothing else. */
export type ScenarioParseResult =
  | { ok: true; scenario: Scenario; migratedFrom: number | undefined }
  | { ok: false; issues: ScenarioIssue[] };

/**
 * Read a scenario from JSON text or an already-parsed value: migrate it to
 * the current version, validate it against the schema, then check what the
 * schema cannot (references, and a dry run of the topology). Never returns a
 * partly loaded scenario.
 */
export function parseScenario(input: unknown): ScenarioParseResult {
  let doc = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (e) {
      return { ok: false, issues: [{ path: '', message: `is not valid JSON: ${(e as Error).message}` }] };
    }
  }
  const migrated = migrateScenario(doc);
  if (!migrated.ok) return { ok: false, issues: [{ path: migrated.path, message: migrated.message }] };
  const parsed = scenarioSchema.safeParse(migrated.doc);
  if (!parsed.success) return { ok: false, issues: fromZodIssues(parsed.error.issues) };
  const issues = checkScenario(parsed.data);
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, scenario: parsed.data, migratedFrom: migrated.from === parsed.data.schemaVersion ? undefined : migrated.from };
}

/** Like `parseScenario`, but throws a `ScenarioError` listing every issue. */
export function loadScenario(input: unknown): Scenario {
  const r = parseScenario(input);
  if (!r.ok) throw new ScenarioError(r.issues);
  return r.scenario;
}
