import { Icon } from '../components/icons.tsx';
import type { AssertionSummary } from '../model/assertion-rows.ts';
import { assertionRows, summarize } from '../model/assertion-rows.ts';
import { useGraph, useLive, useStores } from '../stores/store-context.tsx';

function counts(s: AssertionSummary): string {
  return [`${s.passing} passing`, `${s.failing} failing`, ...(s.pending > 0 ? [`${s.pending} pending`] : [])].join(', ');
}

/** The run's verdict in words once it finished, else the counts so far. */
export function AssertionVerdict({ summary, finished }: { summary: AssertionSummary; finished: boolean }) {
  const text = summary.verdict === 'passed' ? 'Run finished: every assertion passed' : summary.verdict === 'failed' ? `Run finished: ${summary.failing + summary.pending} assertion${summary.failing + summary.pending === 1 ? '' : 's'} failed` : counts(summary);
  return (
    <p className={`assertion-verdict ${summary.verdict ?? ''}`} data-testid="assertion-verdict" role="status">
      {finished ? <Icon name={summary.verdict === 'passed' ? 'check' : 'x'} /> : null}
      <span>{text}</span>
    </p>
  );
}

/** In the simulation controls: the assertions at a glance (icons and numbers, with words for screen readers); opens the list. */
export function AssertionBadge() {
  const stores = useStores();
  const meta = useGraph((s) => s.doc.meta);
  const dirty = useGraph((s) => s.scenarioDirty);
  const sim = useLive((s) => s.sim);
  const rows = assertionRows(meta, sim, dirty);
  if (rows.length === 0) return null;
  const finished = sim.loaded && sim.finished && !dirty;
  const s = summarize(rows, finished);
  const label = finished ? `Assertions ${s.verdict === 'passed' ? 'passed' : 'failed'}: ${counts(s)}` : `Assertions: ${counts(s)}`;
  const tone = s.verdict === 'passed' ? 'ok' : s.verdict === 'failed' || s.failing > 0 ? 'danger' : '';
  return (
    <button type="button" className={`pill assertion-badge ${tone}`} onClick={() => stores.ui.getState().showTab('assertions')} aria-label={`${label}. Show assertions`} title={label} data-testid="assertion-badge">
      {finished ? <span className="badge-verdict">{s.verdict === 'passed' ? 'passed' : 'failed'}</span> : null}
      <span className="badge-part">
        <Icon name="check" size={12} />
        {s.passing}
      </span>
      <span className="badge-part">
        <Icon name="x" size={12} />
        {s.failing}
      </span>
      {s.pending > 0 ? (
        <span className="badge-part">
          <Icon name="clock" size={12} />
          {s.pending}
        </span>
      ) : null}
    </button>
  );
}
