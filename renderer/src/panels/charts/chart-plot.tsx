import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { compact, duration } from '../../util/format.ts';
import type { Frame, Row, Scales } from './plot-geometry.ts';
import { MARGIN, frameOf, linePath, scalesOf, xOf, yOf } from './plot-geometry.ts';
import type { SeriesDef } from './series-defs.ts';

const TEXT = { fontSize: 10, fontFamily: 'system-ui, sans-serif', fill: 'var(--text-faint)' } as const;

/** The size of an element, kept up to date (what recharts' ResponsiveContainer measured). */
function useSize(el: React.RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const ro = new ResizeObserver(([e]) => {
      if (!e) return;
      const width = Math.round(e.contentRect.width);
      const height = Math.round(e.contentRect.height);
      setSize((s) => (s.width === width && s.height === height ? s : { width, height }));
    });
    ro.observe(node);
    return () => ro.disconnect();
  }, [el]);
  return size;
}

/**
 * A chart's plot: grid, axes and one `<path>` per series, computed here
 * (plot-geometry.ts) and drawn as plain SVG, so a redraw is a few attribute
 * writes. Recharts (a redraw of its own pipeline cost tens of ms per chart)
 * is mounted on top only while the pointer or keyboard focus is on the chart,
 * for the hover tooltip and its keyboard navigation, on the same frame and scales.
 */
export const ChartPlot = memo(function ChartPlot({ rows, present, simulated, label, active }: { rows: Row[]; present: readonly SeriesDef[]; simulated: boolean; label: string; active: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const { width, height } = useSize(box);
  const [hover, setHover] = useState(false);
  const f = frameOf(width, height);
  const keys = useMemo(() => present.map((s) => s.key), [present]);
  const s = useMemo(() => scalesOf(rows, keys), [rows, keys]);
  return (
    <div className="chart-plot" ref={box} onPointerEnter={() => setHover(true)} onPointerLeave={() => setHover(false)}>
      {width > 0 && height > 0 ? (
        <>
          <svg className="chart-svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
            <Grid f={f} s={s} />
            {present.map((p) => (
              <path key={p.key} className="chart-line" data-series={p.key} d={linePath(f, s, rows, p.key)} stroke={p.color} strokeWidth={1.8} strokeDasharray={p.dash ?? '0'} fill="none" />
            ))}
            <Axes f={f} s={s} />
          </svg>
          {hover || active ? <HoverLayer rows={rows} present={present} simulated={simulated} f={f} s={s} /> : null}
        </>
      ) : null}
    </div>
  );
});

function Grid({ f, s }: { f: Frame; s: Scales }) {
  return (
    <g className="chart-grid">
      {s.yTicks.map((v) => {
        const y = yOf(f, s, v);
        return <line key={v} x1={f.left} y1={y} x2={f.right} y2={y} stroke="var(--grid)" strokeDasharray="3 3" fill="none" />;
      })}
    </g>
  );
}

/** The time axis (line and labels) and the value labels, placed as recharts places them. */
function Axes({ f, s }: { f: Frame; s: Scales }) {
  return (
    <g className="chart-axes">
      <line x1={f.left} y1={f.bottom} x2={f.right} y2={f.bottom} stroke="var(--text-faint)" fill="none" />
      {s.xTicks.map((t) => (
        <text key={`x${t}`} x={xOf(f, s, t)} y={f.bottom + 19} textAnchor="middle" {...TEXT}>
          {duration(t)}
        </text>
      ))}
      {s.yTicks.map((v) => (
        <text key={`y${v}`} x={f.left - 8} y={yOf(f, s, v) + 3} textAnchor="end" {...TEXT}>
          {compact(v)}
        </text>
      ))}
    </g>
  );
}

/** Recharts' tooltip, cursor and active dots over the plot: invisible lines on the same frame and domains. */
function HoverLayer({ rows, present, simulated, f, s }: { rows: Row[]; present: readonly SeriesDef[]; simulated: boolean; f: Frame; s: Scales }) {
  return (
    <div className="chart-hover">
      <LineChart width={f.width} height={f.height} data={rows} margin={MARGIN}>
        <XAxis dataKey="t" type="number" domain={[s.t0, s.t1]} hide />
        <YAxis type="number" domain={[s.y0, s.y1]} hide />
        <Tooltip
          contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border-strong)', borderRadius: 6, fontSize: 12 }}
          labelStyle={{ color: 'var(--text-muted)' }}
          labelFormatter={(t) => `${simulated ? 'simulated ' : ''}t = ${duration(Number(t))}`}
          formatter={(v) => (typeof v === 'number' ? compact(v) : String(v))}
        />
        {present.map((p) => (
          <Line key={p.key} dataKey={p.key} name={p.label} stroke={p.color} strokeOpacity={0} dot={false} isAnimationActive={false} connectNulls={false} />
        ))}
      </LineChart>
    </div>
  );
}
