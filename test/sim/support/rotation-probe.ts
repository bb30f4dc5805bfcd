import amqp from 'amqplib';

/**
 * Three consumers with prefetch 1 on one queue; one message at a time, the
 * next published only once the previous one's ack has reached the queue (a
 * passive declare on the acking channel after the ack: channel order). Returns
 * which consumer (0, 1, 2) got each message: strict rotation is "012012...".
 * No timing involved, unlike the round-robin example in real time.
 */
export async function rotation(url: string, messages: number): Promise<string> {
  const conns = await Promise.all([0, 1, 2, 3].map(() => amqp.connect(url, { noDelay: true })));
  try {
    const pch = await conns[3]!.createChannel();
    await pch.assertQueue('probe.rotation', { durable: false, autoDelete: true });
    let next: (i: number) => void = () => undefined;
    for (let i = 0; i < 3; i++) {
      const ch = await conns[i]!.createChannel();
      await ch.prefetch(1);
      await ch.consume('probe.rotation', (m) => {
        if (m === null) return;
        ch.ack(m);
        void ch.checkQueue('probe.rotation').then(() => next(i));
      });
    }
    let order = '';
    for (let n = 0; n < messages; n++) {
      const got = new Promise<number>((resolve) => (next = resolve));
      pch.sendToQueue('probe.rotation', Buffer.from(String(n)));
      order += String(await got);
    }
    return order;
  } finally {
    for (const c of conns) await c.close().catch(() => undefined);
  }
}
