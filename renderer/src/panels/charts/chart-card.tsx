import { memo, useMemo, useRef, useState } from 'react';
import { Icon } from '../../components/icons.tsx';
import type { HistoryPoint } from '../../model/history-book.ts';
import { historyCsv, thin } from '../../model/history-book.ts';
import { download, slug } from '../../util/download.ts';
import { exportPng } from './chart-export.ts';
import { ChartPlot } from './chart-plot.tsx';
import type { Row } from './plot-geometry.ts';
import type { ChartDef } from './series-defs.ts';
import { unitLabel } from './series-defs.ts';
import { useLagged } from '../../util/use-paced.ts';

/** At most this many points are drawn per line (a long window is thinned; CSV keeps every sample). */
const MAX_DRAWN = 100;

/**
 * One chart: its lines over the window, hover values, and PNG/CSV export. Redraws `lagMs` after its points change.
 * `simulated`: time is a scenario's clock, so timed units read per simulated second.
 */
export const ChartCard = memo(function ChartCard({ def, points: latest, subject, lagMs = 0, simulated }: { def: ChartDef; points: readonly HistoryPoint[]; subject: string; lagMs?: number; simulated: boolean }) {
  const unit = unitLabel(def, simulated);
  const box = useRef<HTMLElement>(null);
  // Keyboard focus in the card mounts the tooltip layer, so its lines can be stepped through with the arrow keys.
  const [focused, setFocused] = useState(false);
  const points = useLagged(latest, lagMs);
  const all: Row[] = useMemo(
    () =>
      points.map((p) => {
        const r: Row = { t: p.t };
        for (const s of def.series) r[s.key] = Number.isFinite(p[s.key]) ? p[s.key] : null;
        return r;
      }),
    [points, def],
  );
  const rows = useMemo(() => thin(all, MAX_DRAWN) as Row[], [all]);
  const present = useMemo(() => def.series.filter((s) => all.some((r) => r[s.key] !== null)), [all, def]);
  const name = `${slug(subject)}-${def.id}`;
  // The largest value of each series in the window: for tests and screen readers, not drawn.
  const peaks = present.map((s) => `${s.key}:${Math.max(...all.map((r) => r[s.key] ?? 0))}`).join(' ');
  return (
    <figure
      className="chart-card"
      ref={box}
      data-testid={`chart-${def.id}`}
      data-peaks={peaks}
      aria-label={`${def.title} chart for ${subject}`}
      onFocus={() => setFocused(true)}
      onBlur={(e) => setFocused(box.current?.contains(e.relatedTarget as Node | null) ?? false)}
    >
      <figcaption className="chart-head">
        <span className="chart-title">{def.title}</span>
        <span className="chart-unit" data-testid={`chart-unit-${def.id}`} title={def.timed && simulated ? 'per simulated second: the same at any speed' : undefined}>
          {unit}
        </span>
        <span className="spacer" />
        <button type="button" className="btn icon ghost small" aria-label={`Export ${def.title} as PNG`} title="Export PNG" onClick={() => box.current && void exportPng(box.current, name, `${def.title} (${unit}): ${subject}`, present)} data-testid={`export-png-${def.id}`}>
          <Icon name="download" size={13} />
        </button>
        <button
          type="button"
          className="btn ghost small"
          aria-label={`Export ${def.title} as CSV`}
          title="Export CSV"
          onClick={() => download(`${name}.csv`, historyCsv(latest, def.series.map((s) => s.key)), 'text/csv')}
          data-testid={`export-csv-${def.id}`}
        >
          CSV
        </button>
      </figcaption>
      <div className="chart-body">
        {present.length === 0 ? (
          <div className="chart-empty">{def.id === 'latency' || def.id === 'ordering' ? 'Measured by simulated consumers: run a scenario.' : 'No samples yet.'}</div>
        ) : (
          <ChartPlot rows={rows} present={present} simulated={simulated} active={focused} label={`${def.title} (${unit}) over time: ${present.map((s) => s.label).join(', ')}`} />
        )}
      </div>
      {present.length > 0 ? (
        // In HTML, not recharts' Legend: that one measures itself in the DOM on every redraw.
        <ul className="chart-legend" aria-label={`${def.title} lines`}>
          {present.map((s) => (
            <li key={s.key} className="chart-legend-item" data-testid="legend-item">
              <svg width="14" height="6" aria-hidden="true">
                <line x1="0" y1="3" x2="14" y2="3" stroke={s.color} strokeWidth="2" strokeDasharray={s.dash ?? '0'} />
              </svg>
              <span>{s.label}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </figure>
  );
});
