/** One line of a chart. */
export interface ChartSeries {
  name: string;
  values: readonly number[];
  color: string;
}

export interface LineChartSpec {
  title: string;
  /** X values (seconds). */
  xs: readonly number[];
  series: readonly ChartSeries[];
  unit: string;
  width?: number;
  height?: number;
}

/** Escape text for HTML and SVG. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A round number at or above `v` (1, 2, 5 × 10^n) for the axis top. */
function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function label(v: number): string {
  if (v >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (v >= 1e4) return `${+(v / 1e3).toFixed(1)}k`;
  return `${+v.toFixed(2)}`;
}

/**
 * A line chart as a standalone SVG string: axes with four gridlines, one
 * polyline per series, a legend. No scripts, no external assets.
 */
export function lineChart(spec: LineChartSpec): string {
  const W = spec.width ?? 720;
  const H = spec.height ?? 220;
  const L = 56;
  const R = 12;
  const T = 28;
  const B = 30;
  const xs = spec.xs;
  const xMax = xs.length > 0 ? Math.max(...xs) : 1;
  const xMin = xs.length > 0 ? Math.min(...xs) : 0;
  const yMax = niceCeil(Math.max(0, ...spec.series.flatMap((s) => s.values)));
  const x = (v: number): number => L + ((v - xMin) / (xMax - xMin || 1)) * (W - L - R);
  const y = (v: number): number => T + (1 - v / yMax) * (H - T - B);
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(spec.title)}">`];
  parts.push(`<text x="${L}" y="16" class="t">${esc(spec.title)} (${esc(spec.unit)})</text>`);
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    parts.push(`<line x1="${L}" x2="${W - R}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="g"/>`);
    parts.push(`<text x="${L - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" class="a">${label(v)}</text>`);
  }
  for (const v of [xMin, (xMin + xMax) / 2, xMax]) {
    parts.push(`<text x="${x(v).toFixed(1)}" y="${H - 10}" text-anchor="middle" class="a">${label(v)} s</text>`);
  }
  let lx = W - R;
  for (const s of [...spec.series].reverse()) {
    lx -= 8 + s.name.length * 7;
    parts.push(`<rect x="${lx}" y="8" width="10" height="3" fill="${s.color}"/><text x="${lx + 13}" y="13" class="a">${esc(s.name)}</text>`);
    lx -= 14;
  }
  for (const s of spec.series) {
    const pts = s.values.map((v, i) => `${x(xs[i] ?? 0).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="1.5" points="${pts}"/>`);
  }
  parts.push('</svg>');
  return parts.join('');
}
