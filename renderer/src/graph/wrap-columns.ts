import type { XY } from './flow-types.ts';

/** A laid-out node: top-left corner and size. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The canvas a layout is made to fit at its default view (the graph pane beside palette and inspector). */
export const VIEW = { width: 1000, height: 460 };
/** The default view never zooms in past about this, so showing larger than 1:1 gains nothing. */
const MAX_SCALE = 1;
/** Graphs with at most this many columns never wrap. */
const MIN_WRAP = 4;
/** Vertical gap between wrapped rows. */
export const ROW_GAP = 90;

/**
 * Fold a left-to-right layout that is too wide into rows, as text wraps:
 * columns (ranks) 0..k-1 stay, k..2k-1 go below them, and so on. The number
 * of rows is the one that lets the whole graph show largest in `view`; a
 * graph that fits best on one row is returned unchanged. Pure.
 */
export function wrapColumns(boxes: ReadonlyMap<string, Box>, view = VIEW): Map<string, XY> {
  const cols = columnsOf(boxes);
  let best = { rows: 1, scale: scaleOf(rowsOf(cols, cols.length), view) };
  // Producers → exchanges → queues → consumers is the picture people know: only longer chains wrap, three columns a row at least.
  for (let rows = 2; cols.length > MIN_WRAP && Math.ceil(cols.length / rows) >= 3; rows++) {
    const scale = scaleOf(rowsOf(cols, Math.ceil(cols.length / rows)), view);
    // A clearly better fit only: wrapping makes edges turn back, so it must pay for itself.
    if (scale > best.scale * 1.15) best = { rows, scale };
  }
  const out = new Map<string, XY>();
  if (best.rows === 1) {
    for (const [id, b] of boxes) out.set(id, { x: b.x, y: b.y });
    return out;
  }
  const rows = rowsOf(cols, Math.ceil(cols.length / best.rows));
  const left = cols[0]!.x;
  let top = Math.min(...rows[0]!.map((c) => c.top));
  for (const row of rows) {
    const dx = row[0]!.x - left;
    const rowTop = Math.min(...row.map((c) => c.top));
    const rowBottom = Math.max(...row.map((c) => c.bottom));
    for (const c of row) for (const [id, b] of c.members) out.set(id, { x: b.x - dx, y: b.y - rowTop + top });
    top += rowBottom - rowTop + ROW_GAP;
  }
  return out;
}

interface Column {
  x: number;
  right: number;
  top: number;
  bottom: number;
  members: [string, Box][];
}

/** Nodes grouped by their left edge (dagre puts a rank's nodes in one column), left to right. */
function columnsOf(boxes: ReadonlyMap<string, Box>): Column[] {
  const byX = new Map<number, Column>();
  for (const [id, b] of boxes) {
    const key = Math.round(b.x / 10);
    const c = byX.get(key) ?? { x: b.x, right: b.x + b.width, top: b.y, bottom: b.y + b.height, members: [] };
    c.x = Math.min(c.x, b.x);
    c.right = Math.max(c.right, b.x + b.width);
    c.top = Math.min(c.top, b.y);
    c.bottom = Math.max(c.bottom, b.y + b.height);
    c.members.push([id, b]);
    byX.set(key, c);
  }
  return [...byX.values()].sort((a, b) => a.x - b.x);
}

function rowsOf(cols: readonly Column[], perRow: number): Column[][] {
  const rows: Column[][] = [];
  for (let i = 0; i < cols.length; i += perRow) rows.push(cols.slice(i, i + perRow));
  return rows;
}

/** How large the rows show when fitted into `view` (width and height of the wrapped graph). */
function scaleOf(rows: readonly Column[][], view: { width: number; height: number }): number {
  if (rows.length === 0) return 1;
  const width = Math.max(...rows.map((r) => r[r.length - 1]!.right - r[0]!.x));
  const height = rows.reduce((h, r) => h + Math.max(...r.map((c) => c.bottom)) - Math.min(...r.map((c) => c.top)), 0) + ROW_GAP * (rows.length - 1);
  return Math.min(MAX_SCALE, view.width / width, view.height / height);
}
