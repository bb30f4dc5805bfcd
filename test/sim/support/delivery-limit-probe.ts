import amqp from 'amqplib';

/** One delivery of the probe message: its redelivered flag and its x-delivery-count header. */
export interface ProbeDelivery {
  redelivered: boolean;
  deliveryCount: unknown;
}

/**
 * On a quorum queue with `x-delivery-limit: 3` and a dead-letter exchange,
 * nack one message (requeue) every time it comes, and return each delivery
 * and how many messages the parking queue holds once they stop. Cleans up.
 */
export async function deliveriesUntilDeadLettered(url: string): Promise<{ deliveries: ProbeDelivery[]; parked: number }> {
  const c = await amqp.connect(url);
  try {
    const ch = await c.createChannel();
    await ch.assertExchange('probe.park', 'fanout', { durable: false });
    await ch.assertQueue('probe.parked', { durable: false });
    await ch.bindQueue('probe.parked', 'probe.park', '');
    await ch.assertQueue('probe.dl', { durable: true, arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 3, 'x-dead-letter-exchange': 'probe.park' } });
    await ch.prefetch(1);
    const deliveries: ProbeDelivery[] = [];
    let quiet: () => void = () => undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settle = new Promise<void>((resolve) => (quiet = resolve));
    const rearm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(quiet, 500);
    };
    await ch.consume('probe.dl', (m) => {
      if (m === null) return;
      deliveries.push({ redelivered: m.fields.redelivered, deliveryCount: m.properties.headers?.['x-delivery-count'] });
      if (deliveries.length < 10) ch.nack(m, false, true);
      rearm();
    });
    ch.sendToQueue('probe.dl', Buffer.from('poison'));
    rearm();
    await settle;
    const parked = (await ch.checkQueue('probe.parked')).messageCount;
    await ch.deleteQueue('probe.dl');
    await ch.deleteQueue('probe.parked');
    await ch.deleteExchange('probe.park');
    return { deliveries, parked };
  } finally {
    await c.close();
  }
}
