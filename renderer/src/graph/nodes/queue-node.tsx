import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { queueKind } from '../../model/topology-model.ts';
import { headline } from '../../model/node-stats.ts';
import { useLive } from '../../stores/store-context.tsx';
import { compact, rate } from '../../util/format.ts';
import type { QueueFlowNode } from '../flow-types.ts';
import { NodeShell, Stat } from './node-shell.tsx';

/** A queue: type and limits, depth (ready and unacked), consumers, and rates in and out. */
export const QueueNode = memo(function QueueNode({ id, data }: NodeProps<QueueFlowNode>) {
  const q = data.queue;
  const st = useLive((s) => s.stats[id]);
  const kind = queueKind(q);
  const a = q.arguments;
  const limits = [
    typeof a['x-max-length'] === 'number' && `max ${a['x-max-length']}`,
    typeof a['x-message-ttl'] === 'number' && `ttl ${a['x-message-ttl']}ms`,
    typeof a['x-max-priority'] === 'number' && `prio ≤${a['x-max-priority']}`,
    a['x-single-active-consumer'] === true && 'SAC',
  ].filter(Boolean);
  const h = st ? headline(st.rates) : undefined;
  const ready = st?.ready ?? 0;
  const unacked = st?.unacked ?? 0;
  const total = ready + unacked;
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
        <Stat label="ready" value={compact(ready)} testId="stat-ready" />
        <Stat label="unacked" value={compact(unacked)} testId="stat-unacked" />
        <Stat label={st?.consumers === 1 ? 'consumer' : 'consumers'} value={String(st?.consumers ?? 0)} testId="stat-consumers" />
        <span className="stat-break" aria-hidden="true" />
        <Stat label="in" value={rate(h?.published)} testId="stat-in" />
        <Stat label="out" value={rate(h?.delivered)} testId="stat-out" />
        {h && h.redelivered > 0 ? <Stat label="redeliv." value={rate(h.redelivered)} tone="warn" /> : null}
        {h && h.deadLettered > 0 ? <Stat label="dead-lett." value={rate(h.deadLettered)} tone="bad" /> : null}
      </div>
      {total > 0 ? (
        <div className="depth-bar" aria-hidden="true">
          <span style={{ width: `${(ready / total) * 100}%`, background: 'var(--o-ready)' }} />
          <span style={{ width: `${(unacked / total) * 100}%`, background: 'var(--o-unacked)' }} />
        </div>
      ) : null}
    </NodeShell>
  );
});
