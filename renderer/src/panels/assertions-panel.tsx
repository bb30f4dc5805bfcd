import { Icon } from '../components/icons.tsx';
import { liveAssertions } from '../model/live-assertions.ts';
import { useGraph, useLive, useStores } from '../stores/store-context.tsx';

/** The scenario's assertions, judged live against the simulator's metrics (icon and words, not colour alone). */
export function AssertionsPanel() {
  const stores = useStores();
  const meta = useGraph((s) => s.doc.meta);
  useLive((s) => s.seq);
  const metrics = stores.live.getState().lastMetrics;
  const list = liveAssertions(meta, metrics);
  if (list.length === 0) {
    return (
      <div className="empty">
        This scenario has no assertions. Add some in the inspector (click the empty canvas), e.g. <code>{'{"type":"count","metric":"deadLettered","max":0}'}</code>.
      </div>
    );
  }
  return (
    <ul className="assertions" data-testid="assertions">
      {list.map((a, i) => (
        <li key={i} className={`assertion ${a.state}`} data-testid="assertion" data-state={a.state}>
          <span className="assertion-icon" aria-hidden="true">
            {a.state === 'pass' ? <Icon name="check" /> : a.state === 'fail' ? <Icon name="x" /> : <Icon name="info" />}
          </span>
          <span className="assertion-state">{a.state === 'pass' ? 'passing' : a.state === 'fail' ? 'failing so far' : 'judged at the end'}</span>
          <span className="assertion-label">{a.label}</span>
          {a.result?.actual !== null && a.result?.actual !== undefined ? <span className="pill">now {Math.round(a.result.actual * 100) / 100}</span> : null}
          {a.description ? <span className="assertion-desc">{a.description}</span> : null}
        </li>
      ))}
    </ul>
  );
}
