import type { RunReport } from './report.ts';

const HEADER = [
  'time_s',
  'sent_msg_s',
  'received_msg_s',
  'ready',
  'unacked',
  'consume_min_ms',
  'consume_p50_ms',
  'consume_p75_ms',
  'consume_p95_ms',
  'consume_p99_ms',
  'consume_max_ms',
  'confirm_min_ms',
  'confirm_p50_ms',
  'confirm_p75_ms',
  'confirm_p95_ms',
  'confirm_p99_ms',
  'confirm_max_ms',
];

/** The per-second lines of a report as CSV (one row per sample, PerfTest's columns plus depths). */
export function reportCsv(r: RunReport): string {
  const rows = [HEADER.join(',')];
  for (const l of r.seconds) {
    const c = l.consume;
    const f = l.confirm;
    rows.push([l.time / 1000, l.sent, l.received, l.ready, l.unacked, c.min, c.p50, c.p75, c.p95, c.p99, c.max, f.min, f.p50, f.p75, f.p95, f.p99, f.max].join(','));
  }
  return rows.join('\n') + '\n';
}
