import { MiniMap, useStore } from '@xyflow/react';
import type { ReactFlowState } from '@xyflow/react';

const MINIMAP_COLORS: Record<string, string> = { exchange: 'var(--exchange)', queue: 'var(--queue)', producer: 'var(--producer)', consumer: 'var(--consumer)', client: 'var(--client)' };

/** Whether some node lies (partly) outside the visible pane. */
function overflows(s: ReactFlowState): boolean {
  const [tx, ty, zoom] = s.transform;
  for (const n of s.nodeLookup.values()) {
    const { x, y } = n.internals.positionAbsolute;
    const w = n.measured.width ?? n.width ?? 0;
    const h = n.measured.height ?? n.height ?? 0;
    if (x * zoom + tx < 0 || y * zoom + ty < 0 || (x + w) * zoom + tx > s.width || (y + h) * zoom + ty > s.height) return true;
  }
  return false;
}

/**
 * The mini map, shown only while part of the graph is out of view: it is for
 * finding your way in a graph larger than the pane. When the whole graph is
 * in view (after a fit) it would only cover the bottom-right nodes, which is
 * where consumers sit.
 */
export function AutoMiniMap() {
  const needed = useStore(overflows);
  if (!needed) return null;
  return <MiniMap pannable zoomable nodeColor={(n) => MINIMAP_COLORS[n.type ?? ''] ?? 'var(--border)'} nodeStrokeWidth={0} ariaLabel="Mini map" />;
}
