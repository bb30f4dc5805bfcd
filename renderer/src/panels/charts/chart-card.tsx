import { memo, useMemo, useRef } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Icon } from '../../components/icons.tsx';
import type { HistoryPoint } from '../../model/history-book.ts';
import { historyCsv, thin } from '../../model/history-book.ts';
import { compact, duration } from '../../util/format.ts';
import { download, slug } from '../../util/download.ts';
import { exportPng } from './chart-export.ts';
import type { ChartDef, SeriesDef } from './series-defs.ts';
import { unitLabel } from './series-defs.ts';
import { useLagged } from '../../util/use-paced.ts';

/** At most this many points are drawn per line (a long window is thinned; CSV keeps every sample). */
const MAX_DRAWN = 100;

type Row = { t: number } & Record<string, number | null>;

interface TickProps {
  x?: number;
  y?: number;
  payload?: { value: number };
  textAnchor?: string;
}

/** An axis label as a plain <text>: recharts' own Text measures every word in the DOM on each update. */
function plainTick(format: (v: number) => string, axis: 'x' | 'y') {
  return function PlainTick({ x = 0, y = 0, payload }: TickProps) {
    return (
      <text x={x} y={axis === 'x' ? y + 11 : y + 3} textAnchor={axis === 'x' ? 'middle' : 'end'} fontSize={10} fontFamily="system-ui, sans-serif" fill="var(--text-faint)">
        {format(payload?.value ?? 0)}
      </text>
    );
  };
}

const X_TICK = plainTick((t) => duration(t), 'x');
const Y_TICK = plainTick((v) => compact(v), 'y');

/**
 * One chart: its lines over the window, hover values, and PNG/CSV export. Redraws `lagMs` after its points change.
 * `simulated`: time is a scenario's clock, so timed units read per simulated second.
 */
export const ChartCard = memo(function ChartCard({ def, points: latest, subject, lagMs = 0, simulated }: { def: ChartDef; points: readonly HistoryPoint[]; subject: string; lagMs?: number; simulated: boolean }) {
  const unit = unitLabel(def, simulated);
  const box = useRef<HTMLDivElement>(null);
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
    <figure className="chart-card" ref={box} data-testid={`chart-${def.id}`} data-peaks={peaks} aria-label={`${def.title} chart for ${subject}`}>
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
          <Plot rows={rows} present={present} simulated={simulated} />
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

/** The plot alone, redrawn only when its rows or lines change (a recharts redraw is the costly part). */
const Plot = memo(function Plot({ rows, present, simulated }: { rows: Row[]; present: readonly SeriesDef[]; simulated: boolean }) {
  // Ticks given up front (interval 0): recharts then skips measuring every label in the DOM on each update.
  const t0 = rows[0]?.t ?? 0;
  const t1 = rows[rows.length - 1]?.t ?? 0;
  const xTicks = t1 > t0 ? [0, 1, 2, 3, 4].map((i) => Math.round(t0 + ((t1 - t0) * i) / 4)) : [t0];
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={rows} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} ticks={xTicks} interval={0} tick={<X_TICK />} stroke="var(--text-faint)" fontSize={10} tickLine={false} />
        <YAxis stroke="var(--text-faint)" fontSize={10} tickLine={false} axisLine={false} width={42} interval={0} tick={<Y_TICK />} />
        <Tooltip
          contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border-strong)', borderRadius: 6, fontSize: 12 }}
          labelStyle={{ color: 'var(--text-muted)' }}
          labelFormatter={(t) => `${simulated ? 'simulated ' : ''}t = ${duration(Number(t))}`}
          formatter={(v) => (typeof v === 'number' ? compact(v) : String(v))}
        />
        {present.map((s) => (
          <Line key={s.key} dataKey={s.key} name={s.label} stroke={s.color} strokeDasharray={s.dash ?? "0"} dot={false} strokeWidth={1.8} isAnimationActive={false} connectNulls={false} />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
});
