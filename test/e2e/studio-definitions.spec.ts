import { fileURLToPath } from 'node:url';
import { expect, test } from './support/studio-fixture.ts';
import { nodeIds } from './pages/studio-page.ts';

const definitions = fileURLToPath(new URL('./fixtures/orders-definitions.json', import.meta.url));

test.describe('Studio', () => {
  test.describe('definitions and tracing', () => {
    test('imports a definitions file and publishes a traced message', async ({ studio, publish, page0, problems }) => {
      // A long journey (an import and five traces): more time on a loaded machine.
      test.slow();
      await page0.getByTestId('menu-file').click();
      const chooser = page0.waitForEvent('filechooser');
      await page0.getByTestId('file-import-definitions').click();
      await (await chooser).setFiles(definitions);
      await expect(page0.getByTestId('toast')).toContainText('Imported orders-definitions.json');

      // What the import declared appears on the graph, with its bindings.
      for (const q of ['eu-orders', 'us-orders', 'unrouted-orders']) await expect(studio.node(nodeIds.queue(q))).toBeVisible();
      await expect(studio.node(nodeIds.exchange('orders'))).toContainText('topic exchange');
      await expect(studio.node(nodeIds.queue('eu-orders'))).toContainText('quorum queue');
      await expect(page0.getByTestId('binding-label').filter({ hasText: 'orders.*.eu' })).toBeVisible();
      await expect(page0.getByTestId('edge-label-alternate')).toBeVisible();

      // Trace only: the broker explains the route and nothing is published.
      await publish.publish({ exchange: 'orders', routingKey: 'orders.new.us', traceOnly: true });
      await expect(page0.getByTestId('trace-summary')).toHaveText('Routed to 1 queue: us-orders');
      await expect(publish.trace).toContainText("'orders.new.us' matches pattern 'orders.*.us'");
      // The binding that did not match is folded beside the one that did; opened, it says why.
      const other = publish.trace.getByText("1 other binding of 'orders' did not match");
      await other.click();
      await expect(publish.trace.getByText("Binding 'orders.*.eu' → queue 'eu-orders': 'orders.new.us' does not match pattern 'orders.*.eu': word 3 is 'us', the pattern wants 'eu'.")).toBeVisible();
      await expect(studio.node(nodeIds.queue('us-orders')).locator('.node')).toHaveClass(/traced/);
      expect(await studio.stat(nodeIds.queue('us-orders'), 'stat-ready')).toBe(0);

      // A message whose key matches a binding: the path lights up and the engine says why.
      await publish.publish({ exchange: 'orders', routingKey: 'orders.new.eu', payload: '{"id": 1}' });
      await expect(publish.trace).toHaveAttribute('data-outcome', 'routed');
      await expect(page0.getByTestId('trace-summary')).toContainText('Routed to 1 queue: eu-orders');
      await expect(page0.getByTestId('trace-summary')).toContainText('The broker routed it.');
      await expect(publish.trace).toContainText("Published to topic exchange 'orders' with routing key 'orders.new.eu'.");
      await expect(publish.trace).toContainText("Binding 'orders.*.eu' → queue 'eu-orders': 'orders.new.eu' matches pattern 'orders.*.eu'.");
      await expect(publish.trace).toContainText("Enqueued on 'eu-orders' (0 messages ready, 0 consumers).");
      await expect(studio.node(nodeIds.queue('eu-orders')).locator('.node')).toHaveClass(/traced/);
      await expect(page0.locator('[data-testid="binding-label"].traced')).toContainText('orders.*.eu');
      await expect.poll(() => studio.stat(nodeIds.queue('eu-orders'), 'stat-ready')).toBe(1);
      await studio.shot('trace-routed');

      // One no binding matches goes to the alternate exchange, and the trace says why.
      await publish.publish({ exchange: 'orders', routingKey: 'orders.new.asia' });
      await expect(page0.getByTestId('trace-summary')).toContainText("Routed to 1 queue via alternate exchange 'unrouted': unrouted-orders");
      await expect(publish.trace).toContainText("Binding 'orders.*.eu' → queue 'eu-orders': 'orders.new.asia' does not match pattern 'orders.*.eu': word 3 is 'asia', the pattern wants 'eu'.");
      await expect(publish.trace).toContainText("No binding of topic exchange 'orders' matched 'orders.new.asia': on to its alternate exchange 'unrouted'.");
      await expect(publish.trace).toContainText("Sent to fanout exchange 'unrouted', the alternate exchange of 'orders', which matched nothing.");
      await expect(page0.getByTestId('edge-label-alternate')).toHaveClass(/traced/);
      await expect.poll(() => studio.stat(nodeIds.queue('unrouted-orders'), 'stat-ready')).toBe(1);
      await studio.shot('trace-alternate');

      // And one to the default exchange with no such queue comes back.
      await publish.publish({ exchange: '', routingKey: 'no-such-queue' });
      await expect(publish.trace).toHaveAttribute('data-outcome', 'returned');
      await expect(page0.getByTestId('trace-summary')).toContainText('312 NO_ROUTE');
      await expect(publish.trace).toContainText("The default exchange routes to the queue named by the routing key, and there is no queue 'no-such-queue'.");
      await studio.shot('trace-returned');

      await studio.tab('events');
      await expect(page0.getByTestId('event-log')).toContainText("published to 'orders' with key 'orders.new.eu'");
      expect(problems).toEqual([]);
    });
  });
});
