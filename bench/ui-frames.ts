/**
 * Renderer benchmark: the studio in Debian's Chromium with 100 nodes on the
 * graph and a 50,000 msg/s simulated load. Measures frame times with
 * requestAnimationFrame, the renderer's JS heap over time (CDP), and the
 * WebSocket pushes per second the page receives. Figures, not assertions.
 *
 *   node --import tsx bench/ui-frames.ts
 *   BENCH_SECONDS=600 BENCH_RATE=50000 node --import tsx bench/ui-frames.ts   # the 10-minute run
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startAppHost, RENDERER_DIR } from '../test/e2e/support/app-host.ts';
import { isMain, printResult } from './bench-util.ts';
import { uiBenchScenario } from './ui-scenario.ts';
import { frameStats, startFrameProbe } from './ui-probe.ts';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 60);
const RATE = Number(process.env['BENCH_RATE'] ?? 50_000);
const CHROMIUM = process.env['BROKERLAB_CHROMIUM'] ?? '/usr/bin/chromium';

async function ensureRenderer(): Promise<void> {
  if (existsSync(join(RENDERER_DIR, 'index.html')) && !process.env['BENCH_BUILD']) return;
  const { build } = await import('vite');
  await build({ configFile: join(import.meta.dirname, '..', 'vite.config.ts'), logLevel: 'silent' });
}

export async function main(): Promise<void> {
  await ensureRenderer();
  const { host, broker } = await startAppHost();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, colorScheme: 'dark', ...(process.env['BENCH_REDUCED_MOTION'] && { reducedMotion: 'reduce' as const }) });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const heap = async (): Promise<number> => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1024 / 1024;
  };
  const pushTimes: number[] = [];
  let pushBytes = 0;
  page.on('websocket', (ws) =>
    ws.on('framereceived', (f) => {
      if (typeof f.payload !== 'string' || !f.payload.startsWith('{"kind":"push"')) return;
      pushTimes.push(Date.now());
      pushBytes += f.payload.length;
    }),
  );
  await page.goto(host.openUrl);
  await page.getByTestId('link-state').filter({ hasText: 'connected' }).waitFor();

  // Open the scenario through the UI, as a user would (File → Open), then run it.
  const file = join(mkdtempSync(join(tmpdir(), 'brokerlab-bench-')), 'ui-bench.json');
  writeFileSync(file, JSON.stringify(uiBenchScenario(RATE)));
  await page.getByTestId('menu-file').click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('file-open').click();
  await (await chooser).setFiles(file);
  await page.locator('.react-flow__node').nth(99).waitFor();
  const nodes = await page.locator('.react-flow__node').count();
  await page.getByTestId('sim-play').click();
  await page.getByTestId('sim-status').filter({ hasText: 'running' }).waitFor().catch(async (e: unknown) => {
    await page.screenshot({ path: '/tmp/bench-fail.png' });
    throw e;
  });
  await page.waitForTimeout(5000); // warm up: JIT, first layouts, the first chart samples

  await cdp.send('HeapProfiler.collectGarbage');
  const heapStart = await heap();
  const published0 = broker.counters.published;
  const t0 = Date.now();
  const pushes0 = pushTimes.length;
  const bytes0 = pushBytes;
  await startFrameProbe(page);
  const heapSamples: { s: number; mb: number }[] = [{ s: 0, mb: round(heapStart) }];
  for (let s = 10; s <= SECONDS; s += 10) {
    await page.waitForTimeout(Math.max(0, t0 + s * 1000 - Date.now()));
    heapSamples.push({ s, mb: round(await heap()) });
  }
  const frames = await frameStats(page);
  const elapsed = (Date.now() - t0) / 1000;
  const published = broker.counters.published - published0;
  await cdp.send('HeapProfiler.collectGarbage');
  const heapEnd = await heap();
  const pushes = pushTimes.length - pushes0;
  await browser.close();
  await host.close();

  const figures = {
    seconds: Math.round(elapsed),
    nodes,
    targetMsgPerSec: RATE,
    achievedMsgPerSec: Math.round(published / elapsed),
    ...frames,
    heapMbAfterGc: { start: round(heapStart), end: round(heapEnd) },
    heapMbSamples: heapSamples,
    heapGrowthMbPerMin: round(((heapEnd - heapStart) / elapsed) * 60),
    wsPushesPerSec: round(pushes / elapsed),
    wsKbPerSec: round((pushBytes - bytes0) / 1024 / elapsed),
  };
  console.log(`nodes ${nodes}, load ${figures.achievedMsgPerSec} msg/s (target ${RATE}), ${frames.fps} fps, frame p50/p95/p99/max ${frames.frameMs.p50}/${frames.frameMs.p95}/${frames.frameMs.p99}/${frames.frameMs.max} ms`);
  console.log(`heap after GC ${figures.heapMbAfterGc.start} → ${figures.heapMbAfterGc.end} MB over ${figures.seconds}s; ${figures.wsPushesPerSec} pushes/s, ${figures.wsKbPerSec} kB/s`);
  printResult('ui-frames', figures);
}

const round = (n: number): number => Math.round(n * 100) / 100;

if (isMain(import.meta.url)) await main();
