import type { JsonFieldValue } from '../../../../engine/host/field-json.ts';
import { queueSettingSources } from '../../model/policy-model.ts';
import type { PolicyModel, SettingRow } from '../../model/policy-model.ts';
import type { ExchangeModel, QueueModel } from '../../model/topology-model.ts';
import { useGraph, useStores } from '../../stores/store-context.tsx';
import { Section } from './fields.tsx';

const shown = (v: JsonFieldValue | undefined): string => (v === undefined ? '–' : typeof v === 'string' ? (v === '' ? "''" : v) : JSON.stringify(v));

/** Where a setting's value comes from, in words, with the value that lost. */
function sourceText(r: SettingRow): string {
  switch (r.source) {
    case 'policy':
      return 'from the policy';
    case 'argument':
      return r.policy === undefined ? 'own argument' : `own argument; beats the policy's ${shown(r.policy)}`;
    case 'policy (lower)':
      return `from the policy: lower than the argument's ${shown(r.argument)}`;
    case 'argument (lower)':
      return `own argument: lower than the policy's ${shown(r.policy)}`;
    case 'unused':
      return `the policy's ${shown(r.policy)} does not apply to this queue type`;
  }
}

/** The policy in effect as a link to its form in the Policies tab, or none with a link to the list. */
function PolicyLink({ policy, kind }: { policy: PolicyModel | undefined; kind: 'queue' | 'exchange' }) {
  const stores = useStores();
  const ui = stores.ui.getState();
  return (
    <p className="policy-line" data-testid="inspector-policy">
      {policy === undefined ? (
        <>
          <span className="muted">No policy applies to this {kind}.</span>
          <button type="button" className="linklike accent" onClick={() => ui.editPolicy(null)}>
            Policies…
          </button>
        </>
      ) : (
        <>
          <button type="button" className="linklike accent mono" onClick={() => ui.editPolicy(policy.name)} data-testid="inspector-policy-link">
            {policy.name}
          </button>
          <span className="muted">
            pattern <span className="mono">{policy.pattern}</span>, priority {policy.priority}
          </span>
        </>
      )}
    </p>
  );
}

/**
 * A queue's effective policy and, for each setting a policy can drive, the
 * queue's own argument, the policy's value and which one the engine uses.
 */
export function QueuePolicySection({ queue }: { queue: QueueModel }) {
  const vhost = useGraph((s) => s.doc.model.vhost);
  const policy = useGraph((s) => s.doc.model.policies.find((p) => p.name === queue.policy));
  const rows = queueSettingSources(vhost, queue, policy);
  return (
    <Section title="Policy">
      <PolicyLink policy={policy} kind="queue" />
      {rows.length > 0 && policy ? (
        <dl className="sources" data-testid="policy-sources">
          {rows.map((r) => (
            <div key={r.key} className="source-row" data-testid={`source-${r.key}`} data-source={r.source}>
              <dt className="mono" title={`policy key ${r.key}, argument ${r.arg}`}>
                {r.key}
              </dt>
              <dd>
                <b className="mono">{shown(r.effective)}</b> <span className="muted">{sourceText(r)}</span>
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
    </Section>
  );
}

/** An exchange's effective policy and where its alternate exchange comes from. */
export function ExchangePolicySection({ exchange }: { exchange: ExchangeModel }) {
  const policy = useGraph((s) => s.doc.model.policies.find((p) => p.name === exchange.policy));
  const own = exchange.arguments['alternate-exchange'];
  const fromPolicy = policy?.definition['alternate-exchange'];
  return (
    <Section title="Policy">
      <PolicyLink policy={policy} kind="exchange" />
      {fromPolicy !== undefined ? (
        <p className="form-note" data-testid="policy-ae">
          Alternate exchange: <b className="mono">{shown(typeof own === 'string' ? own : fromPolicy)}</b> from the {typeof own === 'string' ? 'argument (it wins over the policy)' : 'policy'}.
        </p>
      ) : null}
    </Section>
  );
}
