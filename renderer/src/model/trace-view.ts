import type { ExplainBindingView, ExplainHopView, RouteExplanationView } from '../../../engine/host/explain-view.ts';
import type { BindingModel } from './topology-model.ts';
import { bindingKey, destinationId, exchangeId, queueId } from './topology-model.ts';

/** One line of a trace's explanation, pointing at what it is about. */
export interface TraceStep {
  kind: 'publish' | 'hop' | 'match' | 'no-match' | 'alternate' | 'deliver' | 'rejected' | 'refused' | 'more';
  text: string;
  nodeId?: string;
  edgeId?: string;
  /** Lines shown folded under this one (bindings that did not match, beside ones that did). */
  details?: string[];
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
    const lines = unmatched.map((b) => `${bindingLabel(h, b)}: ${b.reason}.`);
    if (h.omitted > 0) lines.push(`…and ${h.omitted} more.`);
    const others = unmatched.length + h.omitted;
    if (others > 0 && h.unmatchedText === null) {
      // Something matched: the misses are there for the curious, folded.
      steps.push({ kind: 'more', text: `${others} other binding${others === 1 ? '' : 's'} of '${h.exchange}' did not match`, details: lines });
    } else {
      // Nothing matched: the misses are the reason, shown (the first few).
      for (const [i, b] of unmatched.slice(0, UNMATCHED_LINES).entries()) steps.push({ kind: 'no-match', text: lines[i]!, edgeId: bindingKey(modelOf(b)) });
      const more = others - Math.min(unmatched.length, UNMATCHED_LINES);
      if (more > 0) steps.push({ kind: 'more', text: `${more} more binding${more === 1 ? '' : 's'} of '${h.exchange}' did not match either`, details: lines.slice(UNMATCHED_LINES) });
    }
    if (h.unmatchedText !== null) steps.push({ kind: 'no-match', text: h.unmatchedText, ...(node && { nodeId: node }) });
  }
  for (const q of e.queues) {
    nodeIds.add(queueId(v, q.queue));
    steps.push({ kind: q.result === 'rejected' || q.result === 'rejected-dlx' ? 'rejected' : 'deliver', text: q.text, nodeId: queueId(v, q.queue) });
  }
  // An unroutable message's fate is the summary, shown as the card's heading.
  if (e.refused) steps.push({ kind: 'refused', text: e.refused.text });
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
