import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useLiveStats } from '../../stores/use-live-stats.ts';
import { exchangeBadge } from './badges.ts';
import type { ExchangeFlowNode } from '../flow-types.ts';
import { NodeShell, Stat } from './node-shell.tsx';

/** An exchange: its type, flags and policy, and messages in, routed out, and unroutable. */
export const ExchangeNode = memo(function ExchangeNode({ id, data }: NodeProps<ExchangeFlowNode>) {
  const x = data.exchange;
  const { b, live } = useLiveStats((s) => exchangeBadge(s.stats[id]));
  const flags = [x.durable ? 'durable' : 'transient', x.autoDelete && 'auto-delete', x.internal && 'internal'].filter(Boolean).join(' · ');
  return (
    <NodeShell
      id={id}
      kind="exchange"
      icon="exchange"
      name={x.name}
      sub={`${x.type} exchange · ${flags}${x.policy === undefined ? '' : ` · policy ${x.policy}`}`}
      {...(x.builtIn ? { tag: 'BUILT-IN' } : data.draft ? { tag: 'DRAFT' } : {})}
      handles={{ in: true, out: true, ae: data.alternate }}
      error={data.error}
      draft={data.draft}
      box={live}
    >
      <div className="node-stats" data-testid="exchange-stats">
        <Stat label="in" live="in" testId="stat-in" />
        <Stat label="out" live="out" testId="stat-out" />
        {b.unroutable ? <Stat label="unroutable" live="unroutable" tone="bad" /> : null}
      </div>
    </NodeShell>
  );
});
