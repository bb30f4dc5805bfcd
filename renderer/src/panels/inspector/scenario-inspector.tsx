import { useState } from 'react';
import { z } from 'zod';
import { fromZodIssues, formatIssue } from '../../../../engine/sim/scenario/issues.ts';
import { assertionSchema } from '../../../../engine/sim/scenario/schema-assertions.ts';
import type { ScenarioMeta } from '../../model/scenario-doc.ts';
import { useGraph, useStores } from '../../stores/store-context.tsx';
import { EditorFooter } from './editor-footer.tsx';
import { FormError, NumberField, Section, TextField } from './fields.tsx';
import { useDraft } from './use-edit.ts';

const assertionsSchema = z.array(assertionSchema);

/** With nothing selected: the scenario's name, description, seed, duration and assertions. */
export function ScenarioInspector() {
  const stores = useStores();
  const meta = useGraph((s) => s.doc.meta);
  const f = useDraft(meta);
  const m = f.draft;
  const [assertText, setAssertText] = useState(() => JSON.stringify(meta.assertions, null, 2));
  let assertError: string | null = null;
  let assertions: ScenarioMeta['assertions'] = m.assertions;
  try {
    const parsed = assertionsSchema.safeParse(JSON.parse(assertText));
    if (parsed.success) assertions = JSON.parse(assertText) as ScenarioMeta['assertions'];
    else assertError = fromZodIssues(parsed.error.issues).map((i) => formatIssue({ ...i, path: `assertions${i.path.startsWith('[') ? '' : '.'}${i.path}` })).join('; ');
  } catch (e) {
    assertError = `not valid JSON: ${(e as Error).message}`;
  }
  const changed = f.changed || JSON.stringify(assertions) !== JSON.stringify(meta.assertions);
  const apply = (): void => {
    const g = stores.graph.getState();
    void g.commit('edit scenario settings', { ...g.doc, meta: { ...m, assertions } });
  };
  return (
    <form onSubmit={(e) => (e.preventDefault(), apply())} data-testid="scenario-inspector">
      <p className="form-note">Nothing selected. These settings belong to the scenario you save or run.</p>
      <TextField label="Scenario name" value={m.name} onChange={(name) => f.patch({ name })} testId="scenario-name" />
      <div className="field">
        <label htmlFor="scenario-desc">Description (shown beside the graph)</label>
        <textarea id="scenario-desc" className="textarea" value={m.description} onChange={(e) => f.patch({ description: e.target.value })} rows={4} style={{ fontFamily: 'inherit' }} />
      </div>
      <div className="row">
        <NumberField label="Seed" value={m.seed} onChange={(seed) => f.patch({ seed: seed ?? 1 })} hint="same seed, same run" testId="scenario-seed" />
        <TextField label="Duration" value={String(m.duration)} onChange={(duration) => f.patch({ duration })} hint="producers run this long" testId="scenario-duration" />
        <TextField label="Drain" value={String(m.drain)} onChange={(drain) => f.patch({ drain })} />
      </div>
      <Section title="Assertions">
        <FormError text={assertError} />
        <textarea className="textarea" aria-label="Assertions as JSON" rows={8} value={assertText} onChange={(e) => setAssertText(e.target.value)} aria-invalid={assertError ? true : undefined} />
        <p className="hint" style={{ fontSize: 11, color: 'var(--text-faint)' }}>
          e.g. {'[{"type":"noMessageLost"}, {"type":"count","metric":"deadLettered","max":0}]'}
        </p>
      </Section>
      <EditorFooter changed={changed} valid={assertError === null} onReset={() => (f.reset(), setAssertText(JSON.stringify(meta.assertions, null, 2)))} />
    </form>
  );
}
