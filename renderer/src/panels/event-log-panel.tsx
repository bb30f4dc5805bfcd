import { useDeferredValue, useState } from 'react';
import type { LogCategory } from '../model/event-log.ts';
import { LOG_CATEGORIES } from '../model/event-log.ts';
import { useLive, useStores } from '../stores/store-context.tsx';
import { selectIds } from '../stores/graph-commands.ts';

const SHOWN = 400;

/** The engine's events (declares, bindings, connections, errors, dead-letters) and the UI's own operations, filterable. */
export function EventLogPanel() {
  const stores = useStores();
  const events = useLive((s) => s.events);
  const dropped = useLive((s) => s.droppedEvents);
  const [text, setText] = useState('');
  const [off, setOff] = useState<ReadonlySet<LogCategory>>(new Set(['channel']));
  const q = useDeferredValue(text.trim().toLowerCase());
  const rows = events.filter((e) => !off.has(e.category) && (q === '' || e.text.toLowerCase().includes(q))).slice(-SHOWN).reverse();
  const toggle = (c: LogCategory): void => {
    const next = new Set(off);
    if (next.has(c)) next.delete(c);
    else next.add(c);
    setOff(next);
  };
  return (
    <div className="log-panel">
      <div className="log-toolbar" role="toolbar" aria-label="Event filters">
        <input className="input compact" type="search" placeholder="Filter events…" aria-label="Filter events" value={text} onChange={(e) => setText(e.target.value)} data-testid="log-filter" />
        {LOG_CATEGORIES.map((c) => (
          <button key={c} type="button" className="btn small" aria-pressed={!off.has(c)} onClick={() => toggle(c)} data-testid={`log-cat-${c}`}>
            {c}
          </button>
        ))}
        <span className="spacer" />
        {dropped > 0 ? <span className="pill warn">{dropped} not shown by the host</span> : null}
        <button type="button" className="btn small" onClick={() => stores.live.getState().clearLog()}>
          Clear
        </button>
      </div>
      <ol className="log-list" aria-label="Events, newest first" data-testid="event-log">
        {rows.length === 0 ? <li className="empty">No events{q ? ' match the filter' : ' yet'}.</li> : null}
        {rows.map((e) => (
          <li key={e.id} className={`log-row ${e.severity}`} data-category={e.category}>
            <span className="log-time mono">{new Date(e.wall).toLocaleTimeString([], { hour12: false })}</span>
            <span className={`pill log-cat ${e.severity === 'error' ? 'danger' : e.severity === 'warn' ? 'warn' : ''}`}>{e.category}</span>
            {e.nodeId ? (
              <button type="button" className="log-text linklike" onClick={() => selectIds(stores, [e.nodeId!])}>
                {e.text}
              </button>
            ) : (
              <span className="log-text">{e.text}</span>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
