import type { HostSnapshot } from '../../../engine/host/contract.ts';
import type { LogEntry } from '../model/event-log.ts';
import { logEntry } from '../model/event-log.ts';

const REASONS = [
  ['deadLetteredRejected', 'rejected'],
  ['deadLetteredExpired', 'expired'],
  ['deadLetteredMaxlen', 'maxlen'],
  ['deadLetteredDeliveryLimit', 'delivery_limit'],
] as const;

/**
 * Dead-letterings since the previous snapshot, as log lines: the host does
 * not forward per-message events, so they are read off the queues' counters
 * (one line per queue and `x-death` reason per push, not per message).
 */
export function deadLetterEntries(prev: HostSnapshot, next: HostSnapshot, vhost: string): LogEntry[] {
  const before = new Map(prev.topology.queues.map((q) => [q.id, q.counters]));
  const out: LogEntry[] = [];
  for (const q of next.topology.queues) {
    const b = before.get(q.id);
    if (!b || q.vhost !== vhost) continue;
    for (const [field, reason] of REASONS) {
      const n = q.counters[field] - b[field];
      if (n <= 0) continue;
      const to = q.deadLetterExchange === null ? 'dropped (no dead-letter exchange)' : `to exchange '${q.deadLetterExchange}'${q.deadLetterRoutingKey ? ` with key '${q.deadLetterRoutingKey}'` : ''}`;
      out.push(logEntry({ at: next.topology.at, category: 'dead-letter', severity: 'warn', text: `${n} message${n === 1 ? '' : 's'} dead-lettered from queue '${q.name}' (${reason}) ${to}`, nodeId: q.id }));
    }
  }
  return out;
}
