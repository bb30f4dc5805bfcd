import type { Binding } from '../../../engine/core/binding.ts';
import { makeBinding } from '../../../engine/core/binding.ts';
import type { FieldTable } from '../../../engine/core/field-value.ts';
import { createRouter } from '../../../engine/core/exchanges/registry.ts';
import type { JsonFieldTable } from '../../../engine/host/field-json.ts';
import type { BindingModel, ExchangeModel, TopologyModel } from './topology-model.ts';
import { bindingKey, exchangeId, queueId } from './topology-model.ts';

/** One line of a trace's explanation, pointing at what it is about. */
export interface TraceStep {
  kind: 'publish' | 'match' | 'no-match' | 'alternate' | 'default' | 'deliver' | 'unroutable' | 'refused';
  text: string;
  nodeId?: string;
  edgeId?: string;
}

/** Where a message would go, and why. */
export interface RouteTrace {
  queues: string[];
  steps: TraceStep[];
  /** Every node and edge on the path, for highlighting. */
  nodeIds: string[];
  edgeIds: string[];
  outcome: 'routed' | 'returned' | 'dropped' | 'refused';
  summary: string;
}

type TracedBinding = Binding & { model: BindingModel };

/** The graph edge id of an exchange's alternate-exchange link. */
export const alternateEdgeId = (exchange: string): string => `ae:${encodeURIComponent(exchange)}`;

/**
 * Explain how a publish would be routed through `model`, using the engine's
 * own exchange routers (one per type) so the answer is the broker's: which
 * bindings matched, exchange-to-exchange hops (each exchange once), the
 * alternate exchange of any exchange that matched nothing, and what happens
 * to an unroutable message (mandatory: returned with 312 NO_ROUTE).
 */
export function traceRoute(model: TopologyModel, exchange: string, routingKey: string, headers: JsonFieldTable | undefined, mandatory = true): RouteTrace {
  const v = model.vhost;
  const steps: TraceStep[] = [];
  const nodeIds = new Set<string>();
  const edgeIds = new Set<string>();
  const queues: string[] = [];
  const done = (outcome: RouteTrace['outcome'], summary: string): RouteTrace => ({ queues, steps, nodeIds: [...nodeIds], edgeIds: [...edgeIds], outcome, summary });

  if (exchange === '') {
    steps.push({ kind: 'default', text: `The default exchange routes to the queue named by the routing key '${routingKey}'.` });
    if (model.queues.some((q) => q.name === routingKey)) {
      queues.push(routingKey);
      nodeIds.add(queueId(v, routingKey));
      steps.push({ kind: 'deliver', text: `Enqueued on queue '${routingKey}'.`, nodeId: queueId(v, routingKey) });
      return done('routed', `Routed to 1 queue: ${routingKey}`);
    }
    return unroutable(steps, mandatory, `there is no queue '${routingKey}'`, done);
  }
  const byName = new Map(model.exchanges.map((x) => [x.name, x]));
  const first = byName.get(exchange);
  if (!first) {
    steps.push({ kind: 'refused', text: `NOT_FOUND - no exchange '${exchange}' in vhost '${v}'` });
    return done('refused', `Refused: 404 NOT_FOUND - no exchange '${exchange}' in vhost '${v}'`);
  }
  if (first.internal) {
    steps.push({ kind: 'refused', text: `ACCESS_REFUSED - cannot publish to internal exchange '${exchange}' in vhost '${v}'`, nodeId: exchangeId(v, exchange) });
    return done('refused', `Refused: 403 ACCESS_REFUSED - cannot publish to internal exchange '${exchange}' in vhost '${v}'`);
  }
  const routers = buildRouters(model);
  const visited = new Set<string>([exchange]);
  const pending: ExchangeModel[] = [first];
  steps.push({ kind: 'publish', text: `Published to ${first.type} exchange '${exchange}' with routing key '${routingKey}'.`, nodeId: exchangeId(v, exchange) });
  nodeIds.add(exchangeId(v, exchange));
  for (let x = pending.shift(); x; x = pending.shift()) {
    const matched: TracedBinding[] = [];
    routers.get(x.name)?.route(routingKey, headers as FieldTable | undefined, (b) => void matched.push(b));
    for (const b of matched) {
      const edge = bindingKey(b.model);
      edgeIds.add(edge);
      steps.push({ kind: 'match', text: `'${x.name}' matched binding ${describeBinding(x, b.model)} → ${b.destinationType} '${b.destination}'.`, edgeId: edge });
      if (b.destinationType === 'queue') {
        if (!queues.includes(b.destination)) queues.push(b.destination);
        nodeIds.add(queueId(v, b.destination));
      } else if (!visited.has(b.destination)) {
        const next = byName.get(b.destination);
        visited.add(b.destination);
        nodeIds.add(exchangeId(v, b.destination));
        if (next) pending.push(next);
      }
    }
    if (matched.length > 0) continue;
    steps.push({ kind: 'no-match', text: noMatchText(x, routingKey), nodeId: exchangeId(v, x.name) });
    const ae = typeof x.arguments['alternate-exchange'] === 'string' ? x.arguments['alternate-exchange'] : undefined;
    const aeX = ae === undefined ? undefined : byName.get(ae);
    if (ae !== undefined && aeX && !visited.has(ae)) {
      visited.add(ae);
      nodeIds.add(exchangeId(v, ae));
      edgeIds.add(alternateEdgeId(x.name));
      steps.push({ kind: 'alternate', text: `Sent to '${x.name}''s alternate exchange '${ae}'.`, edgeId: alternateEdgeId(x.name), nodeId: exchangeId(v, ae) });
      pending.push(aeX);
    }
  }
  if (queues.length === 0) return unroutable(steps, mandatory, 'no binding matched on the whole path', done);
  for (const q of queues) steps.push({ kind: 'deliver', text: `Enqueued on queue '${q}'.`, nodeId: queueId(v, q) });
  return done('routed', `Routed to ${queues.length} queue${queues.length === 1 ? '' : 's'}: ${queues.join(', ')}`);
}

function unroutable(steps: TraceStep[], mandatory: boolean, why: string, done: (o: RouteTrace['outcome'], s: string) => RouteTrace): RouteTrace {
  if (mandatory) {
    steps.push({ kind: 'unroutable', text: `Unroutable (${why}): returned to the publisher with 312 NO_ROUTE (mandatory).` });
    return done('returned', `Unroutable: returned with 312 NO_ROUTE (${why})`);
  }
  steps.push({ kind: 'unroutable', text: `Unroutable (${why}): dropped (not mandatory).` });
  return done('dropped', `Unroutable: dropped (${why})`);
}

function buildRouters(model: TopologyModel): Map<string, ReturnType<typeof createRouter<TracedBinding>>> {
  const routers = new Map<string, ReturnType<typeof createRouter<TracedBinding>>>();
  for (const x of model.exchanges) {
    const r = createRouter<TracedBinding>(x.type);
    if (r) routers.set(x.name, r);
  }
  for (const b of model.bindings) {
    const bound = makeBinding(model.vhost, b.source, b.destinationType, b.destination, b.routingKey, b.arguments as FieldTable);
    routers.get(b.source)?.bind({ ...bound, model: b });
  }
  return routers;
}

/** A binding the way a learner reads it for its exchange type. */
export function describeBinding(x: Pick<ExchangeModel, 'type'>, b: BindingModel): string {
  if (x.type === 'fanout') return '(fanout: every binding matches)';
  if (x.type === 'headers') {
    const { 'x-match': mode, ...rest } = b.arguments;
    const pairs = Object.entries(rest).map(([k, val]) => `${k}=${JSON.stringify(val)}`);
    return `x-match=${String(mode ?? 'all')} {${pairs.join(', ')}}`;
  }
  return `'${b.routingKey}'`;
}

function noMatchText(x: ExchangeModel, rk: string): string {
  if (x.type === 'headers') return `No binding of headers exchange '${x.name}' matched the message's headers.`;
  if (x.type === 'fanout') return `Fanout exchange '${x.name}' has no bindings.`;
  return `No binding of ${x.type} exchange '${x.name}' matched routing key '${rk}'.`;
}
