import { useState } from 'react';
import { ConfirmDelete } from '../../components/dialog.tsx';
import { Icon } from '../../components/icons.tsx';
import { uniqueName } from '../../model/graph-doc.ts';
import type { PolicyModel } from '../../model/policy-model.ts';
import { newPolicy, policyTargets } from '../../model/policy-model.ts';
import { exchangeId, queueId } from '../../model/topology-model.ts';
import { selectIds } from '../../stores/graph-commands.ts';
import { useGraph, useStores, useUi } from '../../stores/store-context.tsx';
import { PolicyForm } from './policy-form.tsx';

const definitionText = (p: PolicyModel): string =>
  Object.entries(p.definition)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');

/** Ask before deleting a policy, naming what it is in effect on. */
function ConfirmDeletePolicy({ policy, targets, onClose }: { policy: PolicyModel; targets: number; onClose: () => void }) {
  const stores = useStores();
  const remove = async (): Promise<void> => {
    const g = stores.graph.getState();
    const ok = await g.commit(`delete policy '${policy.name}'`, { ...g.doc, model: { ...g.doc.model, policies: g.doc.model.policies.filter((p) => p.name !== policy.name) } });
    if (ok) stores.ui.getState().editPolicy(null);
  };
  return (
    <ConfirmDelete title={`Delete policy ${policy.name}`} confirm="Delete policy" testId="policy-delete-dialog" onConfirm={() => void remove()} onClose={onClose}>
      Delete policy <b className="mono">{policy.name}</b>?{' '}
      {targets > 0 ? `It is in effect on ${targets} queue${targets === 1 ? '' : 's'} or exchange${targets === 1 ? '' : 's'}; they go back to their own arguments (or the next matching policy).` : 'Nothing matches it now.'} Undo (Ctrl+Z) brings it back.
    </ConfirmDelete>
  );
}

/**
 * The vhost's policies as RabbitMQ's management UI lists them (Admin →
 * Policies), with what each one is in effect on, and the form to add or edit one.
 */
export function PoliciesPanel() {
  const stores = useStores();
  const model = useGraph((s) => s.doc.model);
  const editing = useUi((s) => s.policyEdit);
  const [deleting, setDeleting] = useState<string | null>(null);
  const ui = stores.ui.getState();
  const v = model.vhost;
  const current = editing === null || editing === '' ? undefined : model.policies.find((p) => p.name === editing);
  const formOpen = editing === '' || current !== undefined;
  const toDelete = model.policies.find((p) => p.name === deleting);
  const countTargets = (name: string): number => {
    const t = policyTargets(model, name);
    return t.queues.length + t.exchanges.length;
  };

  return (
    <div className={`policies-panel${formOpen ? ' with-form' : ''}`} data-testid="policies-panel">
      <div className="policies-list">
        <div className="msg-toolbar">
          <span className="small-label">
            Policies on vhost <b className="mono">{v}</b>
          </span>
          <span className="spacer" />
          <button type="button" className="btn small primary" onClick={() => ui.editPolicy('')} data-testid="policy-add">
            <Icon name="policy" size={13} /> Add policy
          </button>
        </div>
        {model.policies.length === 0 ? (
          <div className="empty">No policies on this vhost. A policy sets queue and exchange settings (limits, TTLs, dead-lettering) for every name its pattern matches, without redeclaring anything.</div>
        ) : (
          <table className="policy-table" data-testid="policy-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Pattern</th>
                <th>Apply to</th>
                <th>Priority</th>
                <th>Definition</th>
                <th>In effect on</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {model.policies.map((p) => {
                const t = policyTargets(model, p.name);
                return (
                  <tr key={p.name} className={p.name === editing ? 'selected' : undefined} data-testid={`policy-row-${p.name}`}>
                    <td>
                      <button type="button" className="linklike mono accent" onClick={() => ui.editPolicy(p.name)} data-testid={`policy-edit-${p.name}`}>
                        {p.name}
                      </button>
                    </td>
                    <td className="mono">{p.pattern}</td>
                    <td>{p.applyTo}</td>
                    <td className="num">{p.priority}</td>
                    <td className="mono def">{definitionText(p)}</td>
                    <td data-testid={`policy-targets-${p.name}`}>
                      {t.queues.length + t.exchanges.length === 0 ? <span className="muted">nothing yet</span> : null}
                      {t.queues.map((q) => (
                        <button key={`q:${q}`} type="button" className="chip" onClick={() => selectIds(stores, [queueId(v, q)])} title={`queue ${q}`}>
                          <Icon name="queue" size={11} /> {q}
                        </button>
                      ))}
                      {t.exchanges.map((x) => (
                        <button key={`x:${x}`} type="button" className="chip" onClick={() => selectIds(stores, [exchangeId(v, x)])} title={`exchange ${x}`}>
                          <Icon name="exchange" size={11} /> {x}
                        </button>
                      ))}
                    </td>
                    <td>
                      <button type="button" className="btn icon ghost small danger" aria-label={`delete policy ${p.name}`} onClick={() => setDeleting(p.name)} data-testid={`policy-remove-${p.name}`}>
                        <Icon name="trash" size={13} />
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
      {formOpen ? (
        <PolicyForm
          key={editing}
          initial={current ?? { ...newPolicy(uniqueName('policy', model.policies.map((p) => p.name))) }}
          isNew={current === undefined}
          onDelete={() => current && setDeleting(current.name)}
        />
      ) : null}
      {toDelete ? <ConfirmDeletePolicy policy={toDelete} targets={countTargets(toDelete.name)} onClose={() => setDeleting(null)} /> : null}
    </div>
  );
}
