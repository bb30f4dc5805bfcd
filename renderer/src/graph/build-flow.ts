import type { TopologyModel } from '../model/topology-model.ts';
import { bindingKey, destinationId, exchangeId, queueId, stableJson } from '../model/topology-model.ts';
import type { ConsumerDraft, ProducerDraft } from '../model/scenario-doc.ts';
import type { ClientSchedule } from '../model/timeline-clients.ts';
import { clientPublishId, consumerNodeId, producerNodeId } from '../model/live-stats.ts';
import { alternateEdgeId } from '../model/trace-view.ts';
import type { EffectiveLink } from '../model/policy-model.ts';
import { effectiveLinks } from '../model/policy-model.ts';
import type { AppEdge, AppNode, FlowEdgeData, RealClient, XY } from './flow-types.ts';
import { placeNewNodes } from './layout.ts';
import type { DotKey } from './edges/dot-colors.ts';
import { templateKeys } from './edges/dot-colors.ts';
import { bindingDotKey } from './edges/binding-label.ts';

type Links = ReturnType<typeof effectiveLinks>;

/** What the graph is drawn from. */
export interface FlowInput {
  model: TopologyModel;
  /** Ids of elements the engine does not have (pending or refused). */
  draftIds: ReadonlySet<string>;
  /** RabbitMQ's error text per element id. */
  errors: Readonly<Record<string, string>>;
  producers: readonly ProducerDraft[];
  consumers: readonly ConsumerDraft[];
  /** Validation problem per client node id. */
  issues: Readonly<Record<string, string>>;
  realClients: readonly RealClient[];
  prevNodes: readonly AppNode[];
  /** Where to put nodes that have no position yet (palette drops, pastes, renames). */
  hints: Readonly<Record<string, XY>>;
  /** When the timeline adds or removes clients, by client id (`producers`/`consumers` include the ones it adds). */
  schedule?: Readonly<Record<string, ClientSchedule>>;
}

/** Built-in exchanges appear only when something refers to them; the default exchange never does. */
function visibleExchanges(m: TopologyModel, links: Links, producers: readonly ProducerDraft[], clients: readonly RealClient[]): Set<string> {
  const used = new Set<string>();
  for (const c of clients) for (const x of c.publishesTo) used.add(x);
  for (const b of m.bindings) {
    used.add(b.source);
    if (b.destinationType === 'exchange') used.add(b.destination);
  }
  for (const p of producers) used.add(p.exchange ?? '');
  for (const l of links.alternate.values()) used.add(l.exchange);
  for (const l of links.deadLetter.values()) used.add(l.exchange);
  return new Set(m.exchanges.filter((x) => x.name !== '' && (!x.builtIn || used.has(x.name))).map((x) => x.name));
}

/**
 * The React Flow nodes and edges for a model, clients and real connections.
 * Pure. Nodes keep their previous position, selection and measured size,
 * and their previous object when nothing about them changed, so React Flow
 * re-renders only what did.
 */
export function buildFlow(input: FlowInput): { nodes: AppNode[]; edges: AppEdge[]; laidOut: boolean; placed: number } {
  const { model: m, errors, draftIds } = input;
  const v = m.vhost;
  const links = effectiveLinks(m);
  const shown = visibleExchanges(m, links, input.producers, input.realClients);
  const fresh: AppNode[] = [];
  for (const x of m.exchanges) {
    if (!shown.has(x.name)) continue;
    const id = exchangeId(v, x.name);
    fresh.push({ id, type: 'exchange', position: { x: 0, y: 0 }, data: { kind: 'exchange', vhost: v, exchange: x, alternate: links.alternate.has(x.name), draft: draftIds.has(id), error: errors[id] ?? null } });
  }
  for (const q of m.queues) {
    const id = queueId(v, q.name);
    fresh.push({ id, type: 'queue', position: { x: 0, y: 0 }, data: { kind: 'queue', vhost: v, queue: q, effective: links.queueArgs.get(q.name) ?? q.arguments, deadLetters: links.deadLetter.has(q.name), draft: draftIds.has(id), error: errors[id] ?? null } });
  }
  for (const p of input.producers) {
    const id = producerNodeId(p.id);
    fresh.push({ id, type: 'producer', position: { x: 0, y: 0 }, data: { kind: 'producer', producer: p, issue: input.issues[id] ?? null, schedule: input.schedule?.[p.id] ?? null } });
  }
  for (const c of input.consumers) {
    const id = consumerNodeId(c.id);
    fresh.push({ id, type: 'consumer', position: { x: 0, y: 0 }, data: { kind: 'consumer', consumer: c, issue: input.issues[id] ?? null, schedule: input.schedule?.[c.id] ?? null } });
  }
  for (const c of input.realClients) fresh.push({ id: c.id, type: 'client', position: { x: 0, y: 0 }, data: { kind: 'client', connection: c } });

  for (const n of fresh) n.ariaLabel = nodeLabel(n);
  const edges = buildEdges(input, shown, links);
  for (const e of edges) e.ariaLabel = edgeLabel(e);
  // A real client that starts or stops publishing or consuming is placed again, in its new column.
  const prev = new Map(input.prevNodes.filter((n) => n.type !== 'client' || clientRole(n) === clientRole(fresh.find((f) => f.id === n.id))).map((n) => [n.id, n]));
  const nodes = fresh.map((n) => {
    const old = prev.get(n.id);
    if (!old) return n;
    if (old.type === n.type && stableJson(old.data) === stableJson(n.data)) return old;
    return { ...n, position: old.position, ...(old.selected !== undefined && { selected: old.selected }), ...(old.measured && { measured: old.measured }) } as AppNode;
  });
  const placed = placeNewNodes(nodes, edges, prev, input.hints);
  return { nodes: placed.nodes, edges, laidOut: placed.laidOut, placed: placed.placed };
}

function buildEdges(input: FlowInput, shown: ReadonlySet<string>, links: Links): AppEdge[] {
  const { model: m, errors, draftIds } = input;
  const v = m.vhost;
  const types = new Map(m.exchanges.map((x) => [x.name, x.type]));
  const queues = new Set(m.queues.map((q) => q.name));
  /** The keys that reach a queue: its bindings' (weighed by their rates), and its own name through the default exchange. */
  const keysInto = (queue: string): DotKey[] => [
    ...m.bindings.filter((b) => b.destinationType === 'queue' && b.destination === queue).map((b) => ({ key: bindingDotKey(types.get(b.source) ?? 'direct', b), binding: bindingKey(b) })),
    ...(input.producers.some((p) => (p.exchange ?? '') === '' && p.routingKey === queue) || input.realClients.some((c) => c.sendsTo.includes(queue)) ? [{ key: queue }] : []),
  ];
  const edges: AppEdge[] = [];
  const pairs = new Map<string, number>();
  const pairOf = (b: { source: string; destinationType: string; destination: string }): string => `${b.source}>${b.destinationType}:${b.destination}`;
  for (const b of m.bindings) pairs.set(pairOf(b), (pairs.get(pairOf(b)) ?? 0) + 1);
  const lanes = new Map<string, number>();
  for (const b of m.bindings) {
    const id = bindingKey(b);
    if (!shown.has(b.source)) continue;
    const lane = lanes.get(pairOf(b)) ?? 0;
    lanes.set(pairOf(b), lane + 1);
    edges.push({
      id,
      type: 'binding',
      source: exchangeId(v, b.source),
      sourceHandle: 'out',
      target: destinationId(v, b),
      targetHandle: 'in',
      data: { kind: 'binding', vhost: v, binding: b, exchangeType: types.get(b.source) ?? 'direct', draft: draftIds.has(id), error: errors[id] ?? null, lane, lanes: pairs.get(pairOf(b)) ?? 1 },
    });
  }
  for (const p of input.producers) {
    const src = producerNodeId(p.id);
    const x = p.exchange ?? '';
    const rk = p.routingKey ?? '';
    const keys = templateKeys(rk).map((key) => ({ key }));
    if (x === '' && queues.has(rk)) edges.push(flow(`publish:${p.id}`, src, queueId(v, rk), 'publish', 'default exchange', src, 'out', keys));
    else if (x !== '' && shown.has(x)) edges.push(flow(`publish:${p.id}`, src, exchangeId(v, x), 'publish', rk, src, 'out', keys));
  }
  for (const c of input.consumers) {
    const dst = consumerNodeId(c.id);
    if (c.queue !== undefined && queues.has(c.queue)) edges.push(flow(`consume:${c.id}`, queueId(v, c.queue), dst, 'consume', '', dst, 'in', keysInto(c.queue)));
    // A consumer's own queue: one edge per exchange it binds to, with all its keys.
    const keysBy = new Map<string, string[]>();
    for (const b of c.ownQueue?.bindings ?? []) keysBy.set(b.exchange, [...(keysBy.get(b.exchange) ?? []), b.routingKey ?? '']);
    for (const [x, keys] of keysBy) {
      const shownKeys = keys.filter((k) => k !== '');
      if (shown.has(x)) edges.push(flow(`own:${c.id}:${x}`, exchangeId(v, x), dst, 'consume', `own queue${shownKeys.length ? ` · ${shownKeys.join(', ')}` : ''}`, dst, 'in', keys.map((key) => ({ key }))));
    }
  }
  for (const rc of input.realClients) {
    // Server-named consumer tags (amq.ctag-…) say nothing to a reader: show them as "consumer".
    for (const k of rc.consumes) if (queues.has(k.queue)) edges.push(flow(`client:${rc.number}:${k.tag}`, queueId(v, k.queue), rc.id, 'client', k.tag.startsWith('amq.ctag-') ? 'consumer' : k.tag, rc.id, 'in', keysInto(k.queue)));
    // What it publishes: one edge per exchange, and per queue it addressed through the default exchange.
    for (const x of rc.publishesTo) {
      const target = exchangeId(v, x);
      if (shown.has(x)) edges.push(flow(`client-publish:${rc.number}:${target}`, rc.id, target, 'client-publish', '', clientPublishId(rc.number, target), 'out', []));
    }
    for (const q of rc.sendsTo) {
      const target = queueId(v, q);
      if (queues.has(q)) edges.push(flow(`client-publish:${rc.number}:${target}`, rc.id, target, 'client-publish', 'default exchange', clientPublishId(rc.number, target), 'out', [{ key: q }]));
    }
  }
  // Dead-letter and alternate links as the broker follows them: a policy's draw like an argument's, labelled so.
  const by = (l: EffectiveLink): string => (l.viaPolicy ? ' (policy)' : '');
  for (const [name, l] of links.deadLetter) {
    const src = queueId(v, name);
    const target = l.exchange === '' ? (queues.has(l.routingKey) ? queueId(v, l.routingKey) : null) : shown.has(l.exchange) ? exchangeId(v, l.exchange) : null;
    const label = `dead-letter${by(l)}${l.routingKey ? ` · ${l.routingKey}` : ''}`;
    if (target) edges.push({ id: `dlx:${encodeURIComponent(name)}`, type: 'link', source: src, sourceHandle: 'dl', target, targetHandle: 'in', data: { kind: 'dead-letter', label, rateOf: src, ...(l.routingKey && { key: l.routingKey }) } });
  }
  for (const [name, l] of links.alternate) {
    if (!shown.has(l.exchange) || !shown.has(name)) continue;
    edges.push({ id: alternateEdgeId(name), type: 'link', source: exchangeId(v, name), sourceHandle: 'ae', target: exchangeId(v, l.exchange), targetHandle: 'in', data: { kind: 'alternate', label: `alternate${by(l)}`, rateOf: exchangeId(v, name) } });
  }
  return edges;
}

/** What a real client does, for placement: publishes, consumes, both or neither. */
function clientRole(n: AppNode | undefined): string {
  if (n?.type !== 'client') return '';
  const c = n.data.connection;
  return `${c.publishesTo.length + c.sendsTo.length > 0 ? 'p' : ''}${c.consumes.length > 0 ? 'c' : ''}`;
}

function flow(id: string, source: string, target: string, kind: FlowEdgeData['kind'], label: string, rateOf: string, rateSide: 'in' | 'out', keys: DotKey[]): AppEdge {
  return { id, type: 'flow', source, sourceHandle: 'out', target, targetHandle: 'in', data: { kind, label, rateOf, rateSide, keys } };
}

/** What a screen reader says for a node. */
function nodeLabel(n: AppNode): string {
  const d = n.data;
  switch (d.kind) {
    case 'exchange':
      return `${d.exchange.type} exchange ${d.exchange.name}${d.draft ? ' (not declared)' : ''}${d.error ? `, error: ${d.error}` : ''}`;
    case 'queue':
      return `queue ${d.queue.name}${d.draft ? ' (not declared)' : ''}${d.error ? `, error: ${d.error}` : ''}`;
    case 'producer':
      return `simulated producer ${d.producer.id}${scheduleText(d.schedule)}${d.issue ? `, ${d.issue}` : ''}`;
    case 'consumer':
      return `simulated consumer ${d.consumer.id}${scheduleText(d.schedule)}${d.issue ? `, ${d.issue}` : ''}`;
    case 'client':
      return `real AMQP client ${d.connection.name || d.connection.number}`;
  }
}

/** `, joins at 20s, leaves at 40s` for a client the timeline adds or removes. */
export function scheduleText(s: ClientSchedule | null): string {
  return `${s?.joins ? `, joins at ${s.joins}` : ''}${s?.leaves ? `, leaves at ${s.leaves}` : ''}`;
}

/** What a screen reader says for an edge. */
function edgeLabel(e: AppEdge): string {
  const d = e.data;
  if (!d) return 'link';
  switch (d.kind) {
    case 'binding':
      return `binding from exchange ${d.binding.source} to ${d.binding.destinationType} ${d.binding.destination}, key '${d.binding.routingKey}'`;
    case 'publish':
    case 'client-publish':
      return `publishes to ${e.target.replace(/^\w+:%2F\//, '')}${d.label ? ` (${d.label})` : ''}`;
    case 'consume':
    case 'client':
      return `consumes from ${e.source.replace(/^\w+:%2F\//, '')}`;
    case 'dead-letter':
      return `dead-letters to ${e.target.replace(/^\w+:%2F\//, '')}`;
    case 'alternate':
      return `alternate exchange ${e.target.replace(/^\w+:%2F\//, '')}`;
  }
}
