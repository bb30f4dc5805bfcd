/**
 * `brokerlab run --target` against real RabbitMQ (Debian's 3.10.8; the
 * semantics target 4.2), beside Brokerlab's own AMQP listener: the gallery's
 * examples run through amqplib on both at once, their assertions must pass
 * on both (except what a remote broker cannot show, and latency, which in
 * real time measures the machine), and each example's known answer must be
 * the same on both, and the embedded engine's where it is deterministic.
 * Examples run at 5-10x (simulated time over wall time); a broker-side time
 * (a message TTL) is divided by the speed so the example means the same.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { AmqplibTransport } from '../../engine/adapters/amqplib-transport.ts';
import { RealScheduler } from '../../engine/adapters/real-scheduler.ts';
import type { AmqpListener } from '../../engine/adapters/tcp-listener.ts';
import { startAmqpListener } from '../../engine/adapters/tcp-listener.ts';
import { main } from '../../engine/cli/run.ts';
import { Broker } from '../../engine/core/broker.ts';
import type { ExampleFile } from '../../engine/sim/examples/catalog.ts';
import type { RunReport } from '../../engine/sim/report/report.ts';
import { SimulationRunner } from '../../engine/sim/runner.ts';
import { ScenarioError } from '../../engine/sim/scenario/issues.ts';
import { loadScenario } from '../../engine/sim/scenario/load.ts';
import type { RabbitmqNode } from '../support/rabbitmq-node.ts';
import { rabbitmqUnavailable, startRabbitmq } from '../support/rabbitmq-node.ts';
import { deliveriesUntilDeadLettered } from './support/delivery-limit-probe.ts';
import { rotation } from './support/rotation-probe.ts';
import type { TargetRun } from './support/remote-runs.ts';
import { EXAMPLES, actual, exampleDoc, group, queueDepths, runEmbedded, runOnTarget, verdicts } from './support/remote-runs.ts';

const BIN = fileURLToPath(new URL('../../bin/brokerlab.mjs', import.meta.url));

interface Case {
  file: ExampleFile;
  speed: number;
  /** Simulated ms of producing, when shorter than the example's (its assertions do not depend on it). */
  durationMs?: number;
  /** Simulated ms of drain (a remote broker's queues cannot be seen, so a run drains for all of it). */
  drainMs?: number;
  /** Fit the example to real time at `speed` (documented per case). */
  adapt?: (doc: Record<string, unknown>) => void;
  /** Assertions a remote broker cannot show (queue and exchange counters): `facts` checks them another way. */
  blind: string[];
  /** Queues whose depth after the run is part of the answer. */
  depths?: string[];
  /** The example's known answer, from a report and the queue depths after the run. */
  facts: (r: RunReport, depth: Record<string, number>) => Record<string, unknown>;
  /** Facts that must equal the embedded engine's (deterministic given the seed). */
  deterministic?: string[];
}

const CASES: Case[] = [
  {
    file: 'tutorial-2-work-queues.json',
    // prefetch 1: each job also waits an ack's round trip, times the speed; the example's own 30 s drain.
    speed: 10,
    blind: ['queue task_queue total depth = 0'],
    depths: ['task_queue'],
    // Fair dispatch (prefetch 1) over 3 workers with random job times: all 600 handled, shares within 40.
    facts: (r, d) => ({ acked: r.summary.acked, fair: Math.max(...group(r, 'worker').processed) - Math.min(...group(r, 'worker').processed) <= 40, depths: d }),
    deterministic: ['acked'],
  },
  {
    file: 'tutorial-3-publish-subscribe.json',
    speed: 5,
    blind: ['publishOut (exchange logs) = 198'],
    facts: (r) => ({ published: r.summary.published, eachReceiver: group(r, 'receive_logs').processed }),
    deterministic: ['published', 'eachReceiver'],
  },
  {
    file: 'tutorial-4-routing.json',
    speed: 10,
    drainMs: 20_000,
    blind: [],
    facts: (r) => ({ published: r.summary.published, errorsToDisk: group(r, 'errors_to_disk').received, allToScreen: group(r, 'all_to_screen').received }),
    deterministic: ['published', 'errorsToDisk', 'allToScreen'],
  },
  {
    file: 'tutorial-5-topics.json',
    speed: 10,
    drainMs: 10_000,
    blind: ['publish (queue Q1) between 320 and 480', 'publish (queue Q2) between 520 and 680', 'unroutable (exchange topic_logs) between 60 and 150'],
    // Q1 and Q2 received = what was routed to them; `lost` 0 means every unroutable one came back as a return.
    facts: (r) => ({ published: r.summary.published, q1: group(r, 'q1_reader').received, q2: group(r, 'q2_reader').received, lost: r.summary.lost }),
    deterministic: ['published', 'q1', 'q2', 'lost'],
  },
  {
    file: 'tutorial-6-rpc.json',
    speed: 5,
    blind: [],
    facts: (r) => ({ requests: group(r, 'rpc_client').published, handled: group(r, 'rpc_server').processed, replies: r.summary.rpcLatency.count }),
    deterministic: ['requests', 'handled', 'replies'],
  },
  {
    file: 'tutorial-7-publisher-confirms.json',
    // 50 unconfirmed at most: at 4x a confirm may take 60 ms of wall time (RabbitMQ confirms persistent messages after fsync).
    speed: 4,
    drainMs: 1000,
    blind: [],
    facts: (r) => ({ confirmed: r.summary.confirmed, nacked: r.summary.publisherNacked, acked: r.summary.acked }),
    deterministic: ['confirmed', 'nacked', 'acked'],
  },
  {
    file: 'dead-letter-retry.json',
    speed: 10,
    drainMs: 10_000,
    // The retry queue's TTL runs on the broker's clock: 2 s simulated is 200 ms of wall time at 10x.
    adapt: (doc) => setQueueArg(doc, 'work.wait', 'x-message-ttl', 200),
    blind: ['deadLetteredRejected (queue work) >= 100', 'deadLetteredExpired (queue work.wait) >= 100'],
    depths: ['work', 'work.wait'],
    // Each rejected message went to the DLX, waited out the TTL and came back: rejects = dead-lettered, both queues empty.
    facts: (r, d) => ({ acked: r.summary.acked, rejects: group(r, 'worker').consumerRejects, atLeast100: group(r, 'worker').consumerRejects >= 100, depths: d }),
    deterministic: ['acked', 'rejects'],
  },
  {
    file: 'priority-queue.json',
    // prefetch 1: every message waits an ack's round trip, times the speed. 10 s build a backlog of
    // a few hundred bulk messages, which urgent ones overtake (its assertions are about latency and the end).
    speed: 5,
    durationMs: 10_000,
    drainMs: 25_000,
    blind: ['queue jobs total depth = 0'],
    depths: ['jobs'],
    // Priority order: urgent messages overtake the backlog (their p99 is far below bulk's median).
    facts: (r, d) => ({
      allHandled: group(r, 'worker').processed[0] === r.summary.published,
      urgentOvertakes: actual(r, 'consume latency p99 (producer urgent)') * 10 < actual(r, 'consume latency p50 (producer bulk)'),
      depths: d,
    }),
  },
  {
    file: 'overflow-reject-publish.json',
    speed: 10,
    blind: ['overflowRejected (queue bounded) >= 100'],
    depths: ['bounded'],
    // Refused publishes are nacked (the queue is full for the first 2 s); every accepted one is handled.
    facts: (r, d) => ({ nackedAtLeast100: r.summary.publisherNacked >= 100, acceptedAllHandled: r.summary.confirmed === group(r, 'slow').processed[0], depths: d }),
  },
  {
    file: 'lab-poison-message.json',
    speed: 10,
    drainMs: 5000,
    blind: ['deadLetteredDeliveryLimit (queue payments) >= 10'],
    depths: ['payments', 'payments.parked'],
    // What the quorum queue gave up on waits in the parking queue: parked + acked = published.
    facts: (r, d) => ({ accounted: (d['payments.parked'] ?? 0) + r.summary.acked === r.summary.published, parkedAtLeast10: (d['payments.parked'] ?? 0) >= 10, paymentsEmpty: d['payments'] }),
  },
  {
    file: 'lab-consumer-crash.json',
    speed: 10,
    drainMs: 20_000,
    blind: ['redelivered (queue careful) >= 1', 'lost (producer to-careless) >= 1'],
    depths: ['careful', 'careless'],
    // Auto-ack loses what the crashed consumer held: the queue is empty, yet fewer were handled than published.
    facts: (r, d) => ({
      carefulLost: group(r, 'to-careful').lost,
      carefulRedelivered: group(r, 'careful').redelivered > 0,
      carelessLostSome: group(r, 'careless').processed[0]! < group(r, 'to-careless').published,
      depths: d,
    }),
  },
];

function setQueueArg(doc: Record<string, unknown>, queue: string, arg: string, value: unknown): void {
  const qs = (doc['topology'] as { queues: { name: string; arguments: Record<string, unknown> }[] }).queues;
  const q = qs.find((x) => x.name === queue);
  if (!q) throw new Error(`no queue ${queue}`);
  q.arguments[arg] = value;
}

const unavailable = rabbitmqUnavailable();

describe.skipIf(unavailable !== undefined)(`brokerlab run --target against RabbitMQ${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let rabbit: RabbitmqNode;
  let broker: Broker;
  let listener: AmqpListener;
  let brokerlab: string;
  let before: { queues: string; exchanges: string };

  const listNode = async (): Promise<{ queues: string; exchanges: string }> => ({
    queues: await rabbit.ctl(['list_queues', '--quiet', '--no-table-headers', 'name']),
    exchanges: await rabbit.ctl(['list_exchanges', '--quiet', '--no-table-headers', 'name', 'type']),
  });

  beforeAll(async () => {
    rabbit = await startRabbitmq();
    broker = new Broker({ scheduler: new RealScheduler() });
    listener = await startAmqpListener(broker, { port: 0 });
    brokerlab = listener.url.replace('amqp://', 'amqp://guest:guest@');
    before = await listNode();
  }, 120_000);

  afterAll(async () => {
    await listener?.close();
    await rabbit?.stop();
  });

  /** Run on both targets at once; look at the queues before the run's own cleanup. */
  async function onBoth(c: Case): Promise<{ rabbitmq: Record<string, unknown>; brokerlab: Record<string, unknown>; runs: TargetRun[] }> {
    const doc = exampleDoc(c.file);
    c.adapt?.(doc);
    const one = async (url: string, name: string): Promise<[Record<string, unknown>, TargetRun]> => {
      const run = await runOnTarget(url, doc, c.speed, { durationMs: c.durationMs, drainMs: c.drainMs });
      const depth = await queueDepths(url, c.depths ?? []);
      expect(await run.transport.removeCreated()).toEqual([]);
      expect(verdicts(run.report), `${c.file} on ${name}`).toEqual({ failed: [], blind: c.blind });
      return [c.facts(run.report, depth), run];
    };
    const [[r, rr], [b, br]] = await Promise.all([one(rabbit.url, 'RabbitMQ'), one(brokerlab, 'Brokerlab')]);
    return { rabbitmq: r, brokerlab: b, runs: [rr, br] };
  }

  test.each(CASES)('$file gives the same answer on RabbitMQ and on Brokerlab', async (c) => {
    const { rabbitmq, brokerlab: bl } = await onBoth(c);
    expect(rabbitmq).toEqual(bl);
    const embedded = runEmbedded(exampleDoc(c.file), c.durationMs);
    const want = c.facts(embedded, {});
    for (const k of c.deterministic ?? []) expect(rabbitmq[k], `${c.file}: ${k}`).toEqual(want[k]);
    for (const [k, v] of Object.entries(rabbitmq)) if (typeof v === 'boolean') expect(v, `${c.file}: ${k}`).toBe(true);
    for (const [q, n] of Object.entries((rabbitmq['depths'] ?? {}) as Record<string, number>)) expect(n, `${c.file}: queue ${q} after the run`).toBe(0);
  }, 60_000);

  test('brokerlab run --target (the command line) runs hello world on both and writes the same report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brokerlab-rabbitmq-cli-'));
    const file = fileURLToPath(new URL('tutorial-1-hello-world.json', EXAMPLES));
    const cli = (url: string, out: string): Promise<{ code: number; stderr: string }> =>
      new Promise((resolve) => {
        const p = execFile(process.execPath, [BIN, 'run', file, '--target', url, '--speed', '5x', '--quiet', '--report', join(dir, out)], { timeout: 60_000 }, (err, _o, stderr) =>
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stderr }),
        );
        p.stdin?.end();
      });
    const [r, b] = await Promise.all([cli(rabbit.url, 'rabbitmq.json'), cli(brokerlab, 'brokerlab.json')]);
    expect(r).toEqual({ code: 0, stderr: '' });
    expect(b).toEqual({ code: 0, stderr: '' });
    const facts = (f: string): unknown => {
      const rep = JSON.parse(readFileSync(join(dir, f), 'utf8')) as RunReport;
      return { passed: rep.outcome.passed, published: rep.summary.published, delivered: rep.summary.delivered, lost: rep.summary.lost, ordering: rep.summary.ordering.byProducer };
    };
    expect(facts('rabbitmq.json')).toEqual(facts('brokerlab.json'));
    expect(facts('rabbitmq.json')).toMatchObject({ passed: true, published: 100, delivered: 100, lost: 0 });
    // The run deleted the queue it declared.
    expect(await queueDepths(rabbit.url, ['hello'])).toEqual({ hello: -1 });
  }, 60_000);

  test('an example that restarts the broker is refused before anything is declared, naming why', async () => {
    const file = fileURLToPath(new URL('lab-broker-restart.json', EXAMPLES));
    const errors: string[] = [];
    const err = vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
    const status = await main([file, '--target', rabbit.url]);
    err.mockRestore();
    expect(status).toBe(2);
    expect(errors.join('\n')).toMatch(/timeline\[0\]: restartBroker needs the embedded engine: a remote broker cannot be restarted from a client/);
    expect(await queueDepths(rabbit.url, ['durable-persistent'])).toEqual({ 'durable-persistent': -1 });
    // The runner API refuses it too.
    const s = loadScenario(exampleDoc('lab-broker-restart.json'));
    expect(() => new SimulationRunner(s, { transport: new AmqplibTransport(rabbit.url), applyTopology: false })).toThrow(ScenarioError);
  });

  test('prefetch 1 over 3 free consumers: strict rotation on both (the round-robin example\'s known answer)', async () => {
    const [r, b] = await Promise.all([rotation(rabbit.url, 12), rotation(brokerlab, 12)]);
    expect(r).toMatch(/^(012|120|201){4}$/);
    expect(b).toMatch(/^(012|120|201){4}$/);
  });

  test('a quorum queue with x-delivery-limit 3 dead-letters on the same delivery on both', async () => {
    const [r, b] = await Promise.all([deliveriesUntilDeadLettered(rabbit.url), deliveriesUntilDeadLettered(brokerlab)]);
    expect(r).toEqual(b);
    // Delivered 1 + 3 times (x-delivery-count 1..3 on the redeliveries), then dead-lettered.
    expect(r).toEqual({
      deliveries: [{ redelivered: false, deliveryCount: undefined }, ...[1, 2, 3].map((n) => ({ redelivered: true, deliveryCount: n }))],
      parked: 1,
    });
  });

  test('the node is left as it was found: every queue and exchange the runs declared is gone', async () => {
    expect(await listNode()).toEqual(before);
    expect(before.queues.trim()).toBe('');
    expect([...broker.vhost('/')!.queues.keys()]).toEqual([]);
  }, 60_000);
});
