import { Background, BackgroundVariant, Controls, ReactFlow, useReactFlow } from '@xyflow/react';
import type { Connection, IsValidConnection } from '@xyflow/react';
import { useCallback, useEffect } from 'react';
import type { DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { addElement, connectNodes } from '../stores/graph-commands.ts';
import type { PaletteItem } from '../stores/graph-commands.ts';
import { useGraph, useStores, useUi } from '../stores/store-context.tsx';
import { planConnect } from './connect-rules.ts';
import { EDGE_TYPES } from './edge-registry.ts';
import type { AppEdge, AppNode } from './flow-types.ts';
import { NODE_TYPES } from './node-registry.ts';
import { AutoMiniMap } from './auto-minimap.tsx';
import { CanvasLegend, EmptyCanvas } from './canvas-overlays.tsx';
import { useFit } from './use-fit.ts';
import { useFollowView } from './use-follow-view.ts';
import { useTraceFocus } from './use-trace-focus.ts';

/** Above this many edges, 'auto' motion keeps edges still. */
const MAX_ANIMATED_EDGES = 40;

/** The drag-and-drop type the palette sets. */
export const PALETTE_MIME = 'application/x-brokerlab-palette';

/** The React Flow canvas: nodes and edges from the graph store, edits back through it. */
export function GraphCanvas() {
  const stores = useStores();
  const { nodes, edges, onNodesChange, onEdgesChange } = useGraph(useShallow((s) => ({ nodes: s.nodes, edges: s.edges, onNodesChange: s.onNodesChange, onEdgesChange: s.onEdgesChange })));
  const theme = useUi((s) => s.theme);
  const flow = useReactFlow<AppNode, AppEdge>();
  const fit = useFit();
  const onMoveStart = useFollowView(fit);
  useTraceFocus();
  const layoutEpoch = useGraph((s) => s.layoutEpoch);
  const edgeCount = useGraph((s) => s.edges.length);
  const motion = useUi((s) => s.motion);
  // Moving dashes and dots repaint the graph every frame: on large graphs 'auto' keeps edges still (thickness and rate labels still show flow).
  useEffect(() => {
    const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    stores.ui.getState().setAnimate(motion === 'on' || (motion === 'auto' && !reduced && edgeCount <= MAX_ANIMATED_EDGES));
  }, [motion, edgeCount, stores]);
  useEffect(() => {
    if (layoutEpoch > 0) fit();
  }, [layoutEpoch, fit]);

  const isValidConnection = useCallback<IsValidConnection<AppEdge>>(
    (c) => {
      const byId = (id: string): AppNode | undefined => stores.graph.getState().nodes.find((n) => n.id === id);
      return planConnect(byId(c.source), byId(c.target)).ok;
    },
    [stores],
  );
  const onConnect = useCallback((c: Connection) => void connectNodes(stores, c.source, c.target), [stores]);
  const onDrop = useCallback(
    (e: DragEvent) => {
      const raw = e.dataTransfer.getData(PALETTE_MIME);
      if (!raw) return;
      e.preventDefault();
      const at = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      void addElement(stores, JSON.parse(raw) as PaletteItem, { x: Math.round(at.x - 100), y: Math.round(at.y - 30) });
    },
    [flow, stores],
  );
  const onSelectionChange = useCallback(
    ({ nodes: ns, edges: es }: { nodes: AppNode[]; edges: AppEdge[] }) => {
      const ids = [...ns.map((n) => n.id), ...es.map((e) => e.id)];
      const cur = stores.ui.getState().selection;
      if (ids.length !== cur.length || ids.some((id, i) => cur[i] !== id)) stores.ui.getState().select(ids);
    },
    [stores],
  );
  const dark = theme === 'dark' || (theme === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);

  return (
    <div className="canvas" data-testid="canvas" onDragOver={(e) => e.dataTransfer.types.includes(PALETTE_MIME) && e.preventDefault()} onDrop={onDrop}>
      <ReactFlow<AppNode, AppEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onSelectionChange={onSelectionChange}
        onMoveStart={onMoveStart}
        colorMode={dark ? 'dark' : 'light'}
        deleteKeyCode={null}
        multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
        selectionKeyCode="Shift"
        fitView
        fitViewOptions={{ padding: 0.25, maxZoom: 1.1 }}
        minZoom={0.15}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
        ariaLabelConfig={{ 'node.a11yDescription.default': 'Press Enter or Space to select. Arrow keys move the selected node. Delete removes it.' }}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="var(--grid)" />
        <AutoMiniMap />
        <Controls showInteractive={false} onFitView={() => stores.ui.getState().setFollowView(true)} aria-label="Zoom controls" />
      </ReactFlow>
      {nodes.length === 0 ? <EmptyCanvas /> : <CanvasLegend />}
    </div>
  );
}
