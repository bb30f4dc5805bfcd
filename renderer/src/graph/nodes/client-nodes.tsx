import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { headline } from '../../model/node-stats.ts';
import { useLive } from '../../stores/store-context.tsx';
import { compact, duration, rate } from '../../util/format.ts';
import type { ClientFlowNode, ConsumerFlowNode, ProducerFlowNode } from '../flow-types.ts';
import { NodeShell, Stat } from './node-shell.tsx';

function rateText(r: unknown): string {
  if (typeof r === 'number') return `${r} msg/s`;
  if (typeof r === 'object' && r !== null && 'type' in r) {
    const o = r as { type: string; perSecond?: number; size?: number };
    return o.type === 'burst' ? `bursts of ${o.size ?? '?'}` : o.perSecond !== undefined ? `${o.type} ${o.perSecond} msg/s` : o.type;
  }
  return 'rate?';
}

/** A simulated producer: what it sends, its live rate, and its confirms, returns and nacks. */
export const ProducerNode = memo(function ProducerNode({ id, data }: NodeProps<ProducerFlowNode>) {
  const p = data.producer;
  const st = useLive((s) => s.stats[id]);
  const r = st?.rates;
  const errors = (r?.returnUnroutable ?? 0) + (r?.publisherNack ?? 0);
  return (
    <NodeShell id={id} kind="producer" icon="producer" name={p.id} sub={`producer ×${p.count ?? 1} · ${rateText(p.rate)}`} tag="SIM" handles={{ out: true }} issue={data.issue}>
      <div className="node-stats">
        <Stat label="sent" value={rate(r?.publish)} testId="stat-out" />
        {(r?.confirm ?? 0) > 0 ? <Stat label="confirmed" value={rate(r?.confirm)} /> : null}
        {errors > 0 ? <Stat label="returned/nacked" value={rate(errors)} tone="bad" /> : null}
        {st?.state ? <Stat label="" value={st.state.status} tone={st.state.status === 'blocked' ? 'warn' : undefined} /> : null}
      </div>
    </NodeShell>
  );
});

/** A simulated consumer: its settings, live delivery and ack rates, redeliveries, failures and latency. */
export const ConsumerNode = memo(function ConsumerNode({ id, data }: NodeProps<ConsumerFlowNode>) {
  const c = data.consumer;
  const st = useLive((s) => s.stats[id]);
  const h = st ? headline(st.rates) : undefined;
  const r = st?.rates;
  const failures = (r?.consumerNack ?? 0) + (r?.consumerReject ?? 0);
  const crashes = st?.state ? st.state.crashes + st.state.timeouts : 0;
  const sub = `consumer ×${c.count ?? 1} · ${c.autoAck ? 'auto-ack' : `prefetch ${c.prefetch ?? 0}`}`;
  return (
    <NodeShell id={id} kind="consumer" icon="consumer" name={c.id} sub={sub} tag="SIM" handles={{ in: true }} issue={data.issue}>
      <div className="node-stats rows-2">
        <Stat label="recv" value={rate(h?.delivered)} testId="stat-in" />
        <Stat label="ack" value={rate(h?.acked)} />
        {h && h.redelivered > 0 ? <Stat label="redeliv." value={rate(h.redelivered)} tone="warn" /> : null}
        {failures > 0 ? <Stat label="nack/reject" value={rate(failures)} tone="bad" /> : null}
        {crashes > 0 ? <Stat label="crashes" value={compact(crashes)} tone="bad" /> : null}
        {st?.latency ? <Stat label="p99" value={duration(st.latency.p99)} /> : null}
      </div>
    </NodeShell>
  );
});

/** A real AMQP client on the embedded broker, marked REAL. */
export const ClientNode = memo(function ClientNode({ id, data }: NodeProps<ClientFlowNode>) {
  const c = data.connection;
  const st = useLive((s) => s.stats[id]);
  const h = st ? headline(st.rates) : undefined;
  return (
    <NodeShell id={id} kind="client" icon="client" name={c.name || `connection ${c.number}`} sub={`${c.user}@${c.peer ?? 'local'} · ${c.channels} ch`} tag="REAL" handles={{ in: true }}>
      <div className="node-stats rows-2">
        <Stat label="published" value={rate(h?.published)} />
        <Stat label="received" value={rate(h?.delivered)} testId="stat-in" />
        <Stat label="ack" value={rate(h?.acked)} />
      </div>
    </NodeShell>
  );
});
