/**
 * Running gallery examples against a real AMQP broker (RabbitMQ, or
 * Brokerlab's own listener) through the runner API, as `brokerlab run
 * --target` does, and reading what a report can and cannot tell there.
 */
import { readFileSync } from 'node:fs';
import amqp from 'amqplib';
import { AmqplibTransport } from '../../../engine/adapters/amqplib-transport.ts';
import { PacedClock } from '../../../engine/adapters/paced-clock.ts';
import type { AssertionResult } from '../../../engine/sim/assertions.ts';
import type { ExampleFile } from '../../../engine/sim/examples/catalog.ts';
import { randomStream } from '../../../engine/sim/random-streams.ts';
import type { RunReport } from '../../../engine/sim/report/report.ts';
import { SimulationRunner } from '../../../engine/sim/runner.ts';
import { loadScenario } from '../../../engine/sim/scenario/load.ts';
import { topologyCommands } from '../../../engine/sim/scenario/topology-commands.ts';

export const EXAMPLES = new URL('../../../engine/sim/examples/', import.meta.url);

export function exampleDoc(file: ExampleFile): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(file, EXAMPLES), 'utf8')) as Record<string, unknown>;
}

/** What a finished run on a target leaves to look at: the report, and the transport (to clean up after looking). */
export interface TargetRun {
  report: RunReport;
  transport: AmqplibTransport;
}

/** Declare the example's topology on the target, run it in real time at `speed`, close the clients. */
export async function runOnTarget(url: string, doc: Record<string, unknown>, speed: number, time: { durationMs?: number | undefined; drainMs?: number | undefined } = {}): Promise<TargetRun> {
  const scenario = loadScenario(doc);
  const transport = new AmqplibTransport(url);
  const { errors, skipped } = await transport.declareTopology(topologyCommands(scenario.topology, randomStream(scenario.seed, 'topology')));
  if (errors.length > 0 || skipped.length > 0) throw new Error(`${url}: topology refused: ${JSON.stringify([...errors, ...skipped])}`);
  const runner = new SimulationRunner(scenario, { transport, applyTopology: false, clock: new PacedClock({ speed }), ...(time.drainMs !== undefined && { drainMs: time.drainMs }), ...(time.durationMs !== undefined && { durationMs: time.durationMs }) });
  runner.start();
  const report = await runner.done;
  await transport.closeAll();
  return { report, transport };
}

/** The same scenario on the embedded engine in virtual time: the answer a deterministic fact must have. */
export function runEmbedded(doc: Record<string, unknown>, durationMs?: number): RunReport {
  return new SimulationRunner(loadScenario(doc), durationMs === undefined ? {} : { durationMs }).runToEnd();
}

/** Assertion details that say a remote broker cannot tell (see engine/sim/assertions.ts). */
const BLIND = /cannot be (observed over AMQP|searched for them)/;

/**
 * A report's verdicts, sorted: `failed` must stay empty; `blind` lists what a
 * remote broker cannot show (checked another way by each case); latency
 * assertions are left out (in real time they measure the machine's network
 * and load, times the speed factor).
 */
export function verdicts(r: RunReport): { failed: string[]; blind: string[] } {
  const real = (a: AssertionResult): boolean => a.type !== 'latency';
  return {
    failed: r.assertions.filter((a) => real(a) && !a.passed && !BLIND.test(a.detail ?? '')).map((a) => `${a.label}: ${a.detail ?? ''}`),
    blind: r.assertions.filter((a) => real(a) && !a.passed && BLIND.test(a.detail ?? '')).map((a) => a.label),
  };
}

export function group(r: RunReport, id: string): RunReport['clients'][number] {
  const g = r.clients.find((c) => c.id === id);
  if (!g) throw new Error(`no client group ${id}`);
  return g;
}

/** An assertion's measured value, by its label's start. */
export function actual(r: RunReport, labelStart: string): number {
  const a = r.assertions.find((x) => x.label.startsWith(labelStart));
  if (a?.actual === undefined || a.actual === null) throw new Error(`no measured assertion '${labelStart}'`);
  return a.actual;
}

/** Messages in queues of the target's `/` vhost (a passive declare each; -1 when the queue is gone). */
export async function queueDepths(url: string, names: readonly string[]): Promise<Record<string, number>> {
  const c = await amqp.connect(url);
  const out: Record<string, number> = {};
  try {
    for (const name of names) {
      const ch = await c.createChannel();
      ch.on('error', () => undefined);
      try {
        out[name] = (await ch.checkQueue(name)).messageCount;
        await ch.close();
      } catch {
        out[name] = -1;
      }
    }
  } finally {
    await c.close();
  }
  return out;
}
