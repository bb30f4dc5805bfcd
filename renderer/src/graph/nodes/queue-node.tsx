import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { queueKind } from '../../model/topology-model.ts';
import { useLiveStats } from '../../stores/use-live-stats.ts';
import { queueBadge } from './badges.ts';
import type { QueueFlowNode } from '../flow-types.ts';
import { NodeShell, Stat } from './node-shell.tsx';

/** A queue: type, policy and the limits in effect, depth (ready and unacked), consumers, and rates in and out. */
export const QueueNode = memo(function QueueNode({ id, data }: NodeProps<QueueFlowNode>) {
  const q = data.queue;
  const { b, live } = useLiveStats((s) => queueBadge(s.stats[id]));
  const kind = queueKind(q);
  // Limits in effect: a policy's lower max-length or TTL is the one that acts.
  const a = data.effective;
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
      sub={`${kind} queue${q.exclusive ? ' · exclusive' : ''}${q.policy === undefined ? '' : ` · policy ${q.policy}`}${limits.length ? ` · ${limits.join(' · ')}` : ''}`}
      {...(data.draft ? { tag: 'DRAFT' } : {})}
      handles={{ in: true, out: true, dl: data.deadLetters }}
      error={data.error}
      draft={data.draft}
      box={live}
    >
      <div className="node-stats rows-3" data-testid="queue-stats">
        <Stat label="ready" live="ready" testId="stat-ready" />
        <Stat label="unacked" live="unacked" testId="stat-unacked" />
        <Stat label={b.oneConsumer ? 'consumer' : 'consumers'} live="consumers" testId="stat-consumers" />
        <span className="stat-break" aria-hidden="true" />
        <Stat label="in" live="in" testId="stat-in" />
        <Stat label="out" live="out" testId="stat-out" />
        {b.redelivered ? <Stat label="redeliv." live="redelivered" tone="warn" /> : null}
        {b.dead ? <Stat label="dead-lett." live="dead" tone="bad" /> : null}
      </div>
      {b.depth ? (
        <div className="depth-bar" aria-hidden="true" data-live-var="readyPct">
          <span style={{ width: 'var(--live-readyPct)', background: 'var(--o-ready)' }} />
          <span style={{ flex: 1, background: 'var(--o-unacked)' }} />
        </div>
      ) : null}
    </NodeShell>
  );
});
