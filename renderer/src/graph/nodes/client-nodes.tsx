import type { NodeProps } from '@xyflow/react';
import { useUpdateNodeInternals } from '@xyflow/react';
import { memo, useEffect } from 'react';
import { useLiveStats } from '../../stores/use-live-stats.ts';
import { clientBadge, consumerBadge, producerBadge } from './badges.ts';
import type { ClientFlowNode, ConsumerFlowNode, ProducerFlowNode } from '../flow-types.ts';
import type { ClientSchedule } from '../../model/timeline-clients.ts';
import { NodeShell, Stat } from './node-shell.tsx';

function rateText(r: unknown): string {
  if (typeof r === 'number') return `${r} msg/s`;
  if (typeof r === 'object' && r !== null && 'type' in r) {
    const o = r as { type: string; perSecond?: number; size?: number };
    return o.type === 'burst' ? `bursts of ${o.size ?? '?'}` : o.perSecond !== undefined ? `${o.type} ${o.perSecond} msg/s` : o.type;
  }
  return 'rate?';
}

/** The corner tag of a simulated client: SIM, or when the timeline adds (`20s→`) or removes (`→40s`) it. */
function simTag(s: ClientSchedule | null): { tag: string; tagTitle?: string; scheduled?: boolean } {
  if (!s || (s.joins === undefined && s.leaves === undefined)) return { tag: 'SIM' };
  const title = `simulated; ${[s.joins && `joins at ${s.joins}`, s.leaves && `leaves at ${s.leaves}`].filter(Boolean).join(', ')} (scenario timeline)`;
  return { tag: `${s.joins ?? ''}→${s.leaves ?? ''}`, tagTitle: title, scheduled: s.joins !== undefined };
}

/** A simulated producer: what it sends, its live rate, and its confirms, returns and nacks. */
export const ProducerNode = memo(function ProducerNode({ id, data }: NodeProps<ProducerFlowNode>) {
  const p = data.producer;
  const { b, live } = useLiveStats((s) => producerBadge(s.stats[id]));
  return (
    <NodeShell id={id} kind="producer" icon="producer" name={p.id} sub={`producer ×${p.count ?? 1} · ${rateText(p.rate)}`} {...simTag(data.schedule)} handles={{ out: true }} issue={data.issue} box={live}>
      <div className="node-stats">
        <Stat label="sent" live="sent" testId="stat-out" />
        {b.confirmed ? <Stat label="confirmed" live="confirmed" /> : null}
        {b.errors ? <Stat label="returned/nacked" live="errors" tone="bad" /> : null}
        {b.status ? <Stat label="" live="status" tone={b.blocked ? 'warn' : undefined} /> : null}
      </div>
    </NodeShell>
  );
});

/** A simulated consumer: its settings, live delivery and ack rates, redeliveries, failures and latency. */
export const ConsumerNode = memo(function ConsumerNode({ id, data }: NodeProps<ConsumerFlowNode>) {
  const c = data.consumer;
  const { b, live } = useLiveStats((s) => consumerBadge(s.stats[id]));
  const sub = `consumer ×${c.count ?? 1} · ${c.autoAck ? 'auto-ack' : `prefetch ${c.prefetch ?? 0}`}`;
  return (
    <NodeShell id={id} kind="consumer" icon="consumer" name={c.id} sub={sub} {...simTag(data.schedule)} handles={{ in: true }} issue={data.issue} box={live}>
      <div className="node-stats rows-2">
        <Stat label="recv" live="recv" testId="stat-in" />
        <Stat label="ack" live="ack" />
        {b.redelivered ? <Stat label="redeliv." live="redelivered" tone="warn" /> : null}
        {b.failures ? <Stat label="nack/reject" live="failures" tone="bad" /> : null}
        {b.crashes ? <Stat label="crashes" live="crashes" tone="bad" /> : null}
        {b.p99 ? <Stat label="p99" live="p99" /> : null}
      </div>
    </NodeShell>
  );
});

/** A real AMQP client on the embedded broker, marked REAL. */
export const ClientNode = memo(function ClientNode({ id, data }: NodeProps<ClientFlowNode>) {
  const c = data.connection;
  const { b, live } = useLiveStats((s) => clientBadge(s.stats[id]));
  const publishes = c.publishesTo.length + c.sendsTo.length > 0;
  // The output handle appears with the first publish: React Flow must measure it before an edge can attach.
  const updateInternals = useUpdateNodeInternals();
  useEffect(() => updateInternals(id), [id, publishes, updateInternals]);
  return (
    <NodeShell id={id} kind="client" icon="client" name={c.name || `connection ${c.number}`} sub={`${c.user}@${c.peer ?? 'local'} · ${c.channels} ch`} tag="REAL" handles={{ in: true, out: publishes }} box={live}>
      <div className="node-stats rows-2">
        <Stat label="published" live="published" testId="stat-out" />
        {b.confirmed ? <Stat label="confirmed" live="confirmed" /> : null}
        <Stat label="delivered" live="received" testId="stat-in" />
        <Stat label="ack" live="acked" testId="stat-ack" />
        {b.redelivered ? <Stat label="redeliv." live="redelivered" tone="warn" /> : null}
        {b.failures ? <Stat label="nack/reject" live="failures" tone="bad" /> : null}
        {b.returned ? <Stat label="returned" live="returned" tone="bad" /> : null}
      </div>
    </NodeShell>
  );
});
