import { expect, test } from './support/studio-fixture.ts';
import { nodeIds } from './pages/studio-page.ts';

const DEPTH = 'queue events total depth <= 600';
const LATENCY = 'consume latency max >= 10000 ms';
const LOST = 'no message lost';

test.describe('Studio', () => {
  test.describe('a running simulation', () => {
    test('judges the assertions live, takes a consumer added mid-run, and ends with a verdict', async ({ studio, assertions, page0, problems }) => {
      // A long journey through a live run: room for a busy machine (nothing here depends on how fast it goes).
      test.setTimeout(180_000);
      await studio.openExample('lab-slow-consumer');
      await studio.tab('assertions');
      // Before the run, every assertion waits for it.
      await expect(assertions.row(DEPTH)).toHaveAttribute('data-state', 'pending');
      await expect(assertions.badge()).toHaveAccessibleName('Assertions: 0 passing, 0 failing, 4 pending. Show assertions');

      // Five minutes instead of 40 s, so a busy machine cannot end the run before the edits (the end is run at 100×).
      await studio.editInInspector({ 'scenario-duration': '5m' });
      await studio.run(2);
      // Early on the backlog is small (passing) and no message has waited 10 s yet (failing); loss is known at the end.
      await expect.poll(() => assertions.state(DEPTH)).toBe('passing');
      await expect.poll(() => assertions.state(LATENCY)).toBe('failing');
      expect(await assertions.state(LOST)).toBe('pending');
      await expect(assertions.row(LATENCY)).toContainText('failing so far');
      // At 2× the producer still reads about 100 msg/s, not 200: rates are per simulated second, and the charts say so.
      // (A short sampling window under load reads a few messages high or low, so the bound sits halfway to 200.)
      await expect.poll(() => studio.stat(nodeIds.producer('p'), 'stat-out')).toBeGreaterThan(70);
      expect(await studio.stat(nodeIds.producer('p'), 'stat-out')).toBeLessThan(150);
      await studio.tab('charts');
      await expect(page0.getByTestId('chart-unit-throughput')).toHaveText('msg/s (simulated)');
      await expect(page0.getByTestId('chart-clock')).toHaveText('simulated time · running at 2×');
      await expect.poll(() => studio.stat(nodeIds.queue('events'), 'stat-ready'), { timeout: 20_000 }).toBeGreaterThan(120);
      await page0.getByTestId('sim-pause').click();
      await studio.tab('assertions');
      await studio.shot('live-run-backlog');

      // A consumer from the palette joins the run once it is connected to the queue (the run is paused: it joins at that instant).
      await studio.add('consumer');
      await studio.connect(nodeIds.queue('events'), nodeIds.consumer('consumer-1'));
      // The paused run took it (nothing asks to restart); it connects as simulated time moves on.
      await expect(page0.getByTestId('sim-restart')).toHaveCount(0);
      await page0.getByTestId('sim-step').click();
      await expect.poll(() => studio.stat(nodeIds.consumer('consumer-1'), 'stat-in')).toBeGreaterThan(0);
      // Running again, it gets five quick instances from the inspector.
      await studio.speed(1);
      await studio.run();
      await studio.select(nodeIds.consumer('consumer-1'));
      await studio.editInInspector({ 'consumer-count': '5', 'consumer-processing': '5' });
      await expect.poll(() => studio.stat(nodeIds.queue('events'), 'stat-consumers')).toBeGreaterThanOrEqual(6);
      await expect.poll(() => studio.stat(nodeIds.queue('events'), 'stat-ready'), { timeout: 20_000 }).toBeLessThan(10);
      // The run has the changes: nothing asks to restart.
      await expect(page0.getByTestId('sim-restart')).toHaveCount(0);
      await studio.shot('live-run-drained');
      await studio.speed(100);

      await expect(page0.getByTestId('sim-status')).toHaveText('finished', { timeout: 40_000 });
      const end = await assertions.all();
      expect(end.every((a) => a.final && (a.state === 'passing' || a.state === 'failing'))).toBe(true);
      expect(end.find((a) => a.label === LOST)!.state).toBe('passing');
      const failed = end.filter((a) => a.state === 'failing').length;
      await expect(assertions.verdict()).toHaveText(failed === 0 ? 'Run finished: every assertion passed' : `Run finished: ${failed} assertion${failed === 1 ? '' : 's'} failed`);
      await expect(assertions.row(LOST)).toContainText('passed');
      await expect(assertions.badge()).toHaveAccessibleName(new RegExp(`^Assertions ${failed === 0 ? 'passed' : 'failed'}: `));
      await studio.shot('live-run-finished');

      // The consumer the scenario's timeline adds at 20 s is on the graph, marked with when it joins, and it worked.
      const helper = nodeIds.consumer('helper');
      await expect(studio.node(helper).getByTestId('node-tag')).toHaveText('20s→');
      expect(end.find((a) => a.label === 'processed (consumer helper) >= 1500')!.state).toBe('passing');
      await studio.select(helper);
      await expect(page0.getByTestId('schedule-note')).toContainText('joins the run at 20s');
      expect(problems).toEqual([]);
    });
  });
});
