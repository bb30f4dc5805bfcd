import { startTransition, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { RefCallback } from 'react';
import type { LiveActions, LiveState } from './live-store.ts';
import { useStores } from './store-context.tsx';

/** A badge as shown: display text (or a number) per field; `null` or a boolean says which parts are drawn at all. */
export type LiveFields = Record<string, string | number | boolean | null>;

/** The attribute that marks an element whose text is a field of the badge, written outside React. */
export const LIVE_ATTR = 'data-live';
/** The attribute that marks an element whose custom properties are fields: `data-live-var="width speed"` sets `--live-width` and `--live-speed`. */
export const LIVE_VAR_ATTR = 'data-live-var';

/** Which parts a badge draws: React renders again only when this changes, not when a number does. */
export function badgeShape(v: LiveFields): string {
  let s = '';
  for (const k in v) {
    const x = v[k];
    s += x === null ? 'n' : typeof x === 'boolean' ? (x ? 't' : 'f') : 'v';
  }
  return s;
}

/** Write every field into the elements in `box` (itself included) that show it; only what differs from the DOM is touched. */
export function writeFields(box: Element, v: LiveFields): void {
  const all = [box, ...box.querySelectorAll(`[${LIVE_ATTR}],[${LIVE_VAR_ATTR}]`)] as (HTMLElement | SVGElement)[];
  for (const el of all) {
    const key = el.getAttribute(LIVE_ATTR);
    if (key !== null) {
      const x = v[key];
      const text = x === null || x === undefined ? '' : String(x);
      // Change the text node's data in place: replacing the node (textContent) rebuilds its layout object and restyles it.
      const t = el.firstChild;
      if (t !== null && t === el.lastChild && t.nodeType === Node.TEXT_NODE) {
        if ((t as Text).data !== text) (t as Text).data = text;
      } else if (el.textContent !== text) el.textContent = text;
    }
    for (const k of el.getAttribute(LIVE_VAR_ATTR)?.split(' ') ?? []) {
      const x = v[k];
      const value = x === null || x === undefined ? '' : String(x);
      if (el.style.getPropertyValue(`--live-${k}`) !== value) el.style.setProperty(`--live-${k}`, value);
    }
  }
}
function sameFields(a: LiveFields, b: LiveFields): boolean {
  for (const k in b) if (a[k] !== b[k]) return false;
  return true;
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
 * A live badge (a node's stats, an edge's flow) read from the live store,
 * its numbers written straight into the DOM. A push changes the numbers of
 * most of a large graph: re-rendering 100 node cards for that (their shells,
 * handles and all) was most of the renderer's script time. Here React
 * renders the badge's structure (by default which fields are `null` or
 * which way a boolean is, see `badgeShape`; `shapeOf` says otherwise) and
 * re-renders only when that changes; the numbers go into elements marked
 * `data-live="<field>"` (their text) or `data-live-var="<field> ..."` (their
 * `--live-<field>` custom properties), found under each element given the returned
 * `live` ref, all badges in one animation frame per change. React never
 * renders text into those elements, so the two never disagree.
 */
export function useLiveStats<T extends LiveFields>(selector: (s: LiveState & LiveActions) => T, shapeOf: (v: T) => string = badgeShape): { b: T; live: RefCallback<Element> } {
  const store = useStores().live;
  const select = useRef(selector);
  select.current = selector;
  const shapeFn = useRef(shapeOf);
  shapeFn.current = shapeOf;
  const roots = useRef(new Set<Element>());
  const [b, setB] = useState(() => selector(store.getState()));
  const latest = useRef(b);
  const shape = useRef(shapeOf(b));
  const write = (): void => roots.current.forEach((r) => writeFields(r, latest.current));
  // After every render (a new stat appeared, or the first): fill in the numbers before the frame is painted.
  useLayoutEffect(write);
  const live = useCallback<RefCallback<Element>>((el) => {
    if (!el) return;
    roots.current.add(el);
    writeFields(el, latest.current);
    return () => void roots.current.delete(el);
  }, []);
  useEffect(() => {
    let on = true;
    const apply = (): void => {
      if (!on) return;
      const next = select.current(store.getState());
      if (sameFields(latest.current, next)) return;
      latest.current = next;
      const s = shapeFn.current(next);
      if (s !== shape.current) {
        shape.current = s;
        startTransition(() => setB(next));
      } else roots.current.forEach((r) => writeFields(r, next));
    };
    apply();
    const off = store.subscribe(() => schedule(apply));
    return () => {
      on = false;
      due.delete(apply);
      off();
    };
  }, [store]);
  return { b, live };
}
