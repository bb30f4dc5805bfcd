import { startTransition, useEffect, useRef, useState } from 'react';

/**
 * `value`, changing at most once per `ms`: the first change shows at once,
 * later ones wait out the interval and the latest of them wins.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(-Infinity);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const wait = last.current + ms - performance.now();
    const show = (): void => {
      last.current = performance.now();
      setShown(() => value);
    };
    if (wait <= 0) return show();
    const t = setTimeout(show, wait);
    return () => clearTimeout(t);
  }, [value, shown, ms]);
  return shown;
}

/**
 * `value`, handed on `delayMs` after it changes, as a transition: several
 * heavy views given different delays redraw in different frames rather than
 * all in one.
 */
export function useLagged<T>(value: T, delayMs: number): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const t = setTimeout(() => startTransition(() => setShown(() => value)), delayMs);
    return () => clearTimeout(t);
  }, [value, shown, delayMs]);
  return shown;
}
