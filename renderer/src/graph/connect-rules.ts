import type { GraphDoc } from '../model/graph-doc.ts';
import { defaultBinding } from '../model/graph-doc.ts';
import { bindingKey } from '../model/topology-model.ts';
import type { AppNode } from './flow-types.ts';

/** What dragging from one handle to another means, or why it means nothing. */
export type ConnectPlan = { ok: true; label: string; apply: (d: GraphDoc) => GraphDoc } | { ok: false; reason: string };

/**
 * The connections the graph allows: exchange → queue and exchange → exchange
 * bind; producer → exchange (or → queue, through the default exchange) sets
 * where it publishes; queue → consumer sets what it consumes.
 */
export function planConnect(source: AppNode | undefined, target: AppNode | undefined): ConnectPlan {
  if (!source || !target || source.id === target.id) return { ok: false, reason: 'connect two different elements' };
  const s = source.data;
  const t = target.data;
  if (s.kind === 'exchange' && (t.kind === 'queue' || t.kind === 'exchange')) {
    const destType = t.kind;
    const dest = t.kind === 'queue' ? t.queue.name : t.exchange.name;
    if (s.exchange.name === '') return { ok: false, reason: 'the default exchange cannot be bound explicitly' };
    const b = defaultBinding(s.exchange, dest, destType);
    return {
      ok: true,
      label: `bind ${destType} '${dest}' to '${s.exchange.name}'`,
      apply: (d) => (d.model.bindings.some((x) => bindingKey(x) === bindingKey(b)) ? d : { ...d, model: { ...d.model, bindings: [...d.model.bindings, b] } }),
    };
  }
  if (s.kind === 'producer' && (t.kind === 'exchange' || t.kind === 'queue')) {
    const id = s.producer.id;
    const patch = t.kind === 'exchange' ? { exchange: t.exchange.name } : { exchange: '', routingKey: t.queue.name };
    const label = t.kind === 'exchange' ? `'${id}' publishes to exchange '${t.exchange.name}'` : `'${id}' publishes to queue '${t.queue.name}' through the default exchange`;
    return { ok: true, label, apply: (d) => ({ ...d, producers: d.producers.map((p) => (p.id === id ? { ...p, ...patch } : p)) }) };
  }
  if (s.kind === 'queue' && t.kind === 'consumer') {
    const id = t.consumer.id;
    const queue = s.queue.name;
    return {
      ok: true,
      label: `'${id}' consumes from queue '${queue}'`,
      apply: (d) => ({
        ...d,
        consumers: d.consumers.map((c) => {
          if (c.id !== id) return c;
          const { ownQueue: _o, ...rest } = c;
          return { ...rest, queue };
        }),
      }),
    };
  }
  return { ok: false, reason: `a ${s.kind} cannot connect to a ${t.kind}` };
}
