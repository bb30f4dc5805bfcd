import { expect } from '@playwright/test';
import type { Locator, Page } from 'playwright-core';

/** The message browser of a queue. */
export class MessagesPanel {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('messages-panel');
  }

  get rows(): Locator {
    return this.root.getByTestId('message-row');
  }

  get note(): Locator {
    return this.root.getByTestId('msg-note');
  }

  async chooseQueue(name: string): Promise<void> {
    await this.root.getByTestId('messages-queue').selectOption(name);
  }

  async peek(): Promise<void> {
    await this.root.getByTestId('msg-peek').click();
    await expect(this.note).toContainText('peeked');
  }

  async redrive(): Promise<void> {
    await this.root.getByTestId('msg-redrive').click();
    await expect(this.note).toContainText('redriven');
  }
}
