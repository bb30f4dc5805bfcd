import type { Page } from 'playwright-core';

/** The charts tab: subject, window, and the peaks each chart reports. */
export class ChartsPanel {
  constructor(readonly page: Page) {}

  /** The largest value of each series currently in a chart's window. */
  async peaks(chart: 'throughput' | 'depth' | 'latency' | 'ordering'): Promise<Record<string, number>> {
    const raw = (await this.page.getByTestId(`chart-${chart}`).getAttribute('data-peaks')) ?? '';
    const out: Record<string, number> = {};
    for (const pair of raw.split(' ').filter(Boolean)) {
      const [k, v] = pair.split(':');
      out[k!] = Number(v);
    }
    return out;
  }

  /** The chart's lines as the legend names them. */
  legend(chart: string): Promise<string[]> {
    return this.page.getByTestId(`chart-${chart}`).getByTestId('legend-item').allTextContents();
  }
}
