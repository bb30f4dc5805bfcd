import { startTransition, useEffect, useRef, useState } from 'react';
import { shallow } from 'zustand/shallow';
import type { LiveActions, LiveState } from './live-store.ts';
import { useStores } from './store-context.tsx';

/**
 * Read the live store for a node badge or an edge's flow: the value at mount,
 * then each change (compared shallowly, so only a number as shown counts) as
 * a transition. A push changes the badges of most of a large graph at once;
 * as a transition React renders them in slices between frames and can be
 * interrupted, where a store subscription (`useLive`) renders them all in one
 * synchronous task that drops frames.
 */
export function useLiveBadge<T>(selector: (s: LiveState & LiveActions) => T): T {
  const store = useStores().live;
  const select = useRef(selector);
  select.current = selector;
  const [value, setValue] = useState(() => selector(store.getState()));
  const shown = useRef(value);
  useEffect(() => {
    const check = (): void => {
      const next = select.current(store.getState());
      if (shallow(shown.current, next)) return;
      shown.current = next;
      startTransition(() => setValue(next));
    };
    check();
    return store.subscribe(check);
  }, [store]);
  return value;
}
