import { expect } from '@playwright/test';
import type { Locator, Page } from 'playwright-core';

/** The "Publish a message and trace it" dialog, and the trace it leaves on the graph. */
export class PublishDialog {
  constructor(readonly page: Page) {}

  get dialog(): Locator {
    return this.page.getByTestId('publish-dialog');
  }

  get trace(): Locator {
    return this.page.getByTestId('trace-card');
  }

  /** Fill the dialog and publish (or, with `traceOnly`, only ask the broker where it would go). */
  async publish(opts: { exchange: string; routingKey: string; headers?: Record<string, string>; payload?: string; traceOnly?: boolean }): Promise<void> {
    await this.page.getByTestId('open-publish').click();
    await expect(this.dialog).toBeVisible();
    await this.dialog.getByTestId('publish-exchange').selectOption(opts.exchange);
    await this.dialog.getByTestId('publish-routing-key').fill(opts.routingKey);
    for (const [k, v] of Object.entries(opts.headers ?? {})) {
      await this.dialog.getByLabel('new header name').fill(k);
      await this.dialog.getByLabel('new header value').fill(v);
      await this.dialog.getByLabel('add header').click();
    }
    if (opts.payload !== undefined) await this.dialog.getByTestId('publish-payload').fill(opts.payload);
    await this.dialog.getByTestId(opts.traceOnly ? 'trace-only' : 'publish-submit').click();
    await expect(this.dialog).toBeHidden();
    await expect(this.trace).toBeVisible();
  }
}
