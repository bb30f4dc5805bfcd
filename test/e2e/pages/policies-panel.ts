import { expect } from '@playwright/test';
import type { Locator, Page } from 'playwright-core';

/** The Policies tab: the vhost's policies, and the form to add, edit or delete one. */
export class PoliciesPanel {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.getByTestId('policies-panel');
  }

  get form(): Locator {
    return this.page.getByTestId('policy-form');
  }

  row(name: string): Locator {
    return this.page.getByTestId(`policy-row-${name}`);
  }

  targets(name: string): Locator {
    return this.page.getByTestId(`policy-targets-${name}`);
  }

  async open(): Promise<void> {
    await this.page.getByTestId('tab-policies').click();
    await expect(this.panel).toBeVisible();
  }

  /** Open the form for a new policy and fill it (definition values typed as text, as a user types them). */
  async fill(p: { name: string; pattern: string; applyTo?: string; priority?: number; definition: Record<string, string> }): Promise<void> {
    await this.page.getByTestId('policy-add').click();
    await expect(this.form).toBeVisible();
    await this.form.getByTestId('policy-name').fill(p.name);
    await this.form.getByTestId('policy-pattern').fill(p.pattern);
    if (p.applyTo !== undefined) await this.form.getByTestId('policy-apply-to').selectOption(p.applyTo);
    if (p.priority !== undefined) await this.form.getByTestId('policy-priority').fill(String(p.priority));
    for (const [key, value] of Object.entries(p.definition)) {
      await this.form.getByTestId('policy-new-key').selectOption(key);
      await this.form.getByTestId('policy-new-value').fill(value);
      await this.form.getByTestId('policy-add-key').click();
      await expect(this.form.getByTestId(`policy-def-${key}`)).toBeVisible();
    }
  }

  async save(): Promise<void> {
    await this.form.getByTestId('policy-save').click();
    await expect(this.form).toBeHidden();
  }

  /** Delete from the list, confirming in the dialog. */
  async remove(name: string): Promise<void> {
    await this.page.getByTestId(`policy-remove-${name}`).click();
    const dialog = this.page.getByTestId('policy-delete-dialog');
    await expect(dialog).toContainText(`Delete policy ${name}?`);
    await dialog.getByTestId('policy-delete-confirm').click();
    await expect(dialog).toBeHidden();
  }
}
