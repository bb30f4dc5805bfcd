/**
 * The simulator end to end in virtual time, metrics on: scenario loading,
 * producers on the scheduler, headers, routing, delivery, consumers'
 * latency/ordering/loss checks, acks, per-second sampling and the report.
 * (1) one producer and one consumer, 10 million messages, with heap before
 * and after to show memory stays flat; (2) 50 queues with 50 producers and
 * 50 consumers; (3) two hours of simulated time with random routing keys,
 * failures and a dead-letter retry loop, heap after GC every ten simulated
 * minutes, to show the bounded histories keep memory flat. (The report's
 * per-second lines fill to 3,600 in the first hour, then halve their
 * resolution: the second hour shows whether anything else grows.) A bare engine
 * publish→ack loop in the same process is the baseline, since the machine's
 * speed varies from run to run.
 */
import { Broker } from '../engine/core/broker.ts';
import { VirtualScheduler } from '../engine/core/clock.ts';
import { SimulationRunner } from '../engine/sim/runner.ts';
import { loadScenario } from '../engine/sim/scenario/load.ts';
import { fmt, gc, isMain, printResult, timeIt } from './bench-util.ts';

function oneToOne(messages: number, ratePerSecond: number): unknown {
  return {
    schemaVersion: 2,
    name: 'bench-1p1c',
    duration: Math.ceil((messages / ratePerSecond) * 1000) + 1000,
    topology: { queues: [{ name: 'q', durable: false }] },
    producers: [{ id: 'p', rate: ratePerSecond, routingKey: 'q', messages }],
    consumers: [{ id: 'c', queue: 'q', prefetch: 100 }],
    assertions: [{ type: 'count', metric: 'delivered', equals: messages }, { type: 'noMessageLost' }],
  };
}

function manyQueues(queues: number, seconds: number, ratePerProducer: number): unknown {
  const names = Array.from({ length: queues }, (_, i) => `q${i}`);
  return {
    schemaVersion: 2,
    name: 'bench-50q-100c',
    duration: seconds * 1000,
    topology: { queues: names.map((name) => ({ name, durable: false })) },
    producers: names.map((q, i) => ({ id: `p${i}`, rate: ratePerProducer, routingKey: q })),
    consumers: names.map((q, i) => ({ id: `c${i}`, queue: q, prefetch: 50, processingTime: { type: 'exponential', mean: 0.02 } })),
  };
}

/** Hours of a busy, messy topology: random keys, nacks, rejects to a retry queue, a crash now and then. */
function longRun(hours: number, ratePerSecond: number): unknown {
  return {
    schemaVersion: 2,
    name: 'bench-long-run',
    seed: 7,
    duration: hours * 3_600_000,
    drain: '30s',
    topology: {
      exchanges: [{ name: 'orders', type: 'topic' }, { name: 'orders.dlx', type: 'fanout' }, { name: 'orders.retry', type: 'fanout' }],
      queues: [
        { name: 'eu', arguments: { 'x-dead-letter-exchange': 'orders.dlx' } },
        { name: 'us', arguments: { 'x-dead-letter-exchange': 'orders.dlx' } },
        { name: 'wait', arguments: { 'x-message-ttl': 1000, 'x-dead-letter-exchange': 'orders.retry' } },
      ],
      bindings: [
        { source: 'orders', destination: 'eu', routingKey: 'eu.#' },
        { source: 'orders', destination: 'us', routingKey: 'us.#' },
        { source: 'orders.dlx', destination: 'wait' },
        { source: 'orders.retry', destination: 'eu', routingKey: '#' },
      ],
    },
    producers: [{ id: 'p', exchange: 'orders', routingKey: '{eu|us}.{int:1-5000}', rate: ratePerSecond, size: { type: 'uniform', min: 100, max: 2000 } }],
    consumers: [
      { id: 'eu-worker', queue: 'eu', count: 2, prefetch: 20, processingTime: { type: 'exponential', mean: 0.5 }, failures: { nackRequeue: 0.02, rejectToDlx: 0.02 } },
      { id: 'us-worker', queue: 'us', prefetch: 20, processingTime: '0.5ms', failures: { crash: 0.0001 } },
    ],
  };
}

/** Run `doc` in virtual time, taking the heap after GC every `everyMs` simulated ms. */
function heapOverRun(doc: unknown, everyMs: number): { heapMB: number[]; delivered: number; secs: number } {
  const runner = new SimulationRunner(loadScenario(doc));
  const heapMB: number[] = [];
  let delivered = 0;
  const secs = timeIt(() => {
    runner.start();
    while (runner.report() === undefined) {
      runner.step(everyMs);
      gc();
      heapMB.push(+(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1));
    }
    delivered = runner.report()!.summary.delivered;
  });
  return { heapMB, delivered, secs };
}

function runScenario(doc: unknown): { delivered: number; secs: number; passed: boolean } {
  const runner = new SimulationRunner(loadScenario(doc));
  let delivered = 0;
  let passed = false;
  const secs = timeIt(() => {
    const r = runner.runToEnd();
    delivered = r.summary.delivered;
    passed = r.outcome.passed;
  });
  return { delivered, secs, passed };
}

/** The bare engine: publish → route → deliver → ack, no simulator around it. */
function engineBaseline(n: number): number {
  const broker = new Broker({ scheduler: new VirtualScheduler() });
  const conn = broker.connect({ user: '', vhost: '/', kind: 'internal' });
  let ch!: ReturnType<typeof conn.openChannel>;
  ch = conn.openChannel(1, { deliver: (_t, tag) => ch.ack(tag, false), returned() {}, confirm() {}, cancelled() {}, closedByBroker() {} });
  broker.execute({ type: 'queue.declare', vhost: '/', name: 'q', durable: false, exclusive: false, autoDelete: false, arguments: {} });
  ch.qos(0, 100, false);
  ch.consume('q', 'c', false, false, {});
  const body = new Uint8Array(12);
  const secs = timeIt(() => {
    for (let i = 0; i < n; i++) ch.publish('', 'q', false, { headers: { 'x-sim-producer': 0, 'x-sim-seq': i, 'x-sim-ts': 0 } }, body);
  });
  return n / secs;
}

export async function runSimBench(opts: { messages?: number; longRunRate?: number } = {}): Promise<Record<string, number | boolean | string>> {
  const messages = opts.messages ?? 10_000_000;
  runScenario(oneToOne(200_000, 1_000_000)); // warm up the JIT
  const baseline = Math.max(engineBaseline(1_000_000), engineBaseline(1_000_000));
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const one = runScenario(oneToOne(messages, 1_000_000));
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  if (one.delivered !== messages || !one.passed) throw new Error(`1p1c delivered ${one.delivered} of ${messages}`);
  const many = runScenario(manyQueues(50, 20, 5_000));
  const sim = one.delivered / one.secs;
  const long = heapOverRun(longRun(2, opts.longRunRate ?? 500), 600_000);
  const tenMinutes = long.heapMB[0] ?? 0;
  const firstHour = Math.max(...long.heapMB.slice(0, 6));
  const secondHour = Math.max(...long.heapMB.slice(6, 12));
  return {
    oneToOneMessages: messages,
    oneToOneSimMsgPerSec: Math.round(sim),
    oneToOneSeconds: +one.secs.toFixed(2),
    engineBaselineMsgPerSec: Math.round(baseline),
    simVsEngine: +(sim / baseline).toFixed(2),
    heapBeforeMB: +(heapBefore / 2 ** 20).toFixed(1),
    heapAfterMB: +(heapAfter / 2 ** 20).toFixed(1),
    manyQueuesMessages: many.delivered,
    manyQueuesSimMsgPerSec: Math.round(many.delivered / many.secs),
    target500kMet: sim >= 500_000,
    longRunMessages: long.delivered,
    longRunWallSeconds: +long.secs.toFixed(1),
    longRunHeapAt10MinMB: tenMinutes,
    longRunHeapMaxFirstHourMB: firstHour,
    longRunHeapMaxSecondHourMB: secondHour,
    longRunSecondVsFirstHour: firstHour > 0 ? +(secondHour / firstHour).toFixed(3) : 0,
    longRunHeapEvery10MinMB: long.heapMB.join(' '),
  };
}

if (isMain(import.meta.url)) {
  const r = await runSimBench();
  console.log(`1 producer → 1 consumer, ${fmt(r['oneToOneMessages'] as number)} messages, virtual time, metrics on:`);
  console.log(`  ${fmt(r['oneToOneSimMsgPerSec'] as number)} simulated msg/s (${r['simVsEngine']}× the bare engine loop at ${fmt(r['engineBaselineMsgPerSec'] as number)} msg/s)`);
  console.log(`  heap ${r['heapBeforeMB']} MB before, ${r['heapAfterMB']} MB after`);
  console.log(`50 queues, 50 producers, 50 consumers: ${fmt(r['manyQueuesSimMsgPerSec'] as number)} simulated msg/s (${fmt(r['manyQueuesMessages'] as number)} messages)`);
  console.log(`two hours of simulated time (random keys, failures, retry loop): ${fmt(r['longRunMessages'] as number)} delivered in ${r['longRunWallSeconds']} s wall;`);
  console.log(`  heap after GC, highest in the first hour ${r['longRunHeapMaxFirstHourMB']} MB, in the second ${r['longRunHeapMaxSecondHourMB']} MB (${r['longRunSecondVsFirstHour']}×)`);
  console.log(`  every 10 simulated minutes: ${r['longRunHeapEvery10MinMB']} MB`);
  printResult('sim-throughput', r);
}
