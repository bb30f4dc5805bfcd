import type { DroppedData } from './store.ts';

/** What recovery restored and what it had to leave behind. */
export interface RecoveryReport {
  /** The store was empty (first start). */
  fresh: boolean;
  /** Topology commands replayed. */
  commands: number;
  /** Commands the broker refused on replay (with the reason). */
  failedCommands: string[];
  /** Messages restored into their queues. */
  messages: number;
  /** Of those, messages that had been delivered and come back redelivered. */
  redelivered: number;
  /** Messages whose queue no longer exists (removed from the store). */
  orphaned: number;
  /** Queues recreated (durable, classic, no arguments) because their messages outlived a damaged topology. */
  rescuedQueues: string[];
  /** Damaged or torn data skipped. */
  dropped: DroppedData[];
  /** One line for a log. */
  summary: string;
}

/** The one-line summary: `store: recovered …; dropped …`. */
export function summarize(r: RecoveryReport): string {
  if (r.fresh && r.messages === 0 && r.dropped.length === 0) return 'store: new store, nothing to recover';
  const s = `store: recovered ${r.commands} topology commands and ${r.messages} messages (${r.redelivered} redelivered)`;
  const lost = r.dropped.reduce((n, d) => n + d.bytes, 0);
  const problems: string[] = [];
  if (r.dropped.length > 0) problems.push(`${r.dropped.length} damaged regions (${lost} bytes) dropped`);
  if (r.failedCommands.length > 0) problems.push(`${r.failedCommands.length} commands failed`);
  if (r.orphaned > 0) problems.push(`${r.orphaned} messages of deleted queues dropped`);
  if (r.rescuedQueues.length > 0) problems.push(`queues recreated to hold their messages: ${r.rescuedQueues.join(', ')}`);
  return problems.length > 0 ? `${s}; ${problems.join(', ')}` : s;
}
