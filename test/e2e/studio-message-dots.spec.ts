import { expect, test } from './support/studio-fixture.ts';
import { nodeIds } from './pages/studio-page.ts';

test.describe('Studio', () => {
  test.describe('seeing messages move', () => {
    test('colours travelling messages by outcome, or by routing key so one key can be followed', async ({ studio, page0, problems }) => {
      await studio.openExample('tutorial-5-topics');
      // Slow enough that single messages travel as dots.
      await studio.select(nodeIds.producer('emit_log_topic'));
      await studio.editInInspector({ 'producer-rate': '4' });
      await studio.run();
      const legend = page0.getByTestId('legend');
      for (const word of ['published', 'delivered', 'redelivered', 'dead-lettered', 'expired', 'returned']) await expect(legend).toContainText(word);

      // By outcome: what each dot says, in words, on every edge.
      const dots = page0.locator('.edge-dot');
      await expect.poll(() => dots.count()).toBeGreaterThan(3);
      const outcome = await dotTitles(page0);
      expect(outcome.every((t) => ['published', 'routed', 'delivered', 'redelivered'].includes(t))).toBe(true);

      // By routing key: the producer's eight keys, and the bindings' keys, each in its own colour.
      await page0.getByTestId('dot-colors-toggle').click();
      await expect(page0.getByTestId('dot-colors-toggle')).toHaveText('dots: routing key');
      await expect(page0.getByTestId('legend-keys')).toBeVisible();
      await expect.poll(() => dotTitles(page0)).toEqual(expect.arrayContaining(['routing key *.orange.*', 'routing key lazy.#', 'routing key quick.orange.rabbit']));
      const fills = new Map(await dots.evaluateAll((els) => els.map((e) => [e.querySelector('title')?.textContent ?? '', e.getAttribute('fill')] as const)));
      const lazy = fills.get('routing key lazy.#');
      expect(lazy).toMatch(/^hsl\(/);
      expect(fills.get('routing key *.orange.*')).not.toBe(lazy);
      await studio.shot('dots-by-key');
      expect(problems).toEqual([]);
    });
  });
});

/** What each travelling dot says on hover. */
async function dotTitles(page: import('playwright-core').Page): Promise<string[]> {
  return page.locator('.edge-dot title').allTextContents();
}
