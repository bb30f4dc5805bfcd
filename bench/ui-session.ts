/**
 * One studio session for the UI benchmark: a fresh broker and web host, the
 * built renderer in Debian's Chromium, the benchmark scenario opened through
 * the UI (File → Open), and counters of what the page receives over its
 * WebSocket, by push channel.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { startWebHost } from '../engine/adapters/http-host.ts';
import type { WebHost } from '../engine/adapters/http-host.ts';
import { RealScheduler } from '../engine/adapters/real-scheduler.ts';
import { Broker } from '../engine/core/broker.ts';
import { RENDERER_DIR } from '../test/e2e/support/app-host.ts';
import { uiBenchScenario } from './ui-scenario.ts';

export const CHROMIUM = process.env['BROKERLAB_CHROMIUM'] ?? '/usr/bin/chromium';

/** Build the renderer unless a build is there (BENCH_BUILD=1 forces it). */
export async function ensureRenderer(): Promise<void> {
  if (existsSync(join(RENDERER_DIR, 'index.html')) && !process.env['BENCH_BUILD']) return;
  const { build } = await import('vite');
  await build({ configFile: join(import.meta.dirname, '..', 'vite.config.ts'), logLevel: 'silent' });
}

/** Pushes the page received: count and bytes per channel. */
export type PushTally = Record<string, { n: number; bytes: number }>;

export interface Busy {
  task: number;
  script: number;
  layout: number;
  style: number;
}

export interface Session {
  page: Page;
  broker: Broker;
  nodes: number;
  /** JS heap in use (MB); after a full GC when `gc` is set. */
  heapMb(gc?: boolean): Promise<number>;
  /** The renderer main thread's cumulative busy time (s): all tasks, script, layout, style. */
  busy(): Promise<Busy>;
  /** A copy of the push counters so far. */
  tally(): PushTally;
  play(): Promise<void>;
  close(): Promise<void>;
}

/** Open the studio on a fresh host (`liveDeltas: false` pushes whole snapshots) with the scenario loaded, not yet running. */
export async function openSession(opts: { rate: number; liveDeltas: boolean }): Promise<Session> {
  const broker = new Broker({ scheduler: new RealScheduler() });
  const host: WebHost = await startWebHost({ broker, port: 0, staticDir: RENDERER_DIR, liveDeltas: opts.liveDeltas });
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, colorScheme: 'dark', ...(process.env['BENCH_REDUCED_MOTION'] && { reducedMotion: 'reduce' as const }) });
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const pushes: PushTally = {};
  page.on('websocket', (ws) =>
    ws.on('framereceived', (f) => {
      if (typeof f.payload !== 'string') return;
      const m = /^\{"kind":"push","channel":"([a-z]+)"/.exec(f.payload);
      if (!m) return;
      const t = (pushes[m[1]!] ??= { n: 0, bytes: 0 });
      t.n++;
      t.bytes += f.payload.length;
    }),
  );
  await page.goto(host.openUrl);
  await page.getByTestId('link-state').filter({ hasText: 'connected' }).waitFor();
  const file = join(mkdtempSync(join(tmpdir(), 'brokerlab-bench-')), 'ui-bench.json');
  writeFileSync(file, JSON.stringify(uiBenchScenario(opts.rate)));
  await page.getByTestId('menu-file').click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('file-open').click();
  await (await chooser).setFiles(file);
  await page.locator('.react-flow__node').nth(99).waitFor();
  const nodes = await page.locator('.react-flow__node').count();
  return {
    page,
    broker,
    nodes,
    heapMb: async (gc = false) => {
      if (gc) await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1024 / 1024;
    },
    busy: async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const get = (n: string): number => metrics.find((m) => m.name === n)?.value ?? 0;
      return { task: get('TaskDuration'), script: get('ScriptDuration'), layout: get('LayoutDuration'), style: get('RecalcStyleDuration') };
    },
    tally: () => structuredClone(pushes),
    play: async () => {
      await page.getByTestId('sim-play').click();
      await page.getByTestId('sim-status').filter({ hasText: 'running' }).waitFor();
    },
    close: async () => {
      await browser.close();
      await host.close();
    },
  };
}
