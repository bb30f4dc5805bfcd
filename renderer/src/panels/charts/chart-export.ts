import { download } from '../../util/download.ts';

/**
 * Export a chart's SVG as a PNG: the SVG is serialised with the theme's
 * colours resolved, drawn on a canvas over the panel background, and saved.
 */
export async function exportPng(container: HTMLElement, name: string): Promise<void> {
  const svg = container.querySelector('svg.recharts-surface');
  if (!svg) return;
  const { width, height } = svg.getBoundingClientRect();
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
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
    const scale = window.devicePixelRatio || 1;
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    ctx.fillStyle = style.getPropertyValue('--panel').trim() || '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(img, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
    if (blob) download(`${name}.png`, blob);
  } finally {
    URL.revokeObjectURL(url);
  }
}
