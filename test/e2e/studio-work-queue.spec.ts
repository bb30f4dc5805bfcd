import { expect, test } from './support/studio-fixture.ts';
import { nodeIds } from './pages/studio-page.ts';

test.describe('Studio', () => {
  test.describe('building a topology', () => {
    test('builds the work-queue tutorial from an empty canvas and sees messages delivered', async ({ studio, page0, problems }) => {
      await expect(page0.getByTestId('canvas-empty')).toBeVisible();

      // A durable classic queue named task_queue.
      await studio.add('queue-classic');
      await studio.select(nodeIds.queue('queue-1'));
      await studio.editInInspector({ 'queue-name': 'task_queue' });
      await expect(studio.node(nodeIds.queue('task_queue'))).toBeVisible();
      await expect(studio.node(nodeIds.queue('queue-1'))).toHaveCount(0);

      // A producer publishing to it through the default exchange.
      await studio.add('producer');
      await studio.connect(nodeIds.producer('producer-1'), nodeIds.queue('task_queue'));
      await expect(page0.getByTestId('edge-label-publish')).toContainText('default exchange');
      await expect(studio.node(nodeIds.producer('producer-1')).getByTestId('node-issue')).toHaveCount(0);

      // Two workers with prefetch 1 (fair dispatch).
      await studio.add('consumer');
      await studio.connect(nodeIds.queue('task_queue'), nodeIds.consumer('consumer-1'));
      await studio.select(nodeIds.consumer('consumer-1'));
      await studio.editInInspector({ 'consumer-count': '2', 'consumer-prefetch': '1' });
      await expect(studio.node(nodeIds.consumer('consumer-1'))).toContainText('consumer ×2 · prefetch 1');
      await studio.shot('work-queue-built');

      await studio.run(2);
      await expect.poll(() => studio.stat(nodeIds.consumer('consumer-1'), 'stat-in'), { timeout: 20_000 }).toBeGreaterThan(0);
      await expect.poll(() => studio.stat(nodeIds.queue('task_queue'), 'stat-consumers')).toBe(2);
      await expect.poll(() => studio.stat(nodeIds.queue('task_queue'), 'stat-out')).toBeGreaterThan(0);

      await studio.tab('events');
      await expect(page0.getByTestId('event-log')).toContainText("subscribed to queue 'task_queue'");
      await studio.tab('charts');
      await studio.shot('work-queue-running');
      expect(problems).toEqual([]);
    });
  });
});
