import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import type { Browser } from 'playwright-core';
import { startWebHost } from '../../engine/adapters/http-host.ts';
import type { WebHost } from '../../engine/adapters/http-host.ts';
import { RealScheduler } from '../../engine/adapters/real-scheduler.ts';
import { Broker } from '../../engine/core/broker.ts';
import { CHROMIUM_PATH, launchChromium } from './chromium.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** The built renderer; BROKERLAB_RENDERER_DIR points elsewhere (a stub page when checking this test itself). */
const dist = process.env['BROKERLAB_RENDERER_DIR'] ?? join(root, 'dist-renderer');

/** Build the renderer when there is no build yet; undefined when it built, else why not. */
async function ensureRenderer(): Promise<string | undefined> {
  if (existsSync(join(dist, 'index.html'))) return undefined;
  if (!existsSync(join(root, 'renderer', 'index.html'))) return 'no renderer yet (renderer/index.html missing)';
  try {
    const { build } = await import('vite');
    await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'silent' });
    return undefined;
  } catch (e) {
    return `the renderer does not build: ${String((e as Error).message).split('\n')[0]}`;
  }
}

let host: WebHost | undefined;
let browser: Browser | undefined;
let skipReason: string | undefined;

test.beforeAll(async () => {
  skipReason = existsSync(CHROMIUM_PATH) ? await ensureRenderer() : `Chromium not installed at ${CHROMIUM_PATH}`;
  if (skipReason) return;
  const broker = new Broker({ scheduler: new RealScheduler() });
  broker.execute({ type: 'queue.declare', vhost: '/', name: 'smoke', durable: true, exclusive: false, autoDelete: false, arguments: {} });
  host = await startWebHost({ broker, port: 0, staticDir: dist });
  browser = await launchChromium();
});

test.afterAll(async () => {
  await browser?.close();
  await host?.close();
});

test.describe('web host', () => {
  test('the served app loads, connects to /ws and receives a live snapshot, then deltas', async () => {
    test.skip(skipReason !== undefined, skipReason ?? '');
    const page = await browser!.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    // Failed loads are checked by URL below (a missing favicon is not a problem).
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(`console: ${m.text()}`));
    page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && problems.push(`${r.status()} ${r.url()}`));
    const pushes: string[] = [];
    const socket = page.waitForEvent('websocket', (ws) => ws.url().includes('/ws'));
    await page.goto(host!.openUrl);
    const ws = await socket;
    ws.on('framereceived', (f) => typeof f.payload === 'string' && f.payload.includes('"kind":"push"') && pushes.push(f.payload));
    // The whole picture once, then only what changed (the broker's clock moves, so every tick has a change).
    await expect.poll(() => pushes.filter((p) => p.includes('"channel":"live"')).length, { timeout: 10_000 }).toBeGreaterThan(1);
    const full = pushes.filter((p) => p.includes('"channel":"snapshot"'));
    expect(full.length).toBeGreaterThanOrEqual(1);
    expect(full[0]).toContain('"name":"smoke"');
    expect(await page.title()).not.toBe('');
    expect(problems).toEqual([]);
    await page.close();
  });
});
