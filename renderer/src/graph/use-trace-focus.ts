import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { useUi } from '../stores/store-context.tsx';

const EDGE = 48;
const TOP = 72;

/**
 * When a trace appears, bring its path into view beside the trace card (which
 * sits over the canvas's bottom-left): right of it or above it, whichever
 * shows the path larger. It pans, and zooms out only when the path does not
 * fit at the current zoom.
 */
export function useTraceFocus(): void {
  const flow = useReactFlow();
  const trace = useUi((s) => s.trace);
  useEffect(() => {
    if (!trace || trace.nodeIds.length === 0) return;
    const frame = requestAnimationFrame(() => {
      const pane = document.querySelector('.canvas-wrap')?.getBoundingClientRect();
      const card = document.querySelector('[data-testid="trace-card"]')?.getBoundingClientRect();
      const shown = new Set(flow.getNodes().map((n) => n.id));
      const nodes = trace.nodeIds.filter((id) => shown.has(id)).map((id) => ({ id }));
      if (!pane || nodes.length === 0) return;
      const bounds = flow.getNodesBounds(nodes.map((n) => n.id));
      const right = card ? Math.round(card.right - pane.left + 24) : EDGE;
      const above = card ? Math.round(pane.bottom - card.top + 24) : EDGE;
      const fits = (left: number, bottom: number): number => Math.min((pane.width - left - EDGE) / Math.max(1, bounds.width), (pane.height - TOP - bottom) / Math.max(1, bounds.height));
      const beside = fits(right, EDGE) >= fits(EDGE, above);
      const px = (n: number) => `${n}px` as const;
      const padding = beside ? { left: px(right), right: px(EDGE), top: px(TOP), bottom: px(EDGE) } : { left: px(EDGE), right: px(EDGE), top: px(TOP), bottom: px(above) };
      void flow.fitView({ nodes, padding, maxZoom: flow.getZoom(), duration: 250 });
    });
    return () => cancelAnimationFrame(frame);
  }, [trace, flow]);
}
