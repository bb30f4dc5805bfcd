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

  /** Move the ready messages to a queue, or to an exchange (with a routing key, or each message's own when empty). */
  async move(to: { queue: string } | { exchange: string; routingKey?: string }): Promise<void> {
    const kind = 'queue' in to ? 'queue' : 'exchange';
    await this.root.getByTestId('msg-move-kind').selectOption(kind);
    await this.root.getByTestId('msg-move-dest').selectOption('queue' in to ? to.queue : to.exchange);
    if ('exchange' in to && to.routingKey !== undefined) await this.root.getByTestId('msg-move-key').fill(to.routingKey);
    await this.root.getByTestId('msg-move').click();
    await expect(this.note).toContainText('moved to');
  }

  async redrive(): Promise<void> {
    await this.root.getByTestId('msg-redrive').click();
    await expect(this.note).toContainText('redriven');
  }
}
