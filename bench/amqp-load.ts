/**
 * A PerfTest-like load over amqplib against any AMQP URL: producers publish
 * timestamped messages, consumers ack each one and record end-to-end
 * latency. Producers keep at most a window of messages in flight (published,
 * not yet consumed; and, with confirms, unconfirmed), so queues stay short and
 * latency measures the broker rather than a backlog.
 */
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import amqp from 'amqplib';
import type { Channel, ChannelModel, ConfirmChannel } from 'amqplib';
import { LatencyHistogram } from '../engine/metrics/latency-histogram.ts';

export interface LoadCase {
  name: string;
  producers: number;
  consumers: number;
  /** Body size in bytes (at least 8: the timestamp). */
  size: number;
  confirms: boolean;
  /** Route over a topic exchange to one queue per consumer; else the default exchange and one queue. */
  topic: boolean;
}

export interface LoadResult {
  msgPerSec: number;
  /** Broker CPU (user + system) per consumed message, µs, when the broker's CPU can be read. */
  cpuUsPerMsg: number | undefined;
  p50: number;
  p95: number;
  p99: number;
  consumed: number;
}

export interface LoadOptions {
  warmupMs: number;
  durationMs: number;
  /** Messages in flight per producer. */
  window: number;
  prefetch: number;
  /** The broker's CPU seconds so far, read at the start and end of the measured window. */
  cpu?: () => number;
}

const now = (): number => performance.timeOrigin + performance.now();

/**
 * amqplib writes every frame batch its muxer gathers with its own socket
 * write (one syscall each). Corking the socket for the rest of the tick turns
 * a batch into one writev, as PerfTest's buffered Java client does; it is
 * the same client for both brokers.
 */
function batchWrites(c: ChannelModel): void {
  const sock = (c as unknown as { connection: { stream: Socket } }).connection.stream;
  const write = sock.write.bind(sock) as (...args: unknown[]) => boolean;
  let corked = false;
  const uncork = (): void => {
    corked = false;
    sock.uncork();
  };
  sock.write = ((...args: unknown[]) => {
    if (!corked) {
      corked = true;
      sock.cork();
      process.nextTick(uncork);
    }
    return write(...args);
  }) as Socket['write'];
}

async function connect(url: string): Promise<ChannelModel> {
  const c = await amqp.connect(url, { noDelay: true });
  c.on('error', () => {});
  batchWrites(c);
  return c;
}

/** Run one case against `url`; connections and queues are cleaned up after. */
export async function runLoad(url: string, spec: LoadCase, opts: LoadOptions): Promise<LoadResult> {
  const tag = `perf.${process.pid}.${spec.name.replace(/\W+/g, '-')}`;
  const conns: ChannelModel[] = [];
  const adminConn = await connect(url);
  const admin = await adminConn.createChannel();
  const queues = spec.topic ? Array.from({ length: spec.consumers }, (_, i) => `${tag}.q${i}`) : [`${tag}.q`];
  if (spec.topic) await admin.assertExchange(`${tag}.x`, 'topic', { autoDelete: false });
  for (const [i, q] of queues.entries()) {
    await admin.assertQueue(q, { autoDelete: false });
    if (spec.topic) await admin.bindQueue(q, `${tag}.x`, `perf.${i}.#`);
  }

  let published = 0;
  let consumed = 0;
  let measuring = false;
  let measured = 0;
  let running = true;
  const hist = new LatencyHistogram();
  const wake: (() => void)[] = [];
  const notify = (): void => {
    for (const w of wake.splice(0)) w();
  };

  for (let i = 0; i < spec.consumers; i++) {
    const conn = await connect(url);
    conns.push(conn);
    const ch = await conn.createChannel();
    await ch.prefetch(opts.prefetch);
    await ch.consume(queues[i % queues.length]!, (m) => {
      if (m === null) return;
      if (measuring) {
        hist.record(now() - m.content.readDoubleLE(0));
        measured++;
      }
      consumed++;
      ch.ack(m);
      if (published - consumed < opts.window * spec.producers) notify();
    });
  }

  const producing = Array.from({ length: spec.producers }, async (_, p) => {
    const conn = await connect(url);
    conns.push(conn);
    const ch: Channel | ConfirmChannel = spec.confirms ? await conn.createConfirmChannel() : await conn.createChannel();
    let unconfirmed = 0;
    const body = Buffer.alloc(spec.size, 0x61);
    const exchange = spec.topic ? `${tag}.x` : '';
    const key = spec.topic ? `perf.${p % spec.consumers}.load` : queues[0]!;
    while (running) {
      if (published - consumed >= opts.window * spec.producers || unconfirmed >= opts.window) {
        await new Promise<void>((r) => wake.push(r));
        continue;
      }
      const b = Buffer.from(body);
      b.writeDoubleLE(now(), 0);
      published++;
      let ok: boolean;
      if (spec.confirms) {
        unconfirmed++;
        ok = (ch as ConfirmChannel).publish(exchange, key, b, {}, () => {
          unconfirmed--;
          if (unconfirmed === opts.window - 1) notify();
        });
      } else ok = ch.publish(exchange, key, b);
      if (!ok) await new Promise((r) => ch.once('drain', r));
      // Yield now and then so consumers' and confirms' I/O is served too.
      else if ((published & 63) === 0) await new Promise((r) => setImmediate(r));
    }
  });

  await new Promise((r) => setTimeout(r, opts.warmupMs));
  measuring = true;
  const t0 = now();
  const cpu0 = opts.cpu?.() ?? 0;
  await new Promise((r) => setTimeout(r, opts.durationMs));
  measuring = false;
  const secs = (now() - t0) / 1000;
  const cpuSecs = (opts.cpu?.() ?? 0) - cpu0;
  running = false;
  notify();
  await Promise.race([Promise.all(producing), new Promise((r) => setTimeout(r, 5_000))]);
  const stats = hist.stats();
  for (const c of conns) await c.close().catch(() => {});
  for (const q of queues) await admin.deleteQueue(q).catch(() => {});
  if (spec.topic) await admin.deleteExchange(`${tag}.x`).catch(() => {});
  await adminConn.close().catch(() => {});
  const cpuUsPerMsg = opts.cpu && measured > 0 ? Math.round((cpuSecs * 1e6 * 10) / measured) / 10 : undefined;
  return { msgPerSec: Math.round(measured / secs), cpuUsPerMsg, p50: stats.p50, p95: stats.p95, p99: stats.p99, consumed: measured };
}
