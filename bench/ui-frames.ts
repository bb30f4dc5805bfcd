/**
 * Renderer benchmark: the studio in Debian's Chromium with 100 nodes on the
 * graph and a 50,000 msg/s simulated load. Frame times from
 * requestAnimationFrame, the JS heap after GC (CDP), and the pushes the page
 * receives per second and their bytes. Figures, not assertions, each beside
 * baselines taken in the same run:
 *   idle   the same page with the scenario loaded but not running (what this machine draws with nothing live)
 *   full   the same load with the host pushing whole snapshots (contract v1's behaviour) instead of deltas
 *   delta  the same load with live deltas (the default)
 *
 *   node --import tsx bench/ui-frames.ts                                   # 20 s phases
 *   BENCH_SECONDS=600 node --import tsx bench/ui-frames.ts                 # the 10-minute run (memory flat?)
 *   BENCH_BASELINE_SECONDS=30 BENCH_RATE=5000 BENCH_SKIP_FULL=1 ...        # baseline length, load, skip the full phase
 */
import { loadavg } from 'node:os';
import { isMain, printResult } from './bench-util.ts';
import type { FrameStats } from './ui-probe.ts';
import { frameStats, startFrameProbe } from './ui-probe.ts';
import type { PushTally, Session } from './ui-session.ts';
import { ensureRenderer, openSession } from './ui-session.ts';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 20);
const BASE_SECONDS = Number(process.env['BENCH_BASELINE_SECONDS'] ?? Math.min(SECONDS, 20));
const RATE = Number(process.env['BENCH_RATE'] ?? 50_000);
const WARMUP_MS = 5000;

interface Phase extends FrameStats {
  seconds: number;
  achievedMsgPerSec: number;
  heapMbAfterGc: { start: number; end: number };
  heapMbSamples: number[];
  pushesPerSec: number;
  kbPerSec: number;
  byChannel: Record<string, { perSec: number; kbPerSec: number; avgKb: number }>;
  /** Renderer main thread busy, ms per second of wall time (under contention this includes time preempted). */
  mainMsPerSec: { task: number; script: number; layout: number; style: number };
  /** 1-minute load average of the machine at the start and end (2 cores, shared). */
  load: [number, number];
}

const round = (n: number, d = 2): number => Math.round(n * 10 ** d) / 10 ** d;

async function measure(s: Session, seconds: number): Promise<Phase> {
  const load0 = loadavg()[0]!;
  const heapStart = await s.heapMb(true);
  const tally0 = s.tally();
  const busy0 = await s.busy();
  const published0 = s.broker.counters.published;
  const t0 = Date.now();
  await startFrameProbe(s.page);
  const samples = [round(heapStart)];
  const every = Math.max(10, Math.round(seconds / 30));
  for (let at = every; at < seconds; at += every) {
    await s.page.waitForTimeout(Math.max(0, t0 + at * 1000 - Date.now()));
    samples.push(round(await s.heapMb()));
  }
  await s.page.waitForTimeout(Math.max(0, t0 + seconds * 1000 - Date.now()));
  const frames = await frameStats(s.page);
  const elapsed = (Date.now() - t0) / 1000;
  const published = s.broker.counters.published - published0;
  const busy1 = await s.busy();
  const heapEnd = await s.heapMb(true);
  const per = (k: keyof typeof busy0): number => round(((busy1[k] - busy0[k]) * 1000) / elapsed, 1);
  const byChannel: Phase['byChannel'] = {};
  let n = 0;
  let bytes = 0;
  for (const [c, t] of Object.entries(s.tally())) {
    const dn = t.n - (tally0[c]?.n ?? 0);
    const db = t.bytes - (tally0[c]?.bytes ?? 0);
    if (dn === 0) continue;
    n += dn;
    bytes += db;
    byChannel[c] = { perSec: round(dn / elapsed), kbPerSec: round(db / 1024 / elapsed), avgKb: round(db / 1024 / dn) };
  }
  return {
    seconds: Math.round(elapsed),
    achievedMsgPerSec: Math.round(published / elapsed),
    ...frames,
    heapMbAfterGc: { start: round(heapStart), end: round(heapEnd) },
    heapMbSamples: samples,
    pushesPerSec: round(n / elapsed),
    kbPerSec: round(bytes / 1024 / elapsed),
    byChannel,
    mainMsPerSec: { task: per('task'), script: per('script'), layout: per('layout'), style: per('style') },
    load: [round(load0), round(loadavg()[0]!)],
  };
}

function line(name: string, p: Phase): string {
  const ch = Object.entries(p.byChannel)
    .map(([c, t]) => `${c} ${t.perSec}/s × ${t.avgKb} kB`)
    .join(', ');
  return (
    `${name.padEnd(6)} ${String(p.seconds).padStart(4)} s  ${String(p.achievedMsgPerSec).padStart(6)} msg/s  ${String(p.fps).padStart(5)} fps  ` +
    `frame p50/p95/p99 ${p.frameMs.p50}/${p.frameMs.p95}/${p.frameMs.p99} ms  >50ms ${p.pctOver50ms}%  heap ${p.heapMbAfterGc.start}→${p.heapMbAfterGc.end} MB  ` +
    `main thread ${p.mainMsPerSec.task} ms/s (script ${p.mainMsPerSec.script})  ${p.pushesPerSec} pushes/s ${p.kbPerSec} kB/s (${ch || 'none'})  load ${p.load[0]}→${p.load[1]}`
  );
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : round(a / b, 3));

export async function main(): Promise<void> {
  await ensureRenderer();
  const phases: Record<string, Phase> = {};
  let nodes = 0;
  if (!process.env['BENCH_SKIP_FULL']) {
    const s = await openSession({ rate: RATE, liveDeltas: false });
    await s.play();
    await s.page.waitForTimeout(WARMUP_MS);
    phases['full'] = await measure(s, BASE_SECONDS);
    await s.close();
    console.log(line('full', phases['full']));
  }
  const s = await openSession({ rate: RATE, liveDeltas: true });
  nodes = s.nodes;
  await s.page.waitForTimeout(2000);
  phases['idle'] = await measure(s, BASE_SECONDS);
  console.log(line('idle', phases['idle']));
  await s.play();
  await s.page.waitForTimeout(WARMUP_MS); // JIT, first layouts, the first chart samples
  const delta = (phases['delta'] = await measure(s, SECONDS));
  await s.close();
  console.log(line('delta', delta));
  console.log(`heap samples (MB, every ${Math.max(10, Math.round(SECONDS / 30))} s): ${delta.heapMbSamples.join(' ')}`);

  const ratios: Record<string, number> = {};
  const idle = phases['idle'];
  ratios['fpsDeltaOverIdle'] = ratio(delta.fps, idle.fps);
  ratios['p95DeltaOverIdle'] = ratio(delta.frameMs.p95, idle.frameMs.p95);
  ratios['mainThreadDeltaOverIdle'] = ratio(delta.mainMsPerSec.task, idle.mainMsPerSec.task);
  const full = phases['full'];
  if (full) {
    ratios['fpsDeltaOverFull'] = ratio(delta.fps, full.fps);
    ratios['p95DeltaOverFull'] = ratio(delta.frameMs.p95, full.frameMs.p95);
    ratios['bytesDeltaOverFull'] = ratio(delta.kbPerSec, full.kbPerSec);
    ratios['mainThreadDeltaOverFull'] = ratio(delta.mainMsPerSec.task, full.mainMsPerSec.task);
  }
  console.log(`ratios: ${Object.entries(ratios).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  printResult('ui-frames', { nodes, targetMsgPerSec: RATE, phases, ratios });
}

if (isMain(import.meta.url)) await main();
