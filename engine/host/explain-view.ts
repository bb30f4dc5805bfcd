/**
 * Route explain as it crosses the contract: the engine's `RouteExplanation`
 * (engine/core/route-explain.ts) made JSON-safe. Bindings carry the snapshot's
 * edge id and their arguments as JSON, so a renderer finds them on its graph.
 */
import type { BindingVerdict, ExplainHop, RouteExplanation } from '../core/route-explain.ts';
import type { EnqueueResult } from '../core/enqueue-forecast.ts';
import type { JsonFieldTable } from './field-json.ts';
import { toJsonTable } from './field-json.ts';
import { bindingEdgeId } from './topology-snapshot.ts';

export interface ExplainBindingView {
  /** The binding's id in the topology snapshot (`BindingEdge.id`). */
  id: string;
  source: string;
  destination: string;
  destinationType: 'queue' | 'exchange';
  routingKey: string;
  arguments: JsonFieldTable;
  matched: boolean;
  /** Why it matched or not, in words. */
  reason: string;
  /** Matched, but its destination had already been reached for this message. */
  alreadyReached: boolean;
}

export interface ExplainHopView {
  exchange: string;
  type: string;
  internal: boolean;
  /** The message's routing key. */
  routingKey: string;
  /** Every key this exchange routed: the routing key, then CC/BCC keys. */
  keys: string[];
  via: 'publish' | 'binding' | 'alternate';
  /** The exchange the message came from (binding or alternate), else null. */
  from: string | null;
  /** The binding it came through, else null. */
  viaBinding: string | null;
  /** How the message arrived, in words. */
  text: string;
  /** Matched bindings first, then unmatched ones. */
  bindings: ExplainBindingView[];
  /** Unmatched bindings left out. */
  omitted: number;
  /** The default exchange: the queue named by each key. */
  defaultQueues: { name: string; exists: boolean }[] | null;
  alternate: { name: string; status: 'followed' | 'missing' | 'already-walked' } | null;
  /** Why nothing matched here, or null when something did. */
  unmatchedText: string | null;
}

export interface ExplainQueueView {
  queue: string;
  result: EnqueueResult;
  text: string;
}

/** Where a message would go, and why (`route:explain`, and `queue:publish` with `trace`): the engine's answer, JSON-safe. */
export type RouteExplanationView = Omit<RouteExplanation, 'refused' | 'hops' | 'queues'> & {
  refused: { replyCode: number; text: string } | null;
  hops: ExplainHopView[];
  queues: ExplainQueueView[];
};

function bindingView(vhost: string, v: BindingVerdict): ExplainBindingView {
  const b = v.binding;
  return {
    id: bindingEdgeId(vhost, b.key),
    source: b.source,
    destination: b.destination,
    destinationType: b.destinationType,
    routingKey: b.routingKey,
    arguments: toJsonTable(b.arguments),
    matched: v.matched,
    reason: v.reason,
    alreadyReached: v.alreadyReached,
  };
}

function hopView(vhost: string, h: ExplainHop): ExplainHopView {
  const via = h.via;
  return {
    exchange: h.exchange.name,
    type: h.exchange.type,
    internal: h.exchange.internal,
    routingKey: h.routingKey,
    keys: h.keys,
    via: via.kind,
    from: via.kind === 'binding' || via.kind === 'alternate' ? via.from : null,
    viaBinding: via.kind === 'binding' ? bindingEdgeId(vhost, via.binding.key) : null,
    text: h.text,
    bindings: h.bindings.map((v) => bindingView(vhost, v)),
    omitted: h.omitted,
    defaultQueues: h.defaultQueues ?? null,
    alternate: h.alternate ?? null,
    unmatchedText: h.unmatchedText ?? null,
  };
}

/** The JSON form of an explanation. */
export function explanationView(e: RouteExplanation): RouteExplanationView {
  return {
    vhost: e.vhost,
    exchange: e.exchange,
    routingKey: e.routingKey,
    keys: e.keys,
    mandatory: e.mandatory,
    outcome: e.outcome,
    usedAlternate: e.usedAlternate,
    summary: e.summary,
    refused: e.refused ?? null,
    hops: e.hops.map((h) => hopView(e.vhost, h)),
    queues: e.queues.map((q) => ({ queue: q.queue, result: q.result, text: q.text })),
  };
}
