import { Position, getBezierPath, getSmoothStepPath } from '@xyflow/react';
import type { AppEdge, AppNode, XY } from '../flow-types.ts';
import { bindingText } from './binding-label.ts';

/** Labels longer than this are cut with an ellipsis; the full text is the tooltip and the accessible name. */
export const LABEL_MAX_CHARS = 18;

/** A label as drawn: at most `LABEL_MAX_CHARS` characters. */
export function shortLabel(text: string): string {
  return text.length <= LABEL_MAX_CHARS ? text : `${text.slice(0, LABEL_MAX_CHARS - 1)}…`;
}

/** Vertical distance between the stacked labels of bindings that share two nodes. */
export const LANE_GAP = 24;

/** Where the label of binding `lane` of `lanes` between the same two nodes sits, from its path's midpoint. */
export function laneY(midY: number, lane: number, lanes: number): number {
  return midY + (lane - (lanes - 1) / 2) * LANE_GAP;
}

/** The bezier path of a binding or flow edge, and its label anchor (React Flow's own geometry). */
export function bezier(s: XY, t: XY): [string, number, number] {
  const [path, x, y] = getBezierPath({ sourceX: s.x, sourceY: s.y, targetX: t.x, targetY: t.y, sourcePosition: Position.Right, targetPosition: Position.Left });
  return [path, x, y];
}

/** A label's box in flow coordinates (11 px monospace: about 6.7 px a character, plus padding and border). */
export interface LabelBox {
  edge: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

function box(edge: string, text: string, cx: number, cy: number): LabelBox {
  const width = Math.ceil(shortLabel(text).length * 6.7 + 16);
  return { edge, x: cx - width / 2, y: cy - 9, width, height: 18 };
}

/**
 * The label boxes a graph shows at rest (no rates yet), computed from node
 * positions and sizes as the edge components place them: for layout checks.
 */
export function labelBoxes(nodes: readonly AppNode[], edges: readonly AppEdge[], size: (n: AppNode) => { width: number; height: number }): LabelBox[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out: LabelBox[] = [];
  for (const e of edges) {
    const a = byId.get(e.source);
    const b = byId.get(e.target);
    if (!a || !b || !e.data) continue;
    const sa = size(a);
    const sb = size(b);
    const target = { x: b.position.x, y: b.position.y + sb.height / 2 };
    if (e.data.kind === 'dead-letter' || e.data.kind === 'alternate') {
      const [, x, y] = getSmoothStepPath({ sourceX: a.position.x + sa.width / 2, sourceY: a.position.y + sa.height, targetX: target.x, targetY: target.y, sourcePosition: Position.Bottom, targetPosition: Position.Left, offset: 24, borderRadius: 10 });
      out.push(box(e.id, e.data.label, x, y));
      continue;
    }
    const [, x, y] = bezier({ x: a.position.x + sa.width, y: a.position.y + sa.height / 2 }, target);
    if (e.data.kind === 'binding') out.push(box(e.id, bindingText(e.data.exchangeType, e.data.binding), x, laneY(y, e.data.lane, e.data.lanes)));
    else if (e.data.label !== '') out.push(box(e.id, e.data.label, x, y));
  }
  return out;
}

/** Pairs of label boxes that overlap. */
export function overlappingLabels(boxes: readonly LabelBox[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const p = boxes[i]!;
      const q = boxes[j]!;
      if (p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height) out.push([p.edge, q.edge]);
    }
  }
  return out;
}
