import { expect, test } from './support/studio-fixture.ts';
import { nodeIds } from './pages/studio-page.ts';

test.describe('Studio', () => {
  test.describe('editing', () => {
    test('binds from the inspector, edits a key in place, deletes, undoes, redoes, copies and pastes', async ({ studio, page0, problems }) => {
      const exchange = nodeIds.exchange('direct-1');
      const queue = nodeIds.queue('queue-1');
      await studio.add('exchange-direct');
      await studio.add('queue-classic');

      // Bind with the keyboard-friendly form, then edit the key on the edge itself.
      await studio.select(exchange);
      await page0.getByTestId('bind-destination').selectOption('queue:queue-1');
      await page0.getByTestId('bind-key').fill('jobs');
      await page0.getByTestId('bind-add').click();
      const label = page0.getByTestId('binding-label');
      await expect(label).toHaveText('jobs');
      await label.focus();
      await page0.keyboard.press('Enter');
      await page0.getByTestId('binding-input').fill('jobs.v2');
      await page0.keyboard.press('Enter');
      await expect(label).toHaveText('jobs.v2');

      // Delete the queue; undo brings it back with its binding; redo deletes it again.
      await studio.select(queue);
      await page0.keyboard.press('Delete');
      await expect(studio.node(queue)).toHaveCount(0);
      await expect(label).toHaveCount(0);
      await page0.keyboard.press('Control+z');
      await expect(studio.node(queue)).toBeVisible();
      await expect(label).toHaveText('jobs.v2');
      await page0.keyboard.press('Control+Shift+z');
      await expect(studio.node(queue)).toHaveCount(0);
      await page0.getByTestId('undo').click();
      await expect(studio.node(queue)).toBeVisible();

      // Multi-select both, copy and paste: copies with new names, bound to each other.
      await studio.select(exchange);
      await studio.node(queue).locator('.node-name').click({ modifiers: ['Shift'] });
      await page0.keyboard.press('Control+c');
      await page0.keyboard.press('Control+v');
      await expect(studio.node(nodeIds.exchange('direct-1-copy'))).toBeVisible();
      await expect(studio.node(nodeIds.queue('queue-1-copy'))).toBeVisible();
      await expect(label).toHaveCount(2);

      // The inspector checks an edit with the engine's own rules, in RabbitMQ's words, before sending it.
      await studio.select(queue);
      await page0.getByTestId('queue-max-length').fill('-1');
      await expect(page0.getByTestId('inspector')).toContainText("PRECONDITION_FAILED - invalid arg 'x-max-length' for queue 'queue-1' in vhost '/': {value_negative,-1}");
      await expect(page0.getByTestId('inspector-apply')).toBeDisabled();

      await page0.getByTestId('theme-toggle').click();
      await expect(page0.locator('html')).toHaveAttribute('data-theme', 'light');
      await studio.shot('editing-light');
      expect(problems).toEqual([]);
    });

    test('keeps the theme in the host settings, and system follows the colour scheme', async ({ host, studio, page0, problems }) => {
      const html = page0.locator('html');
      const toggle = page0.getByTestId('theme-toggle');
      await expect(toggle).toHaveAttribute('data-theme-choice', 'system');
      await expect(html).toHaveAttribute('data-theme', 'dark');
      await page0.emulateMedia({ colorScheme: 'light' });
      await expect(html).toHaveAttribute('data-theme', 'light');

      await toggle.click();
      await expect(toggle).toHaveAttribute('data-theme-choice', 'light');
      await toggle.click();
      await expect(toggle).toHaveAttribute('data-theme-choice', 'dark');
      await expect(html).toHaveAttribute('data-theme', 'dark');
      await expect.poll(() => host.service.settings.theme).toBe('dark');

      // A fresh page with nothing of its own remembered takes the host's theme.
      await page0.evaluate(() => localStorage.clear());
      await studio.open(host.openUrl);
      await expect(toggle).toHaveAttribute('data-theme-choice', 'dark');
      await expect(html).toHaveAttribute('data-theme', 'dark');
      await toggle.focus();
      await page0.keyboard.press('Enter');
      await expect.poll(() => host.service.settings.theme).toBe('system');
      await expect(html).toHaveAttribute('data-theme', 'light');
      await expect(toggle).toHaveAccessibleName('Theme: system (light). Switch to light');
      expect(problems).toEqual([]);
    });
  });
});

