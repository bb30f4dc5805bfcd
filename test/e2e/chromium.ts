import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

/** Debian's Chromium: Playwright's own browser builds cannot be downloaded here. */
export const CHROMIUM_PATH = process.env['BROKERLAB_CHROMIUM'] ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
