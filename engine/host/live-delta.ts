/**
 * Live deltas: how a snapshot is sent as only what changed since the one
 * before. Both sides walk a JSON-safe value the same way (depth first, object
 * keys in their order, keys holding `undefined` skipped as JSON.stringify
 * does), so the n-th leaf (a string, number, boolean or null) means the same
 * field on the host and in the renderer. While a snapshot keeps the shape of
 * the previous one (same entities, same keys; only values differ), a delta is
 * the flat list `[leafIndex, value, leafIndex, value, ...]` of the leaves
 * whose value changed. A change of shape (an entity added or removed) needs a
 * full snapshot. Pure: no I/O, no clock.
 */

/** A JSON leaf. Non-finite numbers read as null, as JSON carries them. */
export type Leaf = string | number | boolean | null;

/** One step of a path: an object key or an array index. */
export type PathStep = string | number;

/** A container or leaf marker in a shape (object keys are the strings between them; an array is its length). */
const OBJECT = Symbol('object');
const END = Symbol('end');
const LEAF = Symbol('leaf');
type ShapeToken = string | number | typeof OBJECT | typeof END | typeof LEAF;

/** A value flattened: its shape (containers, keys and leaf places, as tokens in walk order) and its leaves in walk order. */
export interface Flat {
  shape: ShapeToken[];
  values: Leaf[];
}

/** Changes as `[leafIndex, value, leafIndex, value, ...]`. */
export type LeafChanges = (number | Leaf)[];

function leafOf(v: unknown): Leaf {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v === null || v === undefined) return null;
  throw new TypeError(`live snapshot holds a ${typeof v}, which JSON cannot carry`);
}

const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] => typeof v === 'object' && v !== null;

/**
 * Walk `root` depth first: `token` for each container's shape (array length,
 * object keys), `leaf` for each leaf with its path (a stack reused between
 * calls: copy it to keep it).
 */
function walk(root: unknown, token: (t: string) => void, leaf: (path: readonly PathStep[], v: Leaf) => void): void {
  const path: PathStep[] = [];
  const visit = (v: unknown): void => {
    if (!isContainer(v)) return leaf(path, leafOf(v));
    if (Array.isArray(v)) {
      token(`[${v.length}`);
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        visit(v[i]);
        path.pop();
      }
      token(']');
      return;
    }
    token('{');
    for (const k of Object.keys(v)) {
      const child = v[k];
      if (child === undefined || typeof child === 'function') continue;
      token(k);
      path.push(k);
      visit(child);
      path.pop();
    }
    token('}');
  };
  visit(root);
}

/**
 * Flatten a value: its shape and its leaves. The host does this for every
 * push, so it is the walk above without paths or callbacks (same order).
 * The shape is a token list, not a string: object keys are pushed as the
 * (interned) strings they are, so nothing is concatenated and comparing two
 * shapes is a pointer comparison per token.
 */
export function flatten(root: unknown): Flat {
  const values: Leaf[] = [];
  const shape: ShapeToken[] = [];
  const visit = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) {
      shape.push(LEAF);
      values.push(leafOf(v));
    } else if (Array.isArray(v)) {
      shape.push(v.length);
      for (let i = 0; i < v.length; i++) visit(v[i]);
      shape.push(END);
    } else {
      shape.push(OBJECT);
      const o = v as Record<string, unknown>;
      for (const k in o) {
        if (!Object.hasOwn(o, k)) continue;
        const child = o[k];
        if (child === undefined || typeof child === 'function') continue;
        shape.push(k);
        visit(child);
      }
      shape.push(END);
    }
  };
  visit(root);
  return { shape, values };
}

/** The leaves that differ from `base` to `next`, or null when the shape changed (a full snapshot is needed). */
export function diffFlat(base: Flat, next: Flat): LeafChanges | null {
  const sa = base.shape;
  const sb = next.shape;
  if (sa.length !== sb.length) return null;
  for (let i = 0; i < sb.length; i++) if (sa[i] !== sb[i]) return null;
  const out: LeafChanges = [];
  const a = base.values;
  const b = next.values;
  for (let i = 0; i < b.length; i++) if (a[i] !== b[i]) out.push(i, b[i]!);
  return out;
}

/** The path of every leaf of `root`, in walk order (what a delta's leaf indices point at). */
export function leafPaths(root: unknown): PathStep[][] {
  const out: PathStep[][] = [];
  walk(
    root,
    () => undefined,
    (p) => void out.push([...p]),
  );
  return out;
}

/**
 * Apply changes to `root` without touching it: the containers on a changed
 * leaf's path are copied once, everything else is shared with `root` (so an
 * entity whose numbers did not change keeps its identity). Throws on a leaf
 * index `paths` does not have.
 */
export function applyChanges<T>(root: T, paths: readonly (readonly PathStep[])[], changes: LeafChanges): T {
  if (changes.length % 2 !== 0) throw new RangeError(`delta has an odd number of entries (${changes.length})`);
  if (changes.length === 0) return root;
  if (!isContainer(root)) throw new TypeError('delta base is not an object');
  const copied = new Set<unknown>();
  const copy = <V>(v: V): V => {
    const c = (Array.isArray(v) ? [...v] : { ...v }) as V;
    copied.add(c);
    return c;
  };
  const out = copy(root) as Record<PathStep, unknown>;
  for (let i = 0; i < changes.length; i += 2) {
    const index = changes[i];
    const path = typeof index === 'number' ? paths[index] : undefined;
    if (path === undefined || path.length === 0) throw new RangeError(`delta names leaf ${String(index)}, the base has ${paths.length}`);
    let node = out;
    for (let d = 0; d < path.length - 1; d++) {
      const key = path[d]!;
      let child = node[key] as Record<PathStep, unknown>;
      if (!copied.has(child)) {
        child = copy(child);
        node[key] = child;
      }
      node = child;
    }
    node[path[path.length - 1]!] = changes[i + 1];
  }
  return out as T;
}
