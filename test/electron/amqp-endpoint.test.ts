import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import { AmqpEndpoint } from '../../electron/amqp-endpoint.ts';
import { RealScheduler } from '../../engine/adapters/real-scheduler.ts';
import { Broker } from '../../engine/core/broker.ts';

describe('desktop AMQP listener', () => {
  test('says clearly when the port is taken, and starts once it is free', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as AddressInfo).port;
    const ep = new AmqpEndpoint(new Broker({ scheduler: new RealScheduler() }), '0.1.0');
    expect(await ep.start('127.0.0.1', port)).toMatch(new RegExp(`AMQP port ${port} .* already in use`));
    expect(ep.address).toBeUndefined();
    await new Promise<void>((r) => blocker.close(() => r()));
    expect(await ep.start('127.0.0.1', port)).toBeUndefined();
    expect(ep.address).toEqual({ host: '127.0.0.1', port });
    await ep.stop();
  });

  test('moves to a new port when settings change', async () => {
    const ep = new AmqpEndpoint(new Broker({ scheduler: new RealScheduler() }), '0.1.0');
    await ep.start('127.0.0.1', 0);
    const first = ep.address!.port;
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const next = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    await ep.start('127.0.0.1', next);
    expect(ep.address?.port).toBe(next);
    expect(next).not.toBe(first);
    await ep.stop();
  });
});
