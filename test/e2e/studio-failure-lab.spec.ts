import { expect, test } from './support/studio-fixture.ts';
import { readFileSync } from 'node:fs';
import type { Download } from 'playwright-core';
import { nodeIds } from './pages/studio-page.ts';

async function readDownload(d: Download): Promise<string> {
  return readFileSync((await d.path())!, 'utf8');
}

test.describe('Studio', () => {
  test.describe('failure labs', () => {
    test('runs a failure lab and sees redeliveries and dead-letters in the charts', async ({ studio, charts, page0, problems }) => {
      await studio.openExample('lab-poison-message');
      await expect(page0.getByTestId('explanation')).toContainText('x-delivery-limit');
      await expect(studio.node(nodeIds.queue('payments'))).toContainText('quorum queue');
      await expect(page0.getByTestId('edge-label-dead-letter')).toBeVisible();

      await studio.run(10);
      await expect.poll(async () => (await charts.peaks('throughput'))['redelivered'] ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
      await expect.poll(async () => (await charts.peaks('throughput'))['deadLettered'] ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
      await expect.poll(async () => (await charts.peaks('ordering'))['redeliveries'] ?? 0).toBeGreaterThan(0);
      expect(await charts.legend('throughput')).toEqual(expect.arrayContaining(['Redelivered', 'Dead-lettered']));
      await expect.poll(() => studio.stat(nodeIds.queue('payments.parked'), 'stat-ready')).toBeGreaterThan(0);
      // Hovering a chart shows each line's value at that time (recharts' tooltip, mounted over the plot while hovered).
      await page0.getByTestId('chart-throughput').locator('.chart-plot').hover();
      await expect(page0.getByTestId('chart-throughput').locator('.recharts-tooltip-wrapper')).toContainText('Dead-lettered');
      await studio.shot('failure-lab-charts');

      // Each chart exports its window as CSV and PNG.
      const csv = page0.waitForEvent('download');
      await page0.getByTestId('export-csv-throughput').click();
      const csvText = await readDownload(await csv);
      expect(csvText.split('\n')[0]).toBe('time_ms,published,delivered,acked,redelivered,returned,deadLettered');
      const png = page0.waitForEvent('download');
      await page0.getByTestId('export-png-throughput').click();
      const pngFile = await png;
      expect(pngFile.suggestedFilename()).toBe('the-whole-broker-throughput.png');
      // A real image of the plot: PNG signature, and at least the plot's width at 2× scale.
      const pngBytes = readFileSync((await pngFile.path())!);
      expect(pngBytes.subarray(1, 4).toString('latin1')).toBe('PNG');
      const plotWidth = (await page0.getByTestId('chart-throughput').locator('svg.chart-svg').boundingBox())!.width;
      expect(pngBytes.readUInt32BE(16)).toBeGreaterThanOrEqual(Math.floor(plotWidth * 2));
      await pngFile.saveAs('test-results/studio/exported-throughput.png');

      // The parked queue's own chart: what arrived there.
      await studio.select(nodeIds.queue('payments.parked'));
      await page0.getByTestId('chart-subject-selection').click();
      await expect(page0.getByTestId('chart-subject')).toHaveText('queue payments.parked');
      await expect.poll(async () => (await charts.peaks('depth'))['ready'] ?? 0).toBeGreaterThan(0);

      await studio.tab('events');
      await expect(page0.getByTestId('event-log')).toContainText("dead-lettered from queue 'payments' (delivery_limit) to exchange 'parking'");
      await studio.tab('assertions');
      await expect(page0.getByTestId('assertion').filter({ hasText: 'redelivered >= 300' })).toBeVisible();
      await studio.shot('failure-lab-assertions');
      expect(problems).toEqual([]);
    });
  });
});
