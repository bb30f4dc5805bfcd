import { expect } from '@playwright/test';
import type { Locator, Page } from 'playwright-core';

/** The Users tab: the broker's users, and the form to add, edit or delete one. */
export class UsersPanel {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.getByTestId('users-panel');
  }

  get form(): Locator {
    return this.page.getByTestId('user-form');
  }

  row(name: string): Locator {
    return this.page.getByTestId(`user-row-${name}`);
  }

  async open(): Promise<void> {
    await this.page.getByTestId('tab-users').click();
    await expect(this.panel).toBeVisible();
  }

  /** Open the form for a new user and fill it; `permission` sets the first row's three regexes (the current vhost's). */
  async fill(u: { name: string; password: string; tags?: string[]; permission?: { configure: string; write: string; read: string } }): Promise<void> {
    await this.page.getByTestId('user-add').click();
    await expect(this.form).toBeVisible();
    await this.form.getByTestId('user-name').fill(u.name);
    await this.form.getByTestId('user-password').fill(u.password);
    for (const t of u.tags ?? []) await this.form.getByTestId(`user-tag-${t}`).click();
    if (u.permission) await this.setPermission(0, u.permission);
  }

  async setPermission(row: number, p: { configure: string; write: string; read: string }): Promise<void> {
    for (const k of ['configure', 'write', 'read'] as const) await this.form.getByTestId(`perm-${k}-${row}`).fill(p[k]);
  }

  async save(): Promise<void> {
    await this.form.getByTestId('user-save').click();
    await expect(this.form).toBeHidden();
  }

  /** Delete from the list, confirming in the dialog. */
  async remove(name: string): Promise<void> {
    await this.page.getByTestId(`user-remove-${name}`).click();
    const dialog = this.page.getByTestId('user-delete-dialog');
    await expect(dialog).toContainText(`Delete user ${name}?`);
    await dialog.getByTestId('user-delete-confirm').click();
    await expect(dialog).toBeHidden();
  }
}
