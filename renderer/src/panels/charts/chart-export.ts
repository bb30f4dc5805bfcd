import { download } from '../../util/download.ts';

/**
 * Export a chart's SVG as a PNG: the SVG is serialised with the theme's
 * colours resolved, drawn on a canvas over the panel background, and saved.
 */
export async function exportPng(container: HTMLElement, name: string, title: string, legend: readonly { label: string; color: string }[]): Promise<void> {
  // The plot itself (grid, axes, lines), not the hover layer over it nor the legend's icons.
  const svg = container.querySelector('svg.chart-svg');
  if (!svg) return;
  const { width, height: plotHeight } = svg.getBoundingClientRect();
  const head = 28;
  // Legend lines: as many entries per line as fit.
  const perLine = Math.max(1, Math.floor(width / 110));
  const foot = 10 + Math.ceil(legend.length / perLine) * 18;
  const height = plotHeight + head + foot;
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(plotHeight));
  const style = getComputedStyle(container);
  // CSS variables do not survive outside the page: inline the values the chart uses.
  const text = new XMLSerializer().serializeToString(clone).replace(/var\((--[\w-]+)\)/g, (_m, v: string) => style.getPropertyValue(v).trim() || '#888');
  const img = new Image();
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('could not render the chart'));
      img.src = url;
    });
    const scale = Math.max(2, window.devicePixelRatio || 1);
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    const color = (v: string): string => v.replace(/var\((--[\w-]+)\)/, (_m, n: string) => style.getPropertyValue(n).trim() || '#888');
    ctx.fillStyle = style.getPropertyValue('--panel').trim() || '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.fillStyle = style.getPropertyValue('--text').trim() || '#000';
    ctx.font = '600 13px system-ui, sans-serif';
    ctx.fillText(title, 10, 19);
    ctx.drawImage(img, 0, head, width, plotHeight);
    // The legend, in words and colours (the page draws it in HTML, outside the SVG).
    ctx.font = '11px system-ui, sans-serif';
    legend.forEach((l, i) => {
      const x = 10 + (i % perLine) * 110;
      const y = head + plotHeight + 14 + Math.floor(i / perLine) * 18;
      ctx.fillStyle = color(l.color);
      ctx.fillRect(x, y - 4, 14, 3);
      ctx.fillStyle = style.getPropertyValue('--text-muted').trim() || '#555';
      ctx.fillText(l.label, x + 18, y);
    });
    const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
    if (blob) download(`${name}.png`, blob);
  } finally {
    URL.revokeObjectURL(url);
  }
}
