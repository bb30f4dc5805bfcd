/**
 * Durability figures: persistent publishing with publisher confirms over
 * AMQP (amqplib, 1 KB, confirm window 100, 1 and 4 publishers) against
 * `brokerlab serve --data-dir` and a throwaway RabbitMQ node in the same run;
 * then the time to recover a store of persisted 1 KB messages (1,000,000 by
 * default) into a fresh broker, and the disk bytes each message costs.
 *
 *   node --import tsx bench/durable-confirms.ts [--seconds 5] [--recovery-messages 1000000] [--only brokerlab]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import amqp from 'amqplib';
import { FileStore } from '../engine/adapters/file-store/file-store.ts';
import { RealScheduler } from '../engine/adapters/real-scheduler.ts';
import { Broker } from '../engine/core/broker.ts';
import { attachStore } from '../engine/store/attach-store.ts';
import { startBrokerProcess } from '../test/store/support/broker-process.ts';
import { fmt, isMain, printResult } from './bench-util.ts';
import { rabbitmqUnavailable, startRabbitmq } from './broker-processes.ts';
import type { RunningBroker } from './broker-processes.ts';

const BODY = 1024;
const WINDOW = 100;

export interface DurableConfirmsOptions {
  /** Measured seconds per case (after one second of warm-up). */
  seconds?: number;
  /** Messages in the recovery measurement. */
  recoveryMessages?: number;
  brokerlabOnly?: boolean;
  log?: (line: string) => void;
}

/** Confirmed messages per second with `publishers` connections, each keeping `WINDOW` unconfirmed. */
async function publishRate(url: string, publishers: number, seconds: number): Promise<number> {
  const queue = `durable-confirms.${process.pid}.${publishers}`;
  const admin = await amqp.connect(url, { noDelay: true });
  const ach = await admin.createChannel();
  await ach.assertQueue(queue, { durable: true });
  let running = true;
  let measuring = false;
  let confirmed = 0;
  const body = Buffer.alloc(BODY, 0x61);
  const conns = await Promise.all(Array.from({ length: publishers }, () => amqp.connect(url, { noDelay: true })));
  const loops = conns.map(async (c) => {
    c.on('error', () => {});
    const ch = await c.createConfirmChannel();
    let inFlight = 0;
    let wake: (() => void) | undefined;
    while (running) {
      if (inFlight >= WINDOW) {
        await new Promise<void>((r) => (wake = r));
        continue;
      }
      inFlight++;
      const ok = ch.publish('', queue, body, { persistent: true }, () => {
        inFlight--;
        if (measuring) confirmed++;
        const w = wake;
        wake = undefined;
        w?.();
      });
      if (!ok) await new Promise((r) => ch.once('drain', r));
    }
    await ch.waitForConfirms().catch(() => {});
  });
  await new Promise((r) => setTimeout(r, 1000));
  measuring = true;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const elapsed = (performance.now() - t0) / 1000;
  const n = confirmed;
  measuring = false;
  running = false;
  await Promise.all(loops);
  await Promise.all(conns.map((c) => c.close().catch(() => {})));
  await ach.deleteQueue(queue);
  await admin.close();
  return n / elapsed;
}

/** Fill a store with `n` persisted 1 KB messages in one durable queue, written as the broker writes them. */
async function fillStore(dir: string, n: number): Promise<void> {
  const broker = new Broker({ scheduler: new RealScheduler() });
  const att = await attachStore(broker, new FileStore(dir));
  broker.execute({ type: 'queue.declare', vhost: '/', name: 'recovery', durable: true, exclusive: false, autoDelete: false, arguments: {} });
  const queue = { vhost: '/', name: 'recovery' };
  for (let i = 0; i < n; i++) {
    const body = new Uint8Array(BODY).fill(i & 0xff);
    att.store.add(queue, { exchange: '', routingKey: 'recovery', properties: { deliveryMode: 2, messageId: String(i) }, body, publishedAt: Date.now(), expiresAt: -1, priority: 0 });
    if (i % 10_000 === 9_999) await new Promise((r) => setImmediate(r));
  }
  await att.close();
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}

/** `--recover DIR` (in a fresh process): time attachStore on DIR and print it. */
async function recoverOnly(dir: string): Promise<void> {
  const broker = new Broker({ scheduler: new RealScheduler() });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const att = await attachStore(broker, new FileStore(dir));
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const restored = broker.vhost('/')?.queues.get('recovery')?.messageCount ?? 0;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(`RECOVERY ${JSON.stringify({ ms, cpuMs, restored, heapMB: Math.round(process.memoryUsage().heapUsed / 2 ** 20) })}`);
  await att.close();
}

async function recovery(n: number, log: (l: string) => void): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'brokerlab-bench-recovery-'));
  try {
    const t0 = performance.now();
    await fillStore(dir, n);
    const fillSeconds = (performance.now() - t0) / 1000;
    const bytes = dirBytes(dir);
    const self = fileURLToPath(import.meta.url);
    const out = execFileSync(process.execPath, ['--import', 'tsx', self, '--recover', dir], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const line = out.split('\n').find((l) => l.startsWith('RECOVERY '));
    const r = JSON.parse(line!.slice(9)) as { ms: number; cpuMs: number; restored: number; heapMB: number };
    const res = {
      messages: n,
      restored: r.restored,
      recoverySeconds: Math.round(r.ms) / 1000,
      /** CPU seconds of the recovering process (less sensitive than wall time to a busy machine). */
      recoveryCpuSeconds: Math.round(r.cpuMs) / 1000,
      heapMB: r.heapMB,
      recoveredPerSec: Math.round(r.restored / (r.ms / 1000)),
      diskBytes: bytes,
      diskBytesPerMessage: Math.round((bytes / n) * 10) / 10,
      fillSeconds: Math.round(fillSeconds * 10) / 10,
    };
    log(`recovery: ${fmt(r.restored)} of ${fmt(n)} messages in ${res.recoverySeconds} s, ${res.recoveryCpuSeconds} CPU s (${fmt(res.recoveredPerSec)} msg/s); ${res.diskBytesPerMessage} disk bytes per 1 KB message`);
    return res;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Run every measurement; returns the figures for the RESULT line. */
export async function run(o: DurableConfirmsOptions = {}): Promise<Record<string, unknown>> {
  const log = o.log ?? console.log;
  const seconds = o.seconds ?? 5;
  const rates: Record<string, Record<string, number>> = { brokerlab: {}, rabbitmq: {} };
  const dataDir = mkdtempSync(join(tmpdir(), 'brokerlab-bench-durable-'));
  const skip = o.brokerlabOnly ? 'skipped (--only brokerlab)' : rabbitmqUnavailable();
  const bl = await startBrokerProcess(dataDir);
  const targets: [string, string][] = [['brokerlab', `amqp://guest:guest@127.0.0.1:${bl.port}`]];
  let rabbit: RunningBroker | undefined;
  try {
    if (skip === undefined) {
      rabbit = await startRabbitmq();
      targets.push(['rabbitmq', rabbit.url]);
    } else log(`RabbitMQ: ${skip}`);
    // Alternate brokers per case, so a noisy neighbour colours both alike.
    for (const p of [1, 4]) {
      for (const [name, url] of targets) {
        const r = Math.round(await publishRate(url, p, seconds));
        rates[name]![`${p}p`] = r;
        log(`${name.padEnd(9)} ${p} publisher(s): ${fmt(r)} confirmed msg/s`);
      }
    }
  } finally {
    await bl.kill('SIGTERM');
    await rabbit?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const ratio: Record<string, number> = {};
  for (const p of ['1p', '4p']) {
    const a = rates['brokerlab']![p];
    const b = rates['rabbitmq']![p];
    if (a !== undefined && b) ratio[p] = Math.round((a / b) * 100) / 100;
  }
  if (Object.keys(ratio).length > 0) log(`Brokerlab / RabbitMQ: ${Object.entries(ratio).map(([k, v]) => `${k} ×${v}`).join(', ')}`);
  const rec = await recovery(o.recoveryMessages ?? 1_000_000, log);
  return { bodyBytes: BODY, window: WINDOW, seconds, rabbitmq: skip ?? 'measured', confirmsPerSec: rates, ratio, recovery: rec };
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({
    options: { seconds: { type: 'string' }, 'recovery-messages': { type: 'string' }, only: { type: 'string' }, recover: { type: 'string' } },
  });
  if (values.recover !== undefined) await recoverOnly(values.recover);
  else {
    const figures = await run({
      seconds: values.seconds === undefined ? 5 : Number(values.seconds),
      recoveryMessages: values['recovery-messages'] === undefined ? 1_000_000 : Number(values['recovery-messages']),
      brokerlabOnly: values.only === 'brokerlab',
    });
    printResult('durable-confirms', figures);
  }
}
