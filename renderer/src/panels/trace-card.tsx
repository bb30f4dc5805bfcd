import { Icon } from '../components/icons.tsx';
import type { TraceStep } from '../model/trace-view.ts';
import { useStores, useUi } from '../stores/store-context.tsx';

const MARK: Record<TraceStep['kind'], string> = { publish: '→', hop: '→', match: '✓', 'no-match': '✗', alternate: '↪', deliver: '■', rejected: '⛔', refused: '⛔', more: '✗' };

/** A number per trace shown, so a new trace starts with its folded lines folded. */
const traceKeys = new WeakMap<object, number>();
let nextKey = 0;
const keyOf = (t: object): number => traceKeys.get(t) ?? (traceKeys.set(t, ++nextKey), nextKey);

/** The last trace: the path highlighted on the graph, and why, step by step. */
export function TraceCard() {
  const stores = useStores();
  const trace = useUi((s) => s.trace);
  if (!trace) return null;
  const ok = trace.outcome === 'routed';
  return (
    <aside className={`canvas-overlay trace ${ok ? 'ok' : 'bad'}`} aria-label="Message trace" data-testid="trace-card" data-outcome={trace.outcome}>
      <div className="explain-head">
        <Icon name="send" size={14} />
        <h2 data-testid="trace-summary">{trace.summary}</h2>
        <button type="button" className="btn icon ghost small" aria-label="Clear the trace" onClick={() => stores.ui.getState().setTrace(null)} data-testid="trace-clear">
          <Icon name="close" size={13} />
        </button>
      </div>
      <ol className="trace-steps" key={keyOf(trace)}>
        {trace.steps.map((s, i) => (
          <li key={i} className={`trace-step ${s.kind}`}>
            <span className="trace-mark" aria-hidden="true">
              {MARK[s.kind]}
            </span>
            {s.details ? (
              <details className="trace-more">
                <summary>{s.text}</summary>
                <ul>
                  {s.details.map((d, j) => (
                    <li key={j}>{d}</li>
                  ))}
                </ul>
              </details>
            ) : (
              s.text
            )}
          </li>
        ))}
      </ol>
    </aside>
  );
}
