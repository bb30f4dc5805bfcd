import { expect, test } from './support/studio-fixture.ts';
import { nodeIds } from './pages/studio-page.ts';

test.describe('Studio', () => {
  test.describe('message browser', () => {
    test('peeks at a dead-letter queue and redrives it', async ({ host, studio, messages, page0, problems }) => {
      // A work queue whose rejected messages go to work.dlq, and three of them rejected (through the host's own tools).
      const s = host.service;
      const call = async (channel: string, payload: unknown): Promise<void> => {
        const r = await s.invoke(channel, payload);
        if (!r.ok) throw new Error(r.error.message);
      };
      await call('topology:apply', { type: 'exchange.declare', vhost: '/', name: 'dlx', exchangeType: 'fanout', durable: true, autoDelete: false, internal: false, arguments: {} });
      await call('topology:apply', { type: 'queue.declare', vhost: '/', name: 'work.dlq', durable: true, exclusive: false, autoDelete: false, arguments: {} });
      await call('topology:apply', { type: 'binding.add', vhost: '/', source: 'dlx', destination: 'work.dlq', destinationType: 'queue', routingKey: '', arguments: {} });
      await call('topology:apply', { type: 'queue.declare', vhost: '/', name: 'work', durable: true, exclusive: false, autoDelete: false, arguments: { 'x-dead-letter-exchange': 'dlx' } });
      for (let i = 1; i <= 3; i++) {
        await call('queue:publish', { vhost: '/', exchange: '', routingKey: 'work', properties: { contentType: 'application/json', headers: { attempt: i } }, payload: JSON.stringify({ order: i, item: 'book' }) });
      }
      await call('queue:get', { vhost: '/', queue: 'work', count: 3, ackmode: 'reject_requeue_false' });

      await expect.poll(() => studio.stat(nodeIds.queue('work.dlq'), 'stat-ready')).toBe(3);
      await expect(page0.getByTestId('edge-label-dead-letter')).toBeVisible();

      // Peek: the messages with their x-death, nothing taken or marked redelivered.
      await studio.select(nodeIds.queue('work.dlq'));
      await studio.tab('messages');
      await messages.peek();
      await expect(messages.rows).toHaveCount(3);
      await expect(messages.rows.first().getByTestId('x-death')).toContainText('dead-lettered: rejected from work');
      await expect(messages.rows.first().getByTestId('message-body')).toContainText('"order": 1');
      await expect(messages.rows.first().getByTestId('message-headers')).toContainText('x-death');
      await messages.rows.first().getByTestId('body-hex').click();
      await expect(messages.rows.first().getByTestId('message-body')).toContainText('7b 22 6f 72 64 65 72');
      await expect(messages.rows.first()).not.toContainText('redelivered');
      await studio.shot('dlq-peek');
      await messages.peek();
      await expect(messages.rows).toHaveCount(3);
      expect(await studio.stat(nodeIds.queue('work.dlq'), 'stat-ready')).toBe(3);

      // Redrive: each message goes back to the queue it died in.
      await messages.redrive();
      await expect(messages.note).toContainText('3 redriven');
      await expect.poll(() => studio.stat(nodeIds.queue('work.dlq'), 'stat-ready')).toBe(0);
      await expect.poll(() => studio.stat(nodeIds.queue('work'), 'stat-ready')).toBe(3);
      await studio.shot('dlq-redriven');

      await studio.tab('events');
      await expect(page0.getByTestId('event-log')).toContainText("Redrive on queue 'work.dlq': 3 redriven");
      expect(problems).toEqual([]);
    });

    test('moves a queue\'s messages to an exchange, which routes them by the key given', async ({ host, studio, messages, page0, problems }) => {
      const s = host.service;
      const call = async (channel: string, payload: unknown): Promise<void> => {
        const r = await s.invoke(channel, payload);
        if (!r.ok) throw new Error(r.error.message);
      };
      await call('topology:apply', { type: 'exchange.declare', vhost: '/', name: 'orders', exchangeType: 'topic', durable: true, autoDelete: false, internal: false, arguments: {} });
      for (const q of ['parked', 'orders.eu', 'orders.us']) await call('topology:apply', { type: 'queue.declare', vhost: '/', name: q, durable: true, exclusive: false, autoDelete: false, arguments: {} });
      await call('topology:apply', { type: 'binding.add', vhost: '/', source: 'orders', destination: 'orders.eu', destinationType: 'queue', routingKey: 'eu.*', arguments: {} });
      await call('topology:apply', { type: 'binding.add', vhost: '/', source: 'orders', destination: 'orders.us', destinationType: 'queue', routingKey: 'us.*', arguments: {} });
      for (let i = 1; i <= 4; i++) await call('queue:publish', { vhost: '/', exchange: '', routingKey: 'parked', payload: `order ${i}` });
      await expect.poll(() => studio.stat(nodeIds.queue('parked'), 'stat-ready')).toBe(4);

      await studio.select(nodeIds.queue('parked'));
      await studio.tab('messages');
      await expect(messages.root.getByTestId('msg-move-key')).toHaveCount(0);
      await messages.move({ exchange: 'orders', routingKey: 'us.ny' });
      await expect(messages.note).toHaveText("4 moved to exchange 'orders' with key 'us.ny'");
      await expect.poll(() => studio.stat(nodeIds.queue('orders.us'), 'stat-ready')).toBe(4);
      expect(await studio.stat(nodeIds.queue('parked'), 'stat-ready')).toBe(0);
      expect(await studio.stat(nodeIds.queue('orders.eu'), 'stat-ready')).toBe(0);
      await studio.shot('move-to-exchange');

      // An exchange that routes nowhere: nothing is lost, the move stops and says why.
      await messages.chooseQueue('orders.us');
      await messages.move({ exchange: 'orders', routingKey: 'asia.tokyo' });
      await expect(messages.note).toContainText("0 moved to exchange 'orders' with key 'asia.tokyo'; stopped: exchange 'orders' routed a message with routing key 'asia.tokyo' to no queue");
      expect(await studio.stat(nodeIds.queue('orders.us'), 'stat-ready')).toBe(4);
      expect(problems).toEqual([]);
    });
  });
});
