import type { Locator, Page } from 'playwright-core';

/** The assertions tab and the badge in the simulation controls. */
export class AssertionsPanel {
  constructor(readonly page: Page) {}

  /** An assertion's row by its label (`queue events total depth <= 600`). */
  row(label: string): Locator {
    return this.page.getByTestId('assertion').filter({ has: this.page.locator('.assertion-label', { hasText: label }) });
  }

  /** `passing`, `failing` or `pending`. */
  async state(label: string): Promise<string | null> {
    return this.row(label).getAttribute('data-state');
  }

  /** Every row's state and whether it is the run's final verdict. */
  async all(): Promise<{ label: string; state: string | null; final: boolean }[]> {
    const rows = await this.page.getByTestId('assertion').all();
    return Promise.all(
      rows.map(async (r) => ({
        label: (await r.locator('.assertion-label').textContent()) ?? '',
        state: await r.getAttribute('data-state'),
        final: (await r.getAttribute('data-final')) === 'true',
      })),
    );
  }

  verdict(): Locator {
    return this.page.getByTestId('assertion-verdict');
  }

  badge(): Locator {
    return this.page.getByTestId('assertion-badge');
  }
}
