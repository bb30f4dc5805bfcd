import type { Page } from 'playwright-core';

/** Start (or restart) recording the time between animation frames in the page. */
export async function startFrameProbe(page: Page): Promise<void> {
  // A string, not a function: the TypeScript loader would add helpers the page does not have.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__lastFrame = performance.now();
    if (window.__probing) return;
    window.__probing = true;
    const tick = (now) => {
      window.__frames.push(now - window.__lastFrame);
      window.__lastFrame = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
}

export interface FrameStats {
  fps: number;
  frames: number;
  frameMs: { p50: number; p95: number; p99: number; max: number };
  /** Share of frames longer than 20 ms / 50 ms, in percent. */
  pctOver20ms: number;
  pctOver50ms: number;
}

/** Frame rate and frame-time percentiles since `startFrameProbe`. */
export async function frameStats(page: Page): Promise<FrameStats> {
  const frames = (await page.evaluate('window.__frames.slice(1)')) as number[];
  const sorted = [...frames].sort((a, b) => a - b);
  const pct = (p: number): number => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0) * 10) / 10;
  const total = frames.reduce((s, f) => s + f, 0);
  const share = (ms: number): number => Math.round((frames.filter((f) => f > ms).length / Math.max(1, frames.length)) * 1000) / 10;
  return {
    fps: Math.round((frames.length / total) * 1000 * 10) / 10,
    frames: frames.length,
    frameMs: { p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), max: Math.round((sorted[sorted.length - 1] ?? 0) * 10) / 10 },
    pctOver20ms: share(20),
    pctOver50ms: share(50),
  };
}
