import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { queueKind } from '../../model/topology-model.ts';
import { useLiveBadge } from '../../stores/use-live-badge.ts';
import { queueBadge } from './badges.ts';
import type { QueueFlowNode } from '../flow-types.ts';
import { NodeShell, Stat } from './node-shell.tsx';

/** A queue: type and limits, depth (ready and unacked), consumers, and rates in and out. */
export const QueueNode = memo(function QueueNode({ id, data }: NodeProps<QueueFlowNode>) {
  const q = data.queue;
  const b = useLiveBadge((s) => queueBadge(s.stats[id]));
  const kind = queueKind(q);
  const a = q.arguments;
  const limits = [
    typeof a['x-max-length'] === 'number' && `max ${a['x-max-length']}`,
    typeof a['x-message-ttl'] === 'number' && `ttl ${a['x-message-ttl']}ms`,
    typeof a['x-max-priority'] === 'number' && `prio ≤${a['x-max-priority']}`,
    a['x-single-active-consumer'] === true && 'SAC',
  ].filter(Boolean);
  return (
    <NodeShell
      id={id}
      kind="queue"
      icon="queue"
      name={q.name}
      sub={`${kind} queue${q.exclusive ? ' · exclusive' : ''}${limits.length ? ` · ${limits.join(' · ')}` : ''}`}
      {...(data.draft ? { tag: 'DRAFT' } : {})}
      handles={{ in: true, out: true, dl: typeof a['x-dead-letter-exchange'] === 'string' }}
      error={data.error}
      draft={data.draft}
    >
      <div className="node-stats rows-3" data-testid="queue-stats">
        <Stat label="ready" value={b.ready} testId="stat-ready" />
        <Stat label="unacked" value={b.unacked} testId="stat-unacked" />
        <Stat label={b.consumers === 1 ? 'consumer' : 'consumers'} value={String(b.consumers)} testId="stat-consumers" />
        <span className="stat-break" aria-hidden="true" />
        <Stat label="in" value={b.in} testId="stat-in" />
        <Stat label="out" value={b.out} testId="stat-out" />
        {b.redelivered ? <Stat label="redeliv." value={b.redelivered} tone="warn" /> : null}
        {b.dead ? <Stat label="dead-lett." value={b.dead} tone="bad" /> : null}
      </div>
      {b.readyPct >= 0 ? (
        <div className="depth-bar" aria-hidden="true">
          <span style={{ width: `${b.readyPct}%`, background: 'var(--o-ready)' }} />
          <span style={{ width: `${100 - b.readyPct}%`, background: 'var(--o-unacked)' }} />
        </div>
      ) : null}
    </NodeShell>
  );
});
