import { startTransition, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import type { LiveActions, LiveState } from './live-store.ts';
import { useStores } from './store-context.tsx';

/** A badge as shown: display text (or a number) per field; `null` or a boolean says which parts are drawn at all. */
export type LiveFields = Record<string, string | number | boolean | null>;

/** The attribute that marks an element whose text is a field of the badge, written outside React. */
export const LIVE_ATTR = 'data-live';
/** The attribute that marks an element whose `--live` custom property is a field (a percentage). */
export const LIVE_PCT_ATTR = 'data-live-pct';

/** Which parts a badge draws: React renders again only when this changes, not when a number does. */
export function badgeShape(v: LiveFields): string {
  let s = '';
  for (const k in v) {
    const x = v[k];
    s += x === null ? 'n' : typeof x === 'boolean' ? (x ? 't' : 'f') : 'v';
  }
  return s;
}

/** Write every field into the elements under `box` that show it; only what differs from the DOM is touched. */
export function writeFields(box: HTMLElement, v: LiveFields): void {
  for (const el of box.querySelectorAll<HTMLElement>(`[${LIVE_ATTR}]`)) {
    const x = v[el.getAttribute(LIVE_ATTR) ?? ''];
    const text = x === null || x === undefined ? '' : String(x);
    if (el.textContent !== text) el.textContent = text;
  }
  for (const el of box.querySelectorAll<HTMLElement>(`[${LIVE_PCT_ATTR}]`)) {
    const x = v[el.getAttribute(LIVE_PCT_ATTR) ?? ''];
    const pct = `${typeof x === 'number' ? x : 0}%`;
    if (el.style.getPropertyValue('--live') !== pct) el.style.setProperty('--live', pct);
  }
}

// One animation frame writes every badge that changed since the last one: a push costs one paint, not one per node.
const due = new Set<() => void>();
let frame = 0;
function flush(): void {
  frame = 0;
  const run = [...due];
  due.clear();
  for (const f of run) f();
}
function schedule(f: () => void): void {
  due.add(f);
  if (frame === 0) frame = requestAnimationFrame(flush);
}

/**
 * A node badge read from the live store, its numbers written straight into
 * the DOM. A push changes the numbers of most of a large graph: re-rendering
 * 100 node cards for that (their shells, handles and all) was most of the
 * renderer's script time. Here React renders the badge's structure (which
 * stats show, from `null`s and booleans, see `badgeShape`) and re-renders
 * only when that changes; the numbers go into elements marked with
 * `data-live="<field>"` (text) or `data-live-pct="<field>"` (a `--live`
 * percentage), all badges in one animation frame per change. React never
 * renders text into those elements, so the two never disagree.
 */
export function useLiveStats<T extends LiveFields>(selector: (s: LiveState & LiveActions) => T): { b: T; box: RefObject<HTMLDivElement | null> } {
  const store = useStores().live;
  const select = useRef(selector);
  select.current = selector;
  const box = useRef<HTMLDivElement | null>(null);
  const [b, setB] = useState(() => selector(store.getState()));
  const latest = useRef(b);
  const shape = useRef(badgeShape(b));
  // After every render (a new stat appeared, or the first): fill in the numbers before the frame is painted.
  useLayoutEffect(() => {
    if (box.current) writeFields(box.current, latest.current);
  });
  useEffect(() => {
    let live = true;
    const apply = (): void => {
      if (!live) return;
      const next = select.current(store.getState());
      latest.current = next;
      const s = badgeShape(next);
      if (s !== shape.current) {
        shape.current = s;
        startTransition(() => setB(next));
      } else if (box.current) writeFields(box.current, next);
    };
    apply();
    const off = store.subscribe(() => schedule(apply));
    return () => {
      live = false;
      due.delete(apply);
      off();
    };
  }, [store]);
  return { b, box };
}
