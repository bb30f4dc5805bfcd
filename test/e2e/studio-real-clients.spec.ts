import amqp from 'amqplib';
import { startAmqpListener } from '../../engine/adapters/tcp-listener.ts';
import { expect, test } from './support/studio-fixture.ts';
import { nodeIds } from './pages/studio-page.ts';

test.describe('Studio', () => {
  test.describe('real clients', () => {
    test('shows a real AMQP client as its own node, marked real, consuming from its queue', async ({ broker, studio, page0, problems }) => {
      const listener = await startAmqpListener(broker, { port: 0 });
      const conn = await amqp.connect(`${listener.url}?frameMax=131072`, { clientProperties: { connection_name: 'billing-service' } });
      try {
        const ch = await conn.createChannel();
        await ch.assertQueue('invoices', { durable: true });
        await ch.consume('invoices', (m) => m && ch.ack(m));
        const client = page0.locator('.react-flow__node-client');
        await expect(client).toBeVisible();
        await expect(client).toContainText('REAL');
        await expect(client).toContainText('billing-service');
        await expect(studio.node(nodeIds.queue('invoices'))).toBeVisible();
        await expect(page0.getByTestId('edge-label-client')).toBeVisible();

        const timer = setInterval(() => ch.sendToQueue('invoices', Buffer.from('{"total": 12}')), 50);
        try {
          await expect.poll(async () => {
            const t = (await client.getByTestId('stat-in').locator('b').textContent()) ?? '0';
            return parseFloat(t);
          }).toBeGreaterThan(0);
          await studio.shot('real-client');
        } finally {
          clearInterval(timer);
        }
        await studio.selectNode(client);
        await expect(page0.getByTestId('client-inspector')).toContainText('billing-service');
      } finally {
        await conn.close();
        await listener.close();
      }
      await expect(page0.locator('.react-flow__node-client')).toHaveCount(0);
      expect(problems).toEqual([]);
    });

    test('draws a real amqplib producer with an edge to the exchange it publishes to, at its rate', async ({ broker, studio, page0, problems }) => {
      const listener = await startAmqpListener(broker, { port: 0 });
      const conn = await amqp.connect(`${listener.url}?frameMax=131072`, { clientProperties: { connection_name: 'order-service' } });
      try {
        const ch = await conn.createConfirmChannel();
        await ch.assertExchange('orders', 'topic', { durable: false });
        await ch.assertQueue('orders.eu', { durable: false });
        await ch.bindQueue('orders.eu', 'orders', 'eu.#');
        const client = page0.locator('.react-flow__node-client');
        await expect(client).toContainText('order-service');
        // Connected but silent: no publish edge yet.
        await expect(page0.locator('[data-testid^="rf__edge-client-publish:"]')).toHaveCount(0);
        const timer = setInterval(() => ch.publish('orders', 'eu.de', Buffer.from('{"n":1}')), 40);
        try {
          const edge = page0.locator(`[data-testid="rf__edge-client-publish:${await connectionNumber(page0)}:${nodeIds.exchange('orders')}"]`);
          await expect(edge).toHaveCount(1);
          await expect(page0.getByTestId('edge-label-client-publish')).toHaveText(/^[1-9][\d.]*k?\/s$/);
          await expect.poll(async () => parseFloat((await client.getByTestId('stat-out').locator('b').textContent()) ?? '0')).toBeGreaterThan(0);
          await expect(studio.node(nodeIds.exchange('orders'))).toBeVisible();
          await studio.shot('real-producer');
        } finally {
          clearInterval(timer);
        }
        await studio.selectNode(client);
        await expect(page0.getByTestId('client-publishes')).toHaveText('exchange orders');
      } finally {
        await conn.close();
        await listener.close();
      }
      await expect(page0.locator('[data-testid^="rf__edge-client-publish:"]')).toHaveCount(0);
      expect(problems).toEqual([]);
    });

    test('keeps what a real client declares in view, until the user moves the view', async ({ broker, page0, studio, problems }) => {
      const listener = await startAmqpListener(broker, { port: 0 });
      const conn = await amqp.connect(`${listener.url}?frameMax=131072`, { clientProperties: { connection_name: 'inventory-service' } });
      try {
        const ch = await conn.createChannel();
        // One queue at a time: each is placed beside the others (not a whole new
        // layout), so a column of them outgrows the pane at the fitted zoom.
        for (let i = 1; i <= 9; i++) {
          await ch.assertQueue(`stock.${i}`, { durable: false });
          await expect(studio.node(nodeIds.queue(`stock.${i}`))).toBeInViewport({ ratio: 0.99 });
        }
        await expect(page0.locator('.react-flow__node-client')).toBeInViewport({ ratio: 0.99 });
        // Everything is in view: no mini map covering the bottom-right nodes.
        await expect(page0.getByTestId('rf__minimap')).toHaveCount(0);

        // A pan by hand: the view stays where the user put it.
        const pane = (await page0.locator('.react-flow__pane').boundingBox())!;
        await page0.mouse.move(pane.x + pane.width - 40, pane.y + pane.height / 2);
        await page0.mouse.down();
        await page0.mouse.move(pane.x + pane.width - 40, pane.y + pane.height / 2 - 2000, { steps: 8 });
        await page0.mouse.up();
        const moved = await page0.locator('.react-flow__viewport').getAttribute('style');
        await ch.assertQueue('stock.10', { durable: false });
        await expect(studio.node(nodeIds.queue('stock.10'))).toHaveCount(1);
        await expect(studio.node(nodeIds.queue('stock.10'))).not.toBeInViewport();
        expect(await page0.locator('.react-flow__viewport').getAttribute('style')).toBe(moved);
        // Part of the graph is out of view now: the mini map shows the way.
        await expect(page0.getByTestId('rf__minimap')).toBeVisible();

        // The zoom controls' fit brings everything back, and following resumes.
        await page0.getByTestId('rf__controls').getByRole('button', { name: 'Fit View' }).click();
        await expect(studio.node(nodeIds.queue('stock.10'))).toBeInViewport({ ratio: 0.99 });
        await expect(page0.getByTestId('rf__minimap')).toHaveCount(0);
        await ch.assertQueue('stock.11', { durable: false });
        await expect(studio.node(nodeIds.queue('stock.11'))).toBeInViewport({ ratio: 0.99 });
      } finally {
        await conn.close();
        await listener.close();
      }
      expect(problems).toEqual([]);
    });
  });
});

/** The engine number of the one real connection, from its node's id. */
async function connectionNumber(page: import('playwright-core').Page): Promise<number> {
  const id = await page.locator('.react-flow__node-client').getAttribute('data-id');
  return Number(id?.replace('connection:', ''));
}
