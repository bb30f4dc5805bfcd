import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useLiveBadge } from '../../stores/use-live-badge.ts';
import { exchangeBadge } from './badges.ts';
import type { ExchangeFlowNode } from '../flow-types.ts';
import { NodeShell, Stat } from './node-shell.tsx';

/** An exchange: its type and flags, and messages in, routed out, and unroutable. */
export const ExchangeNode = memo(function ExchangeNode({ id, data }: NodeProps<ExchangeFlowNode>) {
  const x = data.exchange;
  const b = useLiveBadge((s) => exchangeBadge(s.stats[id]));
  const flags = [x.durable ? 'durable' : 'transient', x.autoDelete && 'auto-delete', x.internal && 'internal'].filter(Boolean).join(' · ');
  return (
    <NodeShell
      id={id}
      kind="exchange"
      icon="exchange"
      name={x.name}
      sub={`${x.type} exchange · ${flags}`}
      {...(x.builtIn ? { tag: 'BUILT-IN' } : data.draft ? { tag: 'DRAFT' } : {})}
      handles={{ in: true, out: true, ae: typeof x.arguments['alternate-exchange'] === 'string' }}
      error={data.error}
      draft={data.draft}
    >
      <div className="node-stats" data-testid="exchange-stats">
        <Stat label="in" value={b.in} testId="stat-in" />
        <Stat label="out" value={b.out} testId="stat-out" />
        {b.unroutable ? <Stat label="unroutable" value={b.unroutable} tone="bad" /> : null}
      </div>
    </NodeShell>
  );
});
