/**
 * A broker on real time behind a real TCP listener on a free loopback port,
 * and amqplib connections to it (Nagle off, as PerfTest does). Each test file
 * starts one harness and closes it after.
 */
import amqp from 'amqplib';
import type { Channel, ChannelModel, ConfirmChannel, Options } from 'amqplib';
import { RealScheduler } from '../../../engine/adapters/real-scheduler.ts';
import { startAmqpListener } from '../../../engine/adapters/tcp-listener.ts';
import type { AmqpListener, AmqpListenerOptions } from '../../../engine/adapters/tcp-listener.ts';
import { Broker } from '../../../engine/core/broker.ts';
import type { BrokerOptions } from '../../../engine/core/broker.ts';

export interface Harness {
  broker: Broker;
  listener: AmqpListener;
  url: string;
  /** An amqplib connection, closed with the harness. */
  connect(opts?: Partial<Options.Connect>): Promise<ChannelModel>;
  /** A connection with one channel. */
  channel(): Promise<Channel>;
  confirmChannel(): Promise<ConfirmChannel>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  broker?: Partial<BrokerOptions>;
  listener?: AmqpListenerOptions;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const broker = new Broker({ scheduler: new RealScheduler(), ...opts.broker });
  const listener = await startAmqpListener(broker, { port: 0, ...opts.listener });
  const open = new Set<ChannelModel>();
  const url = `amqp://guest:guest@127.0.0.1:${listener.port}`;
  const h: Harness = {
    broker,
    listener,
    url,
    async connect(o = {}) {
      const c = await amqp.connect({ protocol: 'amqp', hostname: '127.0.0.1', port: listener.port, username: 'guest', password: 'guest', ...o }, { noDelay: true });
      // Errors are asserted through promises and 'close'; an unhandled 'error' event must not crash the run.
      c.on('error', () => {});
      open.add(c);
      c.on('close', () => open.delete(c));
      return c;
    },
    async channel() {
      const ch = await (await h.connect()).createChannel();
      ch.on('error', () => {});
      return ch;
    },
    async confirmChannel() {
      const ch = await (await h.connect()).createConfirmChannel();
      ch.on('error', () => {});
      return ch;
    },
    async close() {
      await Promise.all([...open].map((c) => c.close().catch(() => {})));
      await listener.close();
    },
  };
  return h;
}

/** Resolve with the next message a consumer gets from `queue` (acked unless noAck). */
export function nextMessage(ch: Channel, queue: string, noAck = true): Promise<amqp.ConsumeMessage> {
  return new Promise((resolve, reject) => {
    let done = false;
    ch.consume(queue, (msg) => {
      if (msg === null) return reject(new Error('consumer cancelled'));
      if (done) return;
      done = true;
      // Cancel by the delivery's tag: consume-ok's promise may not have settled yet.
      void ch.cancel(msg.fields.consumerTag).catch(() => {});
      resolve(msg);
    }, { noAck }).catch(reject);
  });
}

/** Collect `n` messages from `queue`, acking each (or noAck). */
export function collect(ch: Channel, queue: string, n: number, opts: { noAck?: boolean } = {}): Promise<amqp.ConsumeMessage[]> {
  return new Promise((resolve, reject) => {
    const got: amqp.ConsumeMessage[] = [];
    ch.consume(queue, (msg) => {
      if (msg === null) return reject(new Error('consumer cancelled'));
      got.push(msg);
      if (opts.noAck !== true) ch.ack(msg);
      if (got.length === n) resolve(got);
    }, { noAck: opts.noAck === true }).catch(reject);
  });
}

/** Wait for a channel or connection to emit 'close', with the error it carried if any. */
export function closed(emitter: { once(ev: 'close', fn: (e?: unknown) => void): unknown; once(ev: 'error', fn: (e: unknown) => void): unknown }): Promise<{ code?: number; message?: string }> {
  return new Promise((resolve) => {
    let err: { code?: number; message?: string } = {};
    emitter.once('error', (e) => (err = e as { code?: number; message?: string }));
    emitter.once('close', () => resolve(err));
  });
}
