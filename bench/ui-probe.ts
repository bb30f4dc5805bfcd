import type { Page } from 'playwright-core';

/** Start recording the time between animation frames in the page. */
export async function startFrameProbe(page: Page): Promise<void> {
  // A string, not a function: the TypeScript loader would add helpers the page does not have.
  await page.evaluate(`(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (now) => {
      window.__frames.push(now - last);
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
}

/** Frame rate and frame-time percentiles since `startFrameProbe`. */
export async function frameStats(page: Page): Promise<{ fps: number; frames: number; frameMs: { p50: number; p95: number; p99: number; max: number }; framesOver20ms: number; framesOver50ms: number }> {
  const frames = (await page.evaluate('window.__frames.slice(1)')) as number[];
  const sorted = [...frames].sort((a, b) => a - b);
  const pct = (p: number): number => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0) * 10) / 10;
  const total = frames.reduce((s, f) => s + f, 0);
  return {
    fps: Math.round((frames.length / total) * 1000 * 10) / 10,
    frames: frames.length,
    frameMs: { p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), max: Math.round((sorted[sorted.length - 1] ?? 0) * 10) / 10 },
    framesOver20ms: frames.filter((f) => f > 20).length,
    framesOver50ms: frames.filter((f) => f > 50).length,
  };
}
