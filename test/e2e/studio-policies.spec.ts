import { expect, test } from './support/studio-fixture.ts';
import { nodeIds } from './pages/studio-page.ts';

test.describe('Studio', () => {
  test.describe('policies', () => {
    test('adds a max-length policy, sees it on the queue and in effect, refuses a bad pattern in RabbitMQ\'s words, deletes it', async ({ host, broker, studio, policies, publish, page0, problems }) => {
      const s = host.service;
      const call = async (channel: string, payload: unknown): Promise<unknown> => {
        const r = await s.invoke(channel, payload);
        if (!r.ok) throw new Error(r.error.message);
        return r.value;
      };
      for (const name of ['orders', 'audit']) {
        await call('topology:apply', { type: 'queue.declare', vhost: '/', name, durable: true, exclusive: false, autoDelete: false, arguments: {} });
      }
      // Its own argument allows 10: with the policy's 2, the lower wins.
      await call('topology:apply', { type: 'queue.declare', vhost: '/', name: 'orders.big', durable: true, exclusive: false, autoDelete: false, arguments: { 'x-max-length': 10, 'x-overflow': 'reject-publish' } });
      const orders = nodeIds.queue('orders');
      await expect(studio.node(orders)).toBeVisible();

      await policies.open();
      await expect(policies.panel).toContainText('No policies on this vhost');

      // A bad pattern: the form shows the broker's own refusal and cannot be saved.
      await policies.fill({ name: 'orders-cap', pattern: '^orders(', definition: { 'max-length': '2' } });
      const refusal = await s.invoke('topology:apply', { type: 'policy.set', vhost: '/', name: 'orders-cap', pattern: '^orders(', applyTo: 'queues', priority: 0, definition: { 'max-length': 2 } });
      expect(refusal.ok).toBe(false);
      const engineText = refusal.ok ? '' : refusal.error.message;
      expect(engineText).toContain('PRECONDITION_FAILED - pattern should be regular expression but is invalid');
      await expect(policies.form).toContainText(engineText);
      await expect(policies.form.getByTestId('policy-save')).toBeDisabled();
      await studio.shot('policies-bad-pattern');

      // Fixed, it is saved and listed with what it is in effect on.
      await policies.form.getByTestId('policy-pattern').fill('^orders');
      await expect(policies.form.getByRole('alert')).toHaveCount(0);
      await studio.shot('policies-form');
      await policies.save();
      await expect(policies.row('orders-cap')).toContainText('max-length: 2');
      await expect(policies.targets('orders-cap')).toHaveText(/orders.*orders\.big/);
      await expect(policies.targets('orders-cap')).not.toContainText('audit');
      expect(broker.vhosts.get('/')!.policies.get('orders-cap')?.pattern).toBe('^orders');

      // The inspector names the policy and says max-length comes from it.
      await studio.select(orders);
      const inspector = page0.getByTestId('inspector');
      await expect(inspector.getByTestId('inspector-policy-link')).toHaveText('orders-cap');
      await expect(inspector.getByTestId('source-max-length')).toHaveAttribute('data-source', 'policy');
      await expect(inspector.getByTestId('source-max-length')).toContainText('policy');
      await expect(inspector.getByTestId('queue-max-length')).toHaveAttribute('placeholder', 'policy: 2');
      await studio.select(nodeIds.queue('orders.big'));
      await expect(inspector.getByTestId('source-max-length')).toHaveAttribute('data-source', 'policy (lower)');
      // The card shows the limit that acts: the policy's 2, not the argument's 10.
      await expect(studio.node(nodeIds.queue('orders.big')).locator('.node-sub')).toHaveText('classic queue · policy orders-cap · max 2');
      await studio.shot('policies-inspector-lower-wins');
      await studio.select(orders);

      // Three messages in, two kept: the policy's max-length drops from the head.
      for (let i = 1; i <= 3; i++) await publish.publish({ exchange: '', routingKey: 'orders', payload: `order ${i}` });
      await expect.poll(() => studio.stat(orders, 'stat-ready')).toBe(2);
      expect(broker.vhosts.get('/')!.queues.get('orders')!.messageCount).toBe(2);
      await studio.shot('policies-dark');
      await page0.getByTestId('theme-toggle').click();
      await expect(page0.locator('html')).toHaveAttribute('data-theme', 'light');
      await studio.shot('policies-light');

      // The definitions RabbitMQ would export list it.
      const defs = (await call('definitions:export', {})) as { policies: { name: string; definition: Record<string, unknown> }[] };
      expect(defs.policies).toEqual([expect.objectContaining({ name: 'orders-cap', pattern: '^orders', 'apply-to': 'queues', definition: { 'max-length': 2 } })]);

      // The inspector's link opens the policy's form; delete asks first; undo brings it back.
      await inspector.getByTestId('inspector-policy-link').click();
      await expect(policies.form).toBeVisible();
      await expect(policies.form.getByTestId('policy-name')).toHaveValue('orders-cap');
      await policies.form.getByTestId('policy-cancel').click();
      await policies.remove('orders-cap');
      await expect(policies.panel).toContainText('No policies on this vhost');
      await expect(inspector.getByTestId('inspector-policy')).toContainText('No policy applies to this queue');
      expect(broker.vhosts.get('/')!.policies.size).toBe(0);
      await page0.getByTestId('undo').click();
      await expect(policies.row('orders-cap')).toBeVisible();
      expect(broker.vhosts.get('/')!.policies.has('orders-cap')).toBe(true);
      await policies.remove('orders-cap');
      await expect(policies.row('orders-cap')).toHaveCount(0);
      expect(problems).toEqual([]);
    });
  });
});
