import type { LatencyStats } from '../../metrics/snapshot-types.ts';
import type { RunReport, SecondLine } from './report.ts';

/** A number as PerfTest prints it: whole above 10, three decimals at most below. */
function n(v: number): string {
  return Math.abs(v) >= 10 ? String(Math.round(v)) : String(+v.toFixed(3));
}

function pct(l: LatencyStats, withMax: boolean): string {
  const vals = [l.min, l.p50, l.p75, l.p95, l.p99, ...(withMax ? [l.max] : [])];
  return vals.map(n).join('/');
}

/** `id: x, time 1.000 s, sent: 100 msg/s, received: 100 msg/s, min/median/75th/95th/99th consumer latency: 1/2/3/4/5 ms` */
export function perfTestLine(id: string, l: SecondLine, confirms: boolean): string {
  let s = `id: ${id}, time ${(l.time / 1000).toFixed(3)} s, sent: ${n(l.sent)} msg/s, received: ${n(l.received)} msg/s`;
  if (confirms) s += `, min/median/75th/95th/99th confirm latency: ${pct(l.confirm, false)} ms`;
  return `${s}, min/median/75th/95th/99th consumer latency: ${pct(l.consume, false)} ms`;
}

/** PerfTest's end summary, then the scenario's assertions. */
export function summaryLines(r: RunReport): string[] {
  const s = r.summary;
  const out = [
    `id: ${r.scenario.name}, sending rate avg: ${n(s.sendRateAvg)} msg/s`,
    `id: ${r.scenario.name}, receiving rate avg: ${n(s.receiveRateAvg)} msg/s`,
    `id: ${r.scenario.name}, consumer latency min/median/75th/95th/99th/max ${pct(s.consumeLatency, true)} ms`,
  ];
  if (s.confirmLatency.count > 0) out.push(`id: ${r.scenario.name}, confirm latency min/median/75th/95th/99th/max ${pct(s.confirmLatency, true)} ms`);
  if (s.rpcLatency.count > 0) out.push(`id: ${r.scenario.name}, rpc latency min/median/75th/95th/99th/max ${pct(s.rpcLatency, true)} ms`);
  out.push(
    `published ${s.published}, confirmed ${s.confirmed}, nacked ${s.publisherNacked}, returned ${s.returned}, delivered ${s.delivered}, acked ${s.acked}, redelivered ${s.redelivered}, dead-lettered ${s.deadLettered}, expired ${s.expired}, lost ${s.lost ?? 'n/a'}`,
    `ordering by producer: ${s.ordering.byProducer.outOfOrder} out of order, ${s.ordering.byProducer.gaps} gaps, ${s.ordering.byProducer.duplicates} duplicates, ${s.ordering.byProducer.redeliveries} redeliveries`,
  );
  for (const t of r.timeline) if (t.detail !== undefined) out.push(`${t.action} at ${t.at / 1000} s: ${t.detail}`);
  for (const a of r.assertions) out.push(`${a.passed ? 'PASS' : 'FAIL'} ${a.label}${a.passed || a.detail === undefined ? '' : ` — ${a.detail}`}`);
  out.push(r.outcome.passed ? `PASSED (${r.assertions.length} assertions)` : `FAILED (${r.assertions.filter((a) => !a.passed).length} of ${r.assertions.length} assertions)`);
  return out;
}
