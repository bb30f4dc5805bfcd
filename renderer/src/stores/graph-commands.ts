import type { AppNode, XY } from '../graph/flow-types.ts';
import { planConnect } from '../graph/connect-rules.ts';
import { copyClip, pasteClip } from '../model/clipboard.ts';
import type { GraphDoc, QueueFlavour, Removal } from '../model/graph-doc.ts';
import { clientIds, newConsumer, newExchange, newProducer, newQueue, noRemoval, removeElements, uniqueName } from '../model/graph-doc.ts';
import { consumerNodeId, producerNodeId } from '../model/live-stats.ts';
import { exchangeId, queueId } from '../model/topology-model.ts';
import type { AppStores } from './store-context.tsx';

/** What the palette offers. */
export type PaletteItem =
  | { kind: 'exchange'; variant: 'direct' | 'fanout' | 'topic' | 'headers' }
  | { kind: 'queue'; variant: QueueFlavour }
  | { kind: 'producer' }
  | { kind: 'consumer' };

/** Select elements from code (a palette add, the log, an inspector rename): on the canvas and in the UI state. */
export function selectIds(s: AppStores, ids: string[]): void {
  s.graph.getState().selectIds(ids);
  s.ui.getState().select(ids);
}

/** Add an element from the palette, at `at` (flow coordinates) or in the first free spot of its column; resolves with its node id. */
export async function addElement(s: AppStores, item: PaletteItem, at?: XY): Promise<string> {
  const g = s.graph.getState();
  const d = g.doc;
  let next: GraphDoc;
  let id: string;
  let label: string;
  switch (item.kind) {
    case 'exchange': {
      const name = uniqueName(item.variant, d.model.exchanges.map((x) => x.name));
      next = { ...d, model: { ...d.model, exchanges: [...d.model.exchanges, newExchange(name, item.variant)] } };
      id = exchangeId(d.model.vhost, name);
      label = `add ${item.variant} exchange`;
      break;
    }
    case 'queue': {
      const name = uniqueName(item.variant === 'classic' ? 'queue' : item.variant, d.model.queues.map((q) => q.name));
      next = { ...d, model: { ...d.model, queues: [...d.model.queues, newQueue(name, item.variant)] } };
      id = queueId(d.model.vhost, name);
      label = `add ${item.variant} queue`;
      break;
    }
    case 'producer': {
      const pid = uniqueName('producer', clientIds(d));
      next = { ...d, producers: [...d.producers, newProducer(pid)] };
      id = producerNodeId(pid);
      label = 'add producer';
      break;
    }
    case 'consumer': {
      const cid = uniqueName('consumer', clientIds(d));
      next = { ...d, consumers: [...d.consumers, newConsumer(cid)] };
      id = consumerNodeId(cid);
      label = 'add consumer';
      break;
    }
  }
  await g.commit(label, next, at ? { [id]: at } : {});
  selectIds(s, [id]);
  return id;
}

/** Connect two nodes (a drag between handles); false with a toast when the graph does not allow it. */
export async function connectNodes(s: AppStores, sourceId: string, targetId: string): Promise<boolean> {
  const g = s.graph.getState();
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const plan = planConnect(byId.get(sourceId), byId.get(targetId));
  if (!plan.ok) {
    s.ui.getState().notify(plan.reason, 'error');
    return false;
  }
  return g.commit(plan.label, plan.apply(g.doc));
}

/** What removing these graph elements means, by kind. */
export function removalOf(nodes: readonly AppNode[], edgeIds: readonly string[], s: AppStores): Removal {
  const r = noRemoval();
  for (const n of nodes) {
    const d = n.data;
    if (d.kind === 'exchange') r.exchanges.push(d.exchange.name);
    else if (d.kind === 'queue') r.queues.push(d.queue.name);
    else if (d.kind === 'producer') r.producers.push(d.producer.id);
    else if (d.kind === 'consumer') r.consumers.push(d.consumer.id);
  }
  for (const e of s.graph.getState().edges.filter((x) => edgeIds.includes(x.id))) {
    const d = e.data;
    if (d?.kind === 'binding') r.bindings.push(e.id);
    else if (d?.kind === 'publish') r.unlinkProducers.push(e.id.slice('publish:'.length));
    else if (d?.kind === 'consume' && e.id.startsWith('consume:')) r.unlinkConsumers.push(e.id.slice('consume:'.length));
  }
  return r;
}

/** Delete the selected elements (Delete key, toolbar). */
export async function deleteSelected(s: AppStores): Promise<void> {
  const g = s.graph.getState();
  const ids = new Set(s.ui.getState().selection);
  const nodes = g.nodes.filter((n) => ids.has(n.id));
  const r = removalOf(nodes, [...ids], s);
  const n = Object.values(r).reduce((sum, list) => sum + list.length, 0);
  if (n === 0) return;
  selectIds(s, []);
  await g.commit(`delete ${n} element${n === 1 ? '' : 's'}`, removeElements(g.doc, r));
}

/** Copy the selected nodes (and the bindings among them). */
export function copySelected(s: AppStores): number {
  const g = s.graph.getState();
  const ids = new Set(s.ui.getState().selection);
  const r = removalOf(g.nodes.filter((n) => ids.has(n.id)), [], s);
  const clip = copyClip(g.doc, { exchanges: r.exchanges, queues: r.queues, producers: r.producers, consumers: r.consumers });
  const count = clip.exchanges.length + clip.queues.length + clip.producers.length + clip.consumers.length;
  if (count > 0) g.setClip(clip);
  return count;
}

/** Paste the clipboard beside the originals. */
export async function paste(s: AppStores): Promise<void> {
  const g = s.graph.getState();
  if (!g.clip) return;
  const { doc, renames } = pasteClip(g.doc, g.clip);
  const v = doc.model.vhost;
  const idOf = (kind: string, name: string): string =>
    kind === 'exchange' ? exchangeId(v, name) : kind === 'queue' ? queueId(v, name) : kind === 'producer' ? producerNodeId(name) : consumerNodeId(name);
  const pos = new Map(g.nodes.map((n) => [n.id, n.position]));
  const hints: Record<string, XY> = {};
  // Copies go just below the originals, keeping their arrangement.
  const ys = renames.map((r) => pos.get(idOf(r.kind, r.from))?.y).filter((y) => y !== undefined);
  const dy = ys.length > 0 ? Math.max(...ys) - Math.min(...ys) + 150 : 150;
  for (const r of renames) {
    const p = pos.get(idOf(r.kind, r.from));
    if (p) hints[idOf(r.kind, r.to)] = { x: p.x, y: p.y + dy };
  }
  await g.commit(`paste ${renames.length} element${renames.length === 1 ? '' : 's'}`, doc, hints);
  selectIds(s, renames.map((r) => idOf(r.kind, r.to)));
}
