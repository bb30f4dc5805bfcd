import { useReactFlow } from '@xyflow/react';
import { useCallback, useEffect } from 'react';
import { useGraph, useStores } from '../stores/store-context.tsx';
import type { AppNode } from './flow-types.ts';
import { sizeOf } from './layout.ts';

/**
 * Keep nodes that appear on their own in view. A real client connecting, a
 * queue it declares, or a client that starts publishing and moves to the
 * producers' column is placed beside the rest, possibly off-screen. Until
 * the user pans or zooms, the view follows: when such a placement leaves a
 * node outside the visible pane, the graph is fitted again. Panning or
 * zooming by hand stops that; any fit (layout, the fit button or key, the
 * zoom controls) starts it again. Returns React Flow's `onMoveStart`.
 */
export function useFollowView(fit: () => void): (e: MouseEvent | TouchEvent | null) => void {
  const flow = useReactFlow<AppNode>();
  const stores = useStores();
  const placedEpoch = useGraph((s) => s.placedEpoch);
  useEffect(() => {
    if (placedEpoch === 0 || !stores.ui.getState().followView) return;
    const frame = requestAnimationFrame(() => {
      const pane = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
      const nodes = flow.getNodes();
      if (!pane || nodes.length === 0) return;
      const card = document.querySelector('[data-testid="explanation"]')?.getBoundingClientRect();
      const top = Math.max(pane.top, card ? card.bottom : pane.top);
      // A node just placed is not measured yet: its usual size stands in.
      const out = nodes.some((n) => {
        const size = sizeOf(n);
        const from = flow.flowToScreenPosition(n.position);
        const to = flow.flowToScreenPosition({ x: n.position.x + size.width, y: n.position.y + size.height });
        return from.x < pane.left || from.y < top || to.x > pane.right || to.y > pane.bottom;
      });
      if (out) fit();
    });
    return () => cancelAnimationFrame(frame);
  }, [placedEpoch, flow, fit, stores]);
  return useCallback(
    (e: MouseEvent | TouchEvent | null) => {
      // Programmatic moves (fits, the trace's focus) come without an event.
      if (e) stores.ui.getState().setFollowView(false);
    },
    [stores],
  );
}
