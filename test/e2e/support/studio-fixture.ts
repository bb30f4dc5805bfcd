import { existsSync, mkdirSync } from 'node:fs';
import { test as base } from '@playwright/test';
import type { Browser, Page } from 'playwright-core';
import type { WebHost } from '../../../engine/adapters/http-host.ts';
import type { Broker } from '../../../engine/core/broker.ts';
import { CHROMIUM_PATH, launchChromium } from '../chromium.ts';
import { AssertionsPanel } from '../pages/assertions-panel.ts';
import { ChartsPanel } from '../pages/charts-panel.ts';
import { MessagesPanel } from '../pages/messages-panel.ts';
import { PoliciesPanel } from '../pages/policies-panel.ts';
import { PublishDialog } from '../pages/publish-dialog.ts';
import { StudioPage } from '../pages/studio-page.ts';
import { UsersPanel } from '../pages/users-panel.ts';
import { RENDERER_DIR, startAppHost } from './app-host.ts';

interface StudioFixtures {
  broker: Broker;
  host: WebHost;
  studio: StudioPage;
  charts: ChartsPanel;
  assertions: AssertionsPanel;
  messages: MessagesPanel;
  policies: PoliciesPanel;
  users: UsersPanel;
  publish: PublishDialog;
  /** Page errors and console errors seen during the test (should stay empty). */
  problems: string[];
}

let browser: Browser | undefined;

/**
 * Each studio test gets a fresh broker and web host on a free port, and a
 * page in Debian's Chromium opened on it; skipped with a reason where
 * Chromium or the built renderer is missing.
 */
export const test = base.extend<StudioFixtures & { page0: Page; hostPair: { host: WebHost; broker: Broker } }>({
  hostPair: async ({ problems }, use) => {
    test.skip(!existsSync(CHROMIUM_PATH), `Chromium not installed at ${CHROMIUM_PATH}`);
    test.skip(!existsSync(`${RENDERER_DIR}/index.html`), 'the renderer is not built (playwright global setup builds it)');
    // A socket breaking mid-journey is a problem the journey reports, with its close code (issue #7); a page
    // navigating away (1001) or closing its socket (1000) is not.
    const pair = await startAppHost({ log: (line) => /closed \(code 100[01]\b/.test(line) || problems.push(`host: ${line}`) });
    await use(pair);
    await pair.host.close();
  },
  broker: async ({ hostPair }, use) => use(hostPair.broker),
  host: async ({ hostPair }, use) => use(hostPair.host),
  problems: async ({}, use) => use([]),
  // The page depends on the host so that it is torn down first: the failure screenshot and the trace's end
  // then show the page as the failure left it, not after the host has gone (issue #7: a journey failing for
  // any reason used to end on "The connection to the host was lost", the page's view of the teardown).
  page0: async ({ problems, hostPair: _hostUp }, use, testInfo) => {
    browser ??= await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, colorScheme: 'dark' });
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    mkdirSync('test-results/studio', { recursive: true });
    await use(page);
    if (testInfo.status !== testInfo.expectedStatus) {
      const path = testInfo.outputPath('failure.png');
      await page.screenshot({ path }).catch(() => undefined);
      testInfo.attachments.push({ name: 'screenshot', path, contentType: 'image/png' });
      if (problems.length > 0) console.log(`page problems:\n${problems.join('\n')}`);
    }
    await context.close();
  },
  studio: async ({ page0, host }, use) => {
    const studio = new StudioPage(page0);
    await studio.open(host.openUrl);
    await use(studio);
  },
  charts: async ({ page0 }, use) => use(new ChartsPanel(page0)),
  assertions: async ({ page0 }, use) => use(new AssertionsPanel(page0)),
  messages: async ({ page0 }, use) => use(new MessagesPanel(page0)),
  policies: async ({ page0 }, use) => use(new PoliciesPanel(page0)),
  users: async ({ page0 }, use) => use(new UsersPanel(page0)),
  publish: async ({ page0 }, use) => use(new PublishDialog(page0)),
});

test.afterAll(async () => {
  await browser?.close();
  browser = undefined;
});

export { expect } from '@playwright/test';
