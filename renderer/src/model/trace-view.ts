import type { ExplainBindingView, ExplainHopView, RouteExplanationView } from '../../../engine/host/explain-view.ts';
import type { BindingModel } from './topology-model.ts';
import { bindingKey, destinationId, exchangeId, queueId } from './topology-model.ts';

/** One line of a trace's explanation, pointing at what it is about. */
export interface TraceStep {
  kind: 'publish' | 'hop' | 'match' | 'no-match' | 'alternate' | 'deliver' | 'rejected' | 'unroutable' | 'refused' | 'more';
  text: string;
  nodeId?: string;
  edgeId?: string;
}

/** A trace as the graph shows it: the engine's explanation laid out as steps, and what to highlight. */
export interface RouteTrace {
  queues: string[];
  steps: TraceStep[];
  /** Every node and edge on the path, for highlighting. */
  nodeIds: string[];
  edgeIds: string[];
  outcome: RouteExplanationView['outcome'];
  summary: string;
}

/** The graph edge id of an exchange's alternate-exchange link. */
export const alternateEdgeId = (exchange: string): string => `ae:${encodeURIComponent(exchange)}`;

/** Unmatched bindings listed per exchange before "and N more". */
const UNMATCHED_LINES = 4;

/**
 * Lay out the engine's route explanation (`route:explain`) for the trace
 * card and the graph: the words are the engine's, the ids the graph's.
 */
export function traceFromExplanation(e: RouteExplanationView): RouteTrace {
  const v = e.vhost;
  const steps: TraceStep[] = [];
  const nodeIds = new Set<string>();
  const edgeIds = new Set<string>();
  for (const h of e.hops) {
    const node = h.exchange === '' ? undefined : exchangeId(v, h.exchange);
    if (node) nodeIds.add(node);
    steps.push(hopStep(h, node));
    if (h.via === 'alternate' && h.from !== null) edgeIds.add(alternateEdgeId(h.from));
    const unmatched = h.bindings.filter((b) => !b.matched);
    for (const b of h.bindings.filter((x) => x.matched)) {
      const edgeId = bindingKey(modelOf(b));
      edgeIds.add(edgeId);
      nodeIds.add(destinationId(v, modelOf(b)));
      steps.push({ kind: 'match', text: `${bindingLabel(h, b)}: ${b.reason}${b.alreadyReached ? ` (already reached: ${b.destinationType === 'queue' ? 'one copy per queue' : 'each exchange is walked once'})` : ''}.`, edgeId });
    }
    for (const b of unmatched.slice(0, UNMATCHED_LINES)) steps.push({ kind: 'no-match', text: `${bindingLabel(h, b)}: ${b.reason}.`, edgeId: bindingKey(modelOf(b)) });
    const more = unmatched.length - UNMATCHED_LINES + h.omitted;
    if (more > 0) steps.push({ kind: 'more', text: `…and ${more} more binding${more === 1 ? '' : 's'} of '${h.exchange}' that did not match.` });
    if (h.unmatchedText !== null) steps.push({ kind: 'no-match', text: h.unmatchedText, ...(node && { nodeId: node }) });
  }
  for (const q of e.queues) {
    nodeIds.add(queueId(v, q.queue));
    steps.push({ kind: q.result === 'rejected' || q.result === 'rejected-dlx' ? 'rejected' : 'deliver', text: q.text, nodeId: queueId(v, q.queue) });
  }
  if (e.refused) steps.push({ kind: 'refused', text: e.refused.text });
  else if (e.queues.length === 0) steps.push({ kind: 'unroutable', text: e.summary });
  return { queues: e.queues.map((q) => q.queue), steps, nodeIds: [...nodeIds], edgeIds: [...edgeIds], outcome: e.outcome, summary: e.summary };
}

function hopStep(h: ExplainHopView, node: string | undefined): TraceStep {
  const kind = h.via === 'alternate' ? 'alternate' : h.via === 'publish' ? 'publish' : 'hop';
  return { kind, text: h.text, ...(node && { nodeId: node }), ...(h.via === 'alternate' && h.from !== null && { edgeId: alternateEdgeId(h.from) }) };
}

function modelOf(b: ExplainBindingView): BindingModel {
  return { source: b.source, destination: b.destination, destinationType: b.destinationType, routingKey: b.routingKey, arguments: b.arguments };
}

/** A binding the way a learner reads it for its exchange's type. */
function bindingLabel(h: ExplainHopView, b: ExplainBindingView): string {
  const to = `${b.destinationType} '${b.destination}'`;
  if (h.type === 'fanout') return `Binding to ${to}`;
  if (h.type === 'headers') {
    const { 'x-match': mode, ...rest } = b.arguments;
    const pairs = Object.entries(rest).map(([k, val]) => `${k}=${JSON.stringify(val)}`);
    return `Binding x-match=${String(mode ?? 'all')} {${pairs.join(', ')}} → ${to}`;
  }
  return `Binding '${b.routingKey}' → ${to}`;
}
