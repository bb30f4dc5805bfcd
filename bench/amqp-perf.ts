/**
 * AMQP over real TCP, PerfTest-like, Brokerlab beside RabbitMQ in the same
 * run with the same client (amqplib, Nagle off): 1 producer and 1 consumer
 * with 1 KB messages without and with confirms, 4 producers and 4 consumers
 * over a topic exchange, and 64 KB messages. Each broker runs in its own
 * process on loopback; the cases alternate between them, so a busy machine
 * weighs on both alike. Reports msg/s, latency p50/p95/p99 and the broker's
 * CPU per message for each case and broker, and Brokerlab's ratios to
 * RabbitMQ (throughput ×, p99 ×).
 *
 *   node --import tsx bench/amqp-perf.ts [--duration-ms 5000] [--rounds 1] [--only brokerlab] [--case 1p1c]
 *   node --import tsx bench/amqp-perf.ts --url amqp://… [--case 1p1c]   (one running broker)
 */
import { parseArgs } from 'node:util';
import { runLoad } from './amqp-load.ts';
import type { LoadCase, LoadOptions, LoadResult } from './amqp-load.ts';
import { fmt, isMain, printResult } from './bench-util.ts';
import { rabbitmqUnavailable, startBrokerlab, startRabbitmq } from './broker-processes.ts';
import type { RunningBroker } from './broker-processes.ts';

export const CASES: readonly LoadCase[] = [
  { name: '1p1c 1KB', producers: 1, consumers: 1, size: 1024, confirms: false, topic: false },
  { name: '1p1c 1KB confirms', producers: 1, consumers: 1, size: 1024, confirms: true, topic: false },
  { name: '4p4c 1KB topic', producers: 4, consumers: 4, size: 1024, confirms: false, topic: true },
  { name: '1p1c 64KB', producers: 1, consumers: 1, size: 64 * 1024, confirms: false, topic: false },
];

export interface AmqpPerfOptions {
  durationMs?: number;
  warmupMs?: number;
  /** Runs per case and broker; the best throughput (and its latencies) is kept. */
  rounds?: number;
  /** Skip RabbitMQ even when installed. */
  brokerlabOnly?: boolean;
  /** Only the cases whose name starts with this. */
  only?: string;
  log?: (line: string) => void;
}

function loadOptions(c: LoadCase, o: AmqpPerfOptions, b?: RunningBroker): LoadOptions {
  return {
    warmupMs: o.warmupMs ?? 1_000,
    durationMs: o.durationMs ?? 5_000,
    // 1000 messages of 1 KB in flight per producer; 100 of 64 KB.
    window: c.size > 16_384 ? 100 : 1_000,
    prefetch: 1_000,
    ...(b && { cpu: () => b.cpuSeconds() }),
  };
}

function line(name: string, c: LoadCase, r: LoadResult): string {
  const cpu = r.cpuUsPerMsg === undefined ? '' : `  cpu ${r.cpuUsPerMsg} µs/msg`;
  return `${name.padEnd(9)} ${c.name.padEnd(18)} ${fmt(r.msgPerSec).padStart(8)} msg/s  p50 ${r.p50} ms  p95 ${r.p95} ms  p99 ${r.p99} ms${cpu}`;
}

async function best(b: RunningBroker, c: LoadCase, o: AmqpPerfOptions, log: (l: string) => void): Promise<LoadResult> {
  let top: LoadResult | undefined;
  for (let i = 0; i < (o.rounds ?? 1); i++) {
    const r = await runLoad(b.url, c, loadOptions(c, o, b));
    log(line(b.name, c, r));
    if (!top || r.msgPerSec > top.msgPerSec) top = r;
  }
  return top!;
}

const ratio = (a: number, b: number): number | undefined => (b > 0 ? Math.round((a / b) * 100) / 100 : undefined);

/** Run every case against Brokerlab and (when installed) RabbitMQ, alternating between them. */
export async function runAmqpPerf(o: AmqpPerfOptions = {}): Promise<Record<string, unknown>> {
  const log = o.log ?? console.log;
  const skip = o.brokerlabOnly ? 'skipped (--only brokerlab)' : rabbitmqUnavailable();
  const brokers: RunningBroker[] = [];
  try {
    brokers.push(await startBrokerlab());
    if (skip === undefined) brokers.push(await startRabbitmq());
    else log(`RabbitMQ: ${skip}`);
    const rows = [];
    for (const c of CASES.filter((x) => o.only === undefined || x.name.startsWith(o.only))) {
      const [a, b] = [await best(brokers[0]!, c, o, log), brokers[1] ? await best(brokers[1], c, o, log) : undefined];
      const row = { case: c.name, brokerlab: a, rabbitmq: b, throughputRatio: b && ratio(a.msgPerSec, b.msgPerSec), p99Ratio: b && ratio(a.p99, b.p99) };
      if (b) log(`${c.name.padEnd(28)} throughput ×${row.throughputRatio}  p99 ×${row.p99Ratio} (Brokerlab / RabbitMQ)`);
      rows.push(row);
    }
    const d = loadOptions(CASES[0]!, o);
    return { durationMs: d.durationMs, warmupMs: d.warmupMs, rounds: o.rounds ?? 1, prefetch: d.prefetch, rabbitmq: skip ?? 'measured', cases: rows };
  } finally {
    for (const b of brokers) await b.stop();
  }
}

if (isMain(import.meta.url)) {
  // Ctrl+C still stops the brokers this run started (see broker-processes.ts).
  process.once('SIGINT', () => process.exit(130));
  const { values } = parseArgs({
    options: { 'duration-ms': { type: 'string' }, rounds: { type: 'string' }, only: { type: 'string' }, url: { type: 'string' }, case: { type: 'string' } },
  });
  const durationMs = values['duration-ms'] !== undefined ? Number(values['duration-ms']) : undefined;
  const o: AmqpPerfOptions = {
    ...(durationMs !== undefined && { durationMs }),
    ...(values.case !== undefined && { only: values.case }),
    rounds: Number(values.rounds ?? 1),
    brokerlabOnly: values.only === 'brokerlab',
  };
  if (values.url !== undefined) {
    // One broker that is already running (e.g. under a profiler).
    for (const c of CASES.filter((x) => values.case === undefined || x.name.startsWith(values.case!))) {
      console.log(line('broker', c, await runLoad(values.url, c, loadOptions(c, o))));
    }
    process.exit(0);
  }
  printResult('amqp-perf', await runAmqpPerf(o));
  process.exit(0);
}
