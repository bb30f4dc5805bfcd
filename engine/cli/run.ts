/**
 * `brokerlab run scenario.json|example-name [--duration 60s] [--seed N] [--speed max|1x|10x]
 * [--target amqp://user:pass@host:5672 [--keep-topology]] [--report out.json] [--quiet]`:
 * run a scenario headless, against the embedded engine (virtual time by default) or
 * against a real broker through amqplib (real time; the queues and exchanges
 * the run created there are deleted at its end unless `--keep-topology`). Prints a PerfTest-style
 * line each simulated second and a summary; `--report` writes out.json,
 * out.csv and out.html. Exit status: 0 when every assertion passed, 1 when
 * one failed, 2 for a bad command line, scenario or target.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AmqplibTransport } from '../adapters/amqplib-transport.ts';
import { PacedClock } from '../adapters/paced-clock.ts';
import { EXAMPLE_FILES } from '../sim/examples/catalog.ts';
import { randomStream } from '../sim/random-streams.ts';
import { perfTestLine, summaryLines } from '../sim/report/perftest-lines.ts';
import { reportCsv } from '../sim/report/report-csv.ts';
import { reportHtml } from '../sim/report/report-html.ts';
import type { RunReport, SecondLine } from '../sim/report/report.ts';
import type { RunnerOptions } from '../sim/runner.ts';
import { SimulationRunner } from '../sim/runner.ts';
import { parseDuration } from '../sim/scenario/duration.ts';
import { formatIssue } from '../sim/scenario/issues.ts';
import { parseScenario } from '../sim/scenario/load.ts';
import { topologyCommands } from '../sim/scenario/topology-commands.ts';
import { remoteSettingNotes, remoteTimelineIssues } from '../sim/timeline.ts';

const USAGE = 'usage: brokerlab run <scenario.json | example name> [--duration 60s] [--seed N] [--speed max|1x|10x|0.5x] [--target amqp://user:pass@host:5672 [--keep-topology]] [--report out.json] [--quiet]\n       brokerlab run --list   (the example gallery)';

/** A scenario file, or else a gallery example by name (`tutorial-2-work-queues`, with or without `.json`). */
function resolveScenario(arg: string): string {
  if (existsSync(arg)) return arg;
  const name = arg.endsWith('.json') ? arg : `${arg}.json`;
  return (EXAMPLE_FILES as readonly string[]).includes(name) ? fileURLToPath(new URL(`../sim/examples/${name}`, import.meta.url)) : arg;
}

/** The gallery: each example's file name, title and what it teaches. */
function listExamples(): void {
  for (const f of EXAMPLE_FILES) {
    const doc = JSON.parse(readFileSync(new URL(`../sim/examples/${f}`, import.meta.url), 'utf8')) as { name?: string; description?: string };
    console.log(`${f.replace(/\.json$/, '')}\n  ${doc.name ?? ''}: ${doc.description ?? ''}\n`);
  }
}

/** `max` (virtual time), or a real-time factor from `1x`, `10`, `0.5x`. */
function parseSpeed(s: string): number | 'max' | undefined {
  if (s === 'max') return 'max';
  const m = /^(\d+(?:\.\d+)?)x?$/.exec(s);
  const f = m ? Number(m[1]) : NaN;
  return f >= 0.1 && f <= 100 ? f : undefined;
}

/** Report a bad command line or input; exit status 2. */
function usageError(message: string): number {
  console.error(message);
  return 2;
}

function progressBar(done: number, total: number): string {
  const w = 30;
  const f = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(f * w);
  return `[${'#'.repeat(filled)}${'.'.repeat(w - filled)}] ${Math.round(f * 100)}% ${(done / 1000).toFixed(1)}/${(total / 1000).toFixed(1)} s`;
}

function writeReport(path: string, r: RunReport): string[] {
  const base = path.replace(/\.json$/i, '');
  const files = [`${base}.json`, `${base}.csv`, `${base}.html`];
  mkdirSync(dirname(files[0]!), { recursive: true });
  writeFileSync(files[0]!, JSON.stringify(r, null, 2) + '\n');
  writeFileSync(files[1]!, reportCsv(r));
  writeFileSync(files[2]!, reportHtml(r));
  return files;
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        duration: { type: 'string' },
        seed: { type: 'string' },
        speed: { type: 'string' },
        report: { type: 'string' },
        target: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        list: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        'keep-topology': { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values: o, positionals } = parsed;
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  if (o.list) {
    listExamples();
    return 0;
  }
  const file = positionals[0] === undefined ? undefined : resolveScenario(positionals[0]);
  if (file === undefined || positionals.length > 1) return usageError(USAGE);
  if (o.target !== undefined && !/^amqps?:\/\//.test(o.target)) return usageError(`--target: must be an amqp:// or amqps:// URL (got "${o.target}")`);
  const speedArg = o.speed ?? (o.target === undefined ? 'max' : '1x');
  const speed = parseSpeed(speedArg);
  if (speed === undefined) return usageError(`--speed: must be max or a factor from 0.1x to 100x (got "${speedArg}")`);
  if (speed === 'max' && o.target !== undefined) return usageError('--speed max needs the embedded engine; a real broker runs in real time (use 1x)');
  const durationMs = o.duration === undefined ? undefined : parseDuration(o.duration);
  if (durationMs === 0 || (o.duration !== undefined && durationMs === undefined)) return usageError(`--duration: must be a duration like 60s (got "${o.duration}")`);
  const seed = o.seed === undefined ? undefined : Number(o.seed);
  if (seed !== undefined && !Number.isInteger(seed)) return usageError(`--seed: must be an integer (got "${o.seed}")`);

  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file, and no example by that name (brokerlab run --list shows them)' : (e as Error).message;
    return usageError(`${file}: ${why}`);
  }
  const loaded = parseScenario(text);
  if (!loaded.ok) {
    console.error(`${file}: the scenario is not valid:`);
    for (const i of loaded.issues) console.error(`  ${formatIssue(i)}`);
    return 2;
  }
  const scenario = loaded.scenario;
  const total = (durationMs ?? scenario.duration) + scenario.drain;
  const tty = process.stderr.isTTY === true && !o.quiet;
  const confirms = scenario.producers.some((p) => p.confirm !== undefined);
  const onSecond = (l: SecondLine): void => {
    if (tty) process.stderr.write('\r\x1b[K');
    if (!o.quiet) console.log(perfTestLine(scenario.name, l, confirms));
    if (tty) process.stderr.write(progressBar(l.time, total));
  };
  const opts: RunnerOptions = { onSecond };
  if (seed !== undefined) opts.seed = seed;
  if (durationMs !== undefined) opts.durationMs = durationMs;
  let report: RunReport;
  if (o.target !== undefined && speed !== 'max') {
    const refused = remoteTimelineIssues(scenario.timeline);
    if (refused.length > 0) {
      console.error(`${file}: cannot run against ${o.target}:`);
      for (const i of refused) console.error(`  ${formatIssue(i)}`);
      return 2;
    }
    for (const i of remoteSettingNotes(scenario.broker)) console.error(`note: ${formatIssue(i)}`);
    const transport = new AmqplibTransport(o.target);
    const { errors, skipped } = await transport.declareTopology(topologyCommands(scenario.topology, randomStream(seed ?? scenario.seed, 'topology')));
    for (const i of skipped) console.error(`note: ${formatIssue(i)}`);
    if (errors.length > 0) {
      console.error(`${o.target}: the target refused the topology:`);
      for (const i of errors) console.error(`  ${formatIssue(i)}`);
      if (!o['keep-topology']) await transport.removeCreated();
      return 2;
    }
    const runner = new SimulationRunner(scenario, { ...opts, transport, applyTopology: false, clock: new PacedClock({ speed }) });
    runner.start();
    report = await runner.done;
    await transport.closeAll();
    // Leave the target as it was: delete the queues and exchanges this run created.
    if (!o['keep-topology']) for (const f of await transport.removeCreated()) console.error(`note: could not delete ${f}`);
  } else if (speed === 'max') {
    const runner = new SimulationRunner(scenario, opts);
    runner.start();
    // Step one simulated second at a time, yielding so output flushes as it goes.
    while (!runner.finished) {
      runner.step(1000);
      await new Promise((r) => setImmediate(r));
    }
    report = runner.report()!;
  } else {
    const runner = new SimulationRunner(scenario, { ...opts, clock: new PacedClock({ speed }) });
    runner.start();
    report = await runner.done;
  }
  if (tty) process.stderr.write('\r\x1b[K');
  for (const line of summaryLines(report)) console.log(line);
  if (o.report !== undefined) console.log(`report: ${writeReport(o.report, report).join(', ')}`);
  return report.outcome.passed ? 0 : 1;
}
