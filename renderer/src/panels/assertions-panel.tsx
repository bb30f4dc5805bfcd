import { Icon } from '../components/icons.tsx';
import { assertionRows, shownValue, stateWords, summarize } from '../model/assertion-rows.ts';
import { useGraph, useLive } from '../stores/store-context.tsx';
import { AssertionVerdict } from './assertion-summary.tsx';

/** The scenario's assertions as the simulator judges them, live then final (icon and words, not colour alone). */
export function AssertionsPanel() {
  const meta = useGraph((s) => s.doc.meta);
  const dirty = useGraph((s) => s.scenarioDirty);
  const sim = useLive((s) => s.sim);
  const rows = assertionRows(meta, sim, dirty);
  if (rows.length === 0) {
    return (
      <div className="empty">
        This scenario has no assertions. Add some in the inspector (click the empty canvas), e.g. <code>{'{"type":"count","metric":"deadLettered","max":0}'}</code>.
      </div>
    );
  }
  const summary = summarize(rows, sim.loaded && sim.finished && !dirty);
  return (
    <div className="assertions-view">
      <AssertionVerdict summary={summary} finished={sim.loaded && sim.finished && !dirty} />
      <ul className="assertions" data-testid="assertions" aria-label="Assertions">
        {rows.map((a) => {
          const words = stateWords(a);
          const value = shownValue(a.actual);
          return (
            <li key={a.index} className={`assertion ${a.state}`} data-testid="assertion" data-state={a.state} data-final={a.final} aria-label={`${words}: ${a.label}${value !== null ? `, measured ${value}` : ''}`}>
              <span className="assertion-icon" aria-hidden="true">
                <Icon name={a.state === 'passing' ? 'check' : a.state === 'failing' ? 'x' : 'clock'} />
              </span>
              <span className="assertion-state" data-testid="assertion-state">
                {words}
              </span>
              <span className="assertion-label">{a.label}</span>
              {value !== null ? (
                <span className="pill" data-testid="assertion-value">
                  {a.final ? 'was' : 'now'} {value}
                </span>
              ) : null}
              {a.state !== 'passing' && a.detail && !a.detail.startsWith('was ') ? <span className="assertion-detail">{a.detail}</span> : null}
              {a.description ? <span className="assertion-desc">{a.description}</span> : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
