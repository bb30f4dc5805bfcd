import { POLICY_APPLY_TO } from '../../../../engine/core/policy.ts';
import type { PolicyApplyTo } from '../../../../engine/core/policy.ts';
import type { GraphDoc } from '../../model/graph-doc.ts';
import type { PolicyModel } from '../../model/policy-model.ts';
import { policyId } from '../../model/policy-model.ts';
import { useGraph, useStores } from '../../stores/store-context.tsx';
import { FormError, NumberField, SelectField, TextField } from '../inspector/fields.tsx';
import { useDraft, useDryRun } from '../inspector/use-edit.ts';
import { DefinitionEditor } from './definition-editor.tsx';

const APPLY_TO_TEXT: Record<PolicyApplyTo, string> = {
  queues: 'Queues',
  exchanges: 'Exchanges',
  all: 'Exchanges and queues',
  classic_queues: 'Classic queues',
  quorum_queues: 'Quorum queues',
};
const APPLY_TO = POLICY_APPLY_TO.map((a) => [a, APPLY_TO_TEXT[a]] as const);

/** The doc with `draft` in place of the policy called `oldName` (none for a new one). */
export function withPolicy(doc: GraphDoc, oldName: string | null, draft: PolicyModel): GraphDoc {
  const others = doc.model.policies.filter((p) => p.name !== oldName && p.name !== draft.name);
  return { ...doc, model: { ...doc.model, policies: [...others, draft] } };
}

/** Which field a refusal is about, from RabbitMQ's wording. */
function fieldOf(error: string): 'name' | 'pattern' | 'applyTo' | 'priority' | 'definition' {
  if (error.includes('policy name')) return 'name';
  if (error.includes('pattern should be')) return 'pattern';
  if (error.includes('apply-to')) return 'applyTo';
  if (/priority .* must be an integer/.test(error)) return 'priority';
  return 'definition';
}

/**
 * Add or edit one policy. The engine judges it as you type (a dry run of the
 * `policy.set` command on a scratch broker: RabbitMQ's own wording), and Save
 * sends it through the graph's one command path, one undo step. A policy the
 * broker refuses is never applied; its error stays beside the form.
 */
export function PolicyForm({ initial, isNew, onDelete }: { initial: PolicyModel; isNew: boolean; onDelete: () => void }) {
  const stores = useStores();
  const doc = useGraph((s) => s.doc);
  const vhost = doc.model.vhost;
  const f = useDraft(initial);
  const p = f.draft;
  const oldName = isNew ? null : initial.name;
  const taken = p.name !== oldName && doc.model.policies.some((x) => x.name === p.name) ? `a policy named '${p.name}' already exists; edit it instead` : undefined;
  const next = (f.changed || isNew) && !taken ? withPolicy(doc, oldName, p) : null;
  const err = useDryRun(next).get(policyId(vhost, p.name));
  const refused = useGraph((s) => s.errors[policyId(vhost, p.name)]);
  const at = err ? fieldOf(err) : undefined;
  const fieldErr = (k: ReturnType<typeof fieldOf>): string | undefined => (at === k ? err : undefined);
  const ui = stores.ui.getState();

  const save = async (): Promise<void> => {
    if (!next || err) return;
    const ok = await stores.graph.getState().commit(isNew ? `add policy '${p.name}'` : `edit policy '${initial.name}'`, next);
    if (ok) ui.editPolicy(null);
  };
  const changeApplyTo = (applyTo: PolicyApplyTo): void => f.patch({ applyTo });

  return (
    <form className="policy-form" onSubmit={(e) => (e.preventDefault(), void save())} data-testid="policy-form" aria-label={isNew ? 'Add policy' : `Edit policy ${initial.name}`}>
      <h3 className="section-title">{isNew ? 'Add a policy' : `Edit policy ${initial.name}`}</h3>
      <FormError text={refused} />
      <div className="policy-grid">
        <div>
          <TextField label="Name" value={p.name} onChange={(name) => f.patch({ name })} error={taken ?? fieldErr('name')} testId="policy-name" mono />
          <TextField label="Pattern" value={p.pattern} onChange={(pattern) => f.patch({ pattern })} error={fieldErr('pattern')} hint="a regular expression on names, e.g. ^orders" testId="policy-pattern" mono />
          <div className="row">
            <SelectField label="Apply to" value={p.applyTo} options={APPLY_TO} onChange={changeApplyTo} error={fieldErr('applyTo')} testId="policy-apply-to" />
            <NumberField label="Priority" value={p.priority} step={1} onChange={(v) => f.patch({ priority: v ?? 0 })} error={fieldErr('priority')} testId="policy-priority" />
          </div>
        </div>
        <div>
          <DefinitionEditor value={p.definition} applyTo={p.applyTo} onChange={(definition) => f.patch({ definition })} error={fieldErr('definition')} />
          {p.applyTo === 'exchanges' ? null : <p className="form-note">A queue's own argument beats the policy, except for message-ttl, expires, max-length, max-length-bytes and delivery-limit: there the lower value wins. The highest priority policy that matches applies.</p>}
        </div>
      </div>
      <div className="row policy-actions">
        <button type="submit" className="btn primary" disabled={next === null || err !== undefined} data-testid="policy-save">
          {isNew ? 'Add policy' : 'Save'}
        </button>
        <button type="button" className="btn" onClick={() => ui.editPolicy(null)} data-testid="policy-cancel">
          Cancel
        </button>
        <span className="spacer" />
        {isNew ? null : (
          <button type="button" className="btn danger" onClick={onDelete} data-testid="policy-delete">
            Delete
          </button>
        )}
      </div>
    </form>
  );
}
