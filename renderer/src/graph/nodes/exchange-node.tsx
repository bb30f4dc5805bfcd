import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useLive } from '../../stores/store-context.tsx';
import { rate } from '../../util/format.ts';
import type { ExchangeFlowNode } from '../flow-types.ts';
import { NodeShell, Stat } from './node-shell.tsx';

/** An exchange: its type and flags, and messages in, routed out, and unroutable. */
export const ExchangeNode = memo(function ExchangeNode({ id, data }: NodeProps<ExchangeFlowNode>) {
  const x = data.exchange;
  const st = useLive((s) => s.stats[id]);
  const r = st?.rates;
  const flags = [x.durable ? 'durable' : 'transient', x.autoDelete && 'auto-delete', x.internal && 'internal'].filter(Boolean).join(' · ');
  const unroutable = (r?.dropUnroutable ?? 0) + (r?.returnUnroutable ?? 0);
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
        <Stat label="in" value={rate(r?.publishIn)} testId="stat-in" />
        <Stat label="out" value={rate(r?.publishOut)} testId="stat-out" />
        {unroutable > 0 ? <Stat label="unroutable" value={rate(unroutable)} tone="bad" /> : null}
      </div>
    </NodeShell>
  );
});
