/**
 * The simulator end to end in virtual time, metrics on: scenario loading,
 * producers on the scheduler, headers, routing, delivery, consumers'
 * latency/ordering/loss checks, acks, per-second sampling and the report.
 * (1) one producer and one consumer, 10 million messages, with heap before
 * and after to show memory stays flat; (2) 50 queues with 50 producers and
 * 50 consumers. A bare engine publish→ack loop in the same process is the
 * baseline, since the machine's speed varies from run to run.
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

export async function runSimBench(opts: { messages?: number } = {}): Promise<Record<string, number | boolean>> {
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
  };
}

if (isMain(import.meta.url)) {
  const r = await runSimBench();
  console.log(`1 producer → 1 consumer, ${fmt(r['oneToOneMessages'] as number)} messages, virtual time, metrics on:`);
  console.log(`  ${fmt(r['oneToOneSimMsgPerSec'] as number)} simulated msg/s (${r['simVsEngine']}× the bare engine loop at ${fmt(r['engineBaselineMsgPerSec'] as number)} msg/s)`);
  console.log(`  heap ${r['heapBeforeMB']} MB before, ${r['heapAfterMB']} MB after`);
  console.log(`50 queues, 50 producers, 50 consumers: ${fmt(r['manyQueuesSimMsgPerSec'] as number)} simulated msg/s (${fmt(r['manyQueuesMessages'] as number)} messages)`);
  printResult('sim-throughput', r);
}
