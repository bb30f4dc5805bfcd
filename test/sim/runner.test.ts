import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { PacedClock } from '../../engine/adapters/paced-clock.ts';
import { main } from '../../engine/cli/run.ts';
import { EXAMPLE_FILES } from '../../engine/sim/examples/catalog.ts';
import { reportCsv } from '../../engine/sim/report/report-csv.ts';
import { reportHtml } from '../../engine/sim/report/report-html.ts';
import { SimulationRunner } from '../../engine/sim/runner.ts';
import { oneQueue, run, scenario } from './sim-helpers.ts';

const doc = { topology: oneQueue(), producers: [{ id: 'p', routingKey: 'q', rate: 10 }], consumers: [{ id: 'c', queue: 'q' }], assertions: [{ type: 'count', metric: 'delivered', equals: 100 }] };

describe('runner', () => {
  test('steps virtual time and reports when the duration is over', () => {
    const r = new SimulationRunner(scenario(doc));
    r.step(2500);
    expect(r.time).toBe(2500);
    expect(r.snapshot().total.counts.publish).toBe(26); // 0, 100, ..., 2500 ms
    expect(r.finished).toBe(false);
    r.step(10_000);
    expect(r.finished).toBe(true);
    expect(r.report()!.outcome).toEqual({ passed: true, simulatedMs: 10_000, endedBy: 'duration' });
  });

  test('stops early with a report of what happened so far', () => {
    const r = new SimulationRunner(scenario(doc));
    r.step(3000);
    const rep = r.stop();
    expect(rep.outcome).toMatchObject({ endedBy: 'stopped', passed: false });
    expect(rep.summary.delivered).toBe(31);
  });

  test('keeps a per-second line with rates, depth and interval latency', () => {
    const r = run(doc);
    expect(r.seconds).toHaveLength(10);
    expect(r.seconds[0]).toMatchObject({ time: 1000, sent: 10, received: 10, ready: 0, unacked: 0 });
    expect(r.seconds[0]!.consume.count).toBe(10);
  });

  test('runs in real time on a paced clock that pauses, steps exactly, and changes speed', async () => {
    const clock = new PacedClock({ speed: 100 });
    const r = new SimulationRunner(scenario({ ...doc, duration: '2s' }), { clock });
    r.start();
    r.pause();
    expect(clock.paused).toBe(true);
    const t = r.time;
    r.step(500);
    expect(r.time).toBe(t + 500);
    r.setSpeed(50);
    expect(clock.speed).toBe(50);
    expect(() => r.setSpeed(0)).toThrow(RangeError);
    r.resume();
    const report = await r.done;
    expect(report.outcome.endedBy).toBe('duration');
    expect(report.summary.published).toBe(20);
  });

  test('runs as fast as it can on a paced clock at speed Infinity, yielding between slices', async () => {
    const r = new SimulationRunner(scenario(doc), { clock: new PacedClock({ speed: Infinity }) });
    r.start();
    const report = await r.done;
    expect(report.summary.delivered).toBe(100);
  });

  test('refuses virtual-only and real-only calls in the wrong mode', () => {
    expect(() => new SimulationRunner(scenario(doc)).setSpeed(2)).toThrow('needs a real-time clock');
    expect(() => new SimulationRunner(scenario(doc), { clock: new PacedClock() }).runToEnd()).toThrow('needs virtual time');
  });
});

describe('reports', () => {
  test('CSV has one row per second under a header', () => {
    const csv = reportCsv(run(doc)).trimEnd().split('\n');
    expect(csv[0]).toBe('time_s,sent_msg_s,received_msg_s,ready,unacked,consume_min_ms,consume_p50_ms,consume_p75_ms,consume_p95_ms,consume_p99_ms,consume_max_ms,confirm_min_ms,confirm_p50_ms,confirm_p75_ms,confirm_p95_ms,confirm_p99_ms,confirm_max_ms');
    expect(csv).toHaveLength(11);
    expect(csv[1]!.startsWith('1,10,10,0,0,')).toBe(true);
  });

  test('HTML is one standalone page with inline SVG charts and escaped text', () => {
    const html = reportHtml(run({ ...doc, name: '<b>x</b>' }));
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect((html.match(/<svg /g) ?? []).length).toBe(3);
    expect(html).not.toMatch(/<script|<link|src=|href=/);
  });
});

describe('brokerlab run', () => {
  function files(scenarioDoc: unknown): { dir: string; file: string } {
    const dir = mkdtempSync(join(tmpdir(), 'brokerlab-run-'));
    const file = join(dir, 'scenario.json');
    writeFileSync(file, JSON.stringify(scenarioDoc));
    return { dir, file };
  }
  const quietly = async (args: string[]): Promise<{ status: number; out: string; err: string }> => {
    let out = '';
    let err = '';
    const log = vi.spyOn(console, 'log').mockImplementation((s: string) => void (out += `${s}\n`));
    const error = vi.spyOn(console, 'error').mockImplementation((s: string) => void (err += `${s}\n`));
    try {
      return { status: await main(args), out, err };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  };

  test('prints PerfTest lines and a summary, writes JSON, CSV and HTML, exits 0 when assertions pass', async () => {
    const { dir, file } = files({ schemaVersion: 2, name: 'cli', duration: '3s', ...doc, assertions: [{ type: 'noMessageLost' }] });
    const { status, out } = await quietly([file, '--report', join(dir, 'out.json'), '--seed', '5']);
    expect(status).toBe(0);
    expect(out).toContain('id: cli, time 1.000 s, sent: 10 msg/s, received: 10 msg/s, min/median/75th/95th/99th consumer latency: 0/0/0/0/0 ms');
    expect(out).toContain('PASS no message lost');
    const report = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as { scenario: { seed: number } };
    expect(report.scenario.seed).toBe(5);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toMatch(/^time_s,/);
    expect(readFileSync(join(dir, 'out.html'), 'utf8')).toMatch(/^<!doctype html>/);
  });

  test('exits 1 when an assertion fails, and --duration overrides the scenario', async () => {
    const { file } = files({ schemaVersion: 2, name: 'cli', duration: '3s', ...doc });
    const { status, out } = await quietly([file, '--duration', '5s', '--quiet']);
    expect(status).toBe(1);
    expect(out).toContain('FAIL delivered = 100 — was 50');
  });

  test('exits 2 for a bad scenario, naming the path', async () => {
    const { file } = files({ schemaVersion: 2, name: 'cli', duration: '3s', producers: [{ id: 'p', rate: -1 }] });
    const { status, err } = await quietly([file]);
    expect(status).toBe(2);
    expect(err).toContain('producers[0].rate: must be a positive number');
  });

  test('exits 2 for a bad command line', async () => {
    expect((await quietly([])).status).toBe(2);
    expect((await quietly(['x.json', '--speed', 'warp'])).status).toBe(2);
    expect((await quietly(['x.json', '--bogus'])).status).toBe(2);
    const missing = await quietly(['no-such-scenario']);
    expect(missing.status).toBe(2);
    expect(missing.err).toContain('no-such-scenario: no such file, and no example by that name');
  });

  test('--help prints the usage; --list names the gallery; an example runs by its name', async () => {
    const help = await quietly(['--help']);
    expect(help.status).toBe(0);
    expect(help.out).toContain('usage: brokerlab run <scenario.json | example name>');
    const list = await quietly(['--list']);
    expect(list.status).toBe(0);
    expect(list.out).toContain('tutorial-2-work-queues\n  Tutorial 2: Work queues: Three workers share');
    expect(list.out.match(/^\S+$/gm)).toHaveLength(EXAMPLE_FILES.length);
    const ran = await quietly(['round-robin', '--quiet']);
    expect(ran.status).toBe(0);
    expect(ran.out).toContain('PASS consumer c instances share equally');
  });
});
