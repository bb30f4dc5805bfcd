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
        await client.locator('.node-name').click();
        await expect(page0.getByTestId('client-inspector')).toContainText('billing-service');
      } finally {
        await conn.close();
        await listener.close();
      }
      await expect(page0.locator('.react-flow__node-client')).toHaveCount(0);
      expect(problems).toEqual([]);
    });
  });
});
