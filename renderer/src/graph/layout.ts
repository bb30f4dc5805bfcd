import dagre from '@dagrejs/dagre';
import type { AppEdge, AppNode, XY } from './flow-types.ts';
import type { Box } from './wrap-columns.ts';
import { wrapColumns } from './wrap-columns.ts';

/** Node sizes before React Flow has measured them (as the node cards render). */
const DEFAULT_SIZE: Record<AppNode['type'] & string, { width: number; height: number }> = {
  exchange: { width: 240, height: 82 },
  queue: { width: 240, height: 120 },
  producer: { width: 240, height: 82 },
  consumer: { width: 240, height: 101 },
  client: { width: 240, height: 101 },
};
const COLUMN_GAP = 370;
const ROW_GAP = 120;

export function sizeOf(n: AppNode): { width: number; height: number } {
  const d = DEFAULT_SIZE[n.type] ?? DEFAULT_SIZE.queue;
  return { width: n.measured?.width ?? d.width, height: n.measured?.height ?? d.height };
}

/** Columns by role, left to right: producers, exchanges, queues, consumers. */
const RANK: Record<AppNode['type'] & string, number> = { producer: 0, exchange: 1, queue: 2, consumer: 3, client: 3 };

/** A node's column; a real client that only publishes stands with the producers. */
function rankOf(n: AppNode): number {
  if (n.type === 'client' && n.data.connection.consumes.length === 0 && n.data.connection.publishesTo.length + n.data.connection.sendsTo.length > 0) return 0;
  return RANK[n.type] ?? 1;
}

/**
 * Lay the whole graph out left to right with dagre (producers → exchanges →
 * queues → consumers), wrapped into rows when that shows it larger, returning
 * new positions by node id.
 */
export function layoutPositions(nodes: readonly AppNode[], edges: readonly AppEdge[]): Map<string, XY> {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 150, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, sizeOf(n));
  for (const e of edges) {
    // Dead-letter and alternate links count too: their targets go right of their sources (dagre breaks cycles).
    if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target, { minlen: 1, weight: e.type === 'link' ? 0.5 : 1 }, e.id);
  }
  dagre.layout(g);
  const boxes = new Map<string, Box>();
  for (const n of nodes) {
    const p = g.node(n.id) as { x: number; y: number } | undefined;
    const s = sizeOf(n);
    if (p) boxes.set(n.id, { x: Math.round(p.x - s.width / 2), y: Math.round(p.y - s.height / 2), ...s });
  }
  // Long chains (exchange → exchange → queue → DLX → DLQ …) wrap into rows rather than shrink to fit.
  return wrapColumns(boxes);
}

/** The same nodes laid out by dagre. */
export function autoLayout(nodes: readonly AppNode[], edges: readonly AppEdge[]): AppNode[] {
  const pos = layoutPositions(nodes, edges);
  return nodes.map((n) => ({ ...n, position: pos.get(n.id) ?? n.position }) as AppNode);
}

/**
 * Give positions to nodes that have none: a hint when there is one; the whole
 * graph laid out when most nodes are new (an import, a loaded scenario);
 * otherwise the first free spot in the node's role column, beside the rest.
 */
export function placeNewNodes(nodes: AppNode[], edges: readonly AppEdge[], prev: ReadonlyMap<string, AppNode>, hints: Readonly<Record<string, XY>>): { nodes: AppNode[]; laidOut: boolean; placed: number } {
  const isNew = (n: AppNode): boolean => !prev.has(n.id) && hints[n.id] === undefined;
  const newcomers = nodes.filter(isNew);
  if (newcomers.length === 0 && nodes.every((n) => prev.has(n.id))) return { nodes, laidOut: false, placed: 0 };
  if (newcomers.length > 0 && newcomers.length >= Math.max(2, nodes.length * 0.5)) return { nodes: autoLayout(nodes, edges), laidOut: true, placed: newcomers.length };
  const placed = nodes.filter((n) => !isNew(n)).map((n) => (prev.has(n.id) ? n : ({ ...n, position: hints[n.id]! } as AppNode)));
  const taken = placed.map((n) => n.position);
  // Column 0 (producers) sits where the placed nodes put it, whatever their roles.
  const base = placed.length ? Math.min(...placed.map((n) => n.position.x - rankOf(n) * COLUMN_GAP)) : 0;
  const minY = taken.length ? Math.min(...taken.map((p) => p.y)) : 0;
  const byId = new Map(placed.map((n) => [n.id, n]));
  for (const n of newcomers) {
    const x = base + rankOf(n) * COLUMN_GAP;
    let y = minY;
    while (taken.some((p) => Math.abs(p.x - x) < 180 && Math.abs(p.y - y) < ROW_GAP - 10)) y += ROW_GAP;
    const pos = { x, y };
    taken.push(pos);
    byId.set(n.id, { ...n, position: pos } as AppNode);
  }
  return { nodes: nodes.map((n) => byId.get(n.id) ?? n), laidOut: false, placed: newcomers.length };
}
