import { formatDuration } from '../../../engine/sim/scenario/duration.ts';
import type { GraphDoc } from './graph-doc.ts';
import type { ConsumerDraft, ProducerDraft, ScenarioMeta } from './scenario-doc.ts';

/**
 * Simulated clients the scenario's timeline adds or removes. A client that
 * joins at 20 s (`addProducer`/`addConsumer`) is part of the run, so it is
 * drawn on the graph like the others, marked with when it joins; a client
 * the timeline removes is marked with when it leaves. Editing or deleting a
 * timeline client edits its timeline event.
 */

type TimelineEvent = ScenarioMeta['timeline'][number];
export type ClientKind = 'producer' | 'consumer';

/** When a client is on the graph by the timeline's doing. */
export interface ClientSchedule {
  /** When the timeline adds it (`20s`); absent for the scenario's own clients. */
  joins?: string;
  /** When the timeline removes it. */
  leaves?: string;
}

export interface TimelineClients {
  producers: ProducerDraft[];
  consumers: ConsumerDraft[];
  /** By client id (producers and consumers share one namespace). */
  schedule: Record<string, ClientSchedule>;
}

const atText = (at: number | string): string => (typeof at === 'number' ? formatDuration(at) : at);

/** The id a timeline event is about, and whether it adds or removes that client. */
function clientOf(e: TimelineEvent): { kind: ClientKind; id: string; adds: boolean } | null {
  switch (e.action) {
    case 'addProducer':
      return { kind: 'producer', id: e.producer.id, adds: true };
    case 'addConsumer':
      return { kind: 'consumer', id: e.consumer.id, adds: true };
    case 'removeProducer':
      return { kind: 'producer', id: e.producer, adds: false };
    case 'removeConsumer':
      return { kind: 'consumer', id: e.consumer, adds: false };
    default:
      return null;
  }
}

/** The clients only the timeline brings (first add of an id the scenario lacks), and every client's schedule. */
export function timelineClients(d: Pick<GraphDoc, 'producers' | 'consumers' | 'meta'>): TimelineClients {
  const own = new Set([...d.producers.map((p) => p.id), ...d.consumers.map((c) => c.id)]);
  const out: TimelineClients = { producers: [], consumers: [], schedule: {} };
  for (const e of d.meta.timeline) {
    const c = clientOf(e);
    if (!c) continue;
    const s = (out.schedule[c.id] ??= {});
    if (!c.adds) {
      s.leaves ??= atText(e.at);
      continue;
    }
    if (own.has(c.id) || s.joins !== undefined) continue;
    s.joins = atText(e.at);
    if (e.action === 'addProducer') out.producers.push(e.producer as ProducerDraft);
    if (e.action === 'addConsumer') out.consumers.push(e.consumer as ConsumerDraft);
  }
  return out;
}

/** Every client id in use: the scenario's own and the ones its timeline adds (one namespace). */
export function allClientIds(d: Pick<GraphDoc, 'producers' | 'consumers' | 'meta'>): string[] {
  const t = timelineClients(d);
  return [...d.producers, ...d.consumers, ...t.producers, ...t.consumers].map((c) => c.id);
}

/** Replace a timeline client's spec (maybe renamed): its add event, and every event naming it. */
export function replaceTimelineClient(d: GraphDoc, kind: ClientKind, oldId: string, next: ProducerDraft | ConsumerDraft): GraphDoc {
  const timeline = d.meta.timeline.map((e): TimelineEvent => {
    if (kind === 'producer' && e.action === 'addProducer' && e.producer.id === oldId) return { ...e, producer: next as typeof e.producer };
    if (kind === 'consumer' && e.action === 'addConsumer' && e.consumer.id === oldId) return { ...e, consumer: next as typeof e.consumer };
    return renameIn(e, kind, oldId, next.id);
  });
  return { ...d, meta: { ...d.meta, timeline, assertions: renameInAssertions(d.meta.assertions, kind, oldId, next.id) } };
}

type Assertion = ScenarioMeta['assertions'][number];

/** Assertions about a renamed client (a scope `{consumer: 'helper'}` or `'helper#2'`, a fair share) follow it. */
function renameInAssertions(list: readonly Assertion[], kind: ClientKind, from: string, to: string): Assertion[] {
  if (from === to) return [...list];
  const rn = (ref: string): string => (ref === from ? to : ref.startsWith(`${from}#`) ? `${to}${ref.slice(from.length)}` : ref);
  return list.map((a) => {
    let out = a;
    if ('scope' in out && out.scope && kind in out.scope) {
      const scope = out.scope as Record<string, string>;
      out = { ...out, scope: { [kind]: rn(scope[kind] ?? '') } } as Assertion;
    }
    if (kind === 'consumer' && out.type === 'fairShare') out = { ...out, consumer: rn(out.consumer) };
    return out;
  });
}

/**
 * Without these clients' timeline events (their add, and every event naming
 * them) and without the assertions about them only: a scenario that names a
 * client it no longer has does not load.
 */
export function removeTimelineClients(meta: ScenarioMeta, producers: readonly string[], consumers: readonly string[]): ScenarioMeta {
  if (producers.length === 0 && consumers.length === 0) return meta;
  const gone = (kind: ClientKind, ref: string): boolean => (kind === 'producer' ? producers : consumers).includes(ref.replace(/#\d+$/, ''));
  const timeline = meta.timeline.filter((e) => {
    const c = clientOf(e) ?? namedBy(e);
    return !(c && gone(c.kind, c.id));
  });
  const assertions = meta.assertions.filter((a) => {
    if (a.type === 'fairShare' && gone('consumer', a.consumer)) return false;
    const scope = 'scope' in a ? (a.scope as Partial<Record<string, string>> | undefined) : undefined;
    return !((scope?.['producer'] !== undefined && gone('producer', scope['producer'])) || (scope?.['consumer'] !== undefined && gone('consumer', scope['consumer'])));
  });
  return timeline.length === meta.timeline.length && assertions.length === meta.assertions.length ? meta : { ...meta, timeline, assertions };
}

/** Other events that name a client: a rate change, a consumer kill. */
function namedBy(e: TimelineEvent): { kind: ClientKind; id: string } | null {
  if (e.action === 'setRate') return { kind: 'producer', id: e.producer };
  if (e.action === 'killConsumer') return { kind: 'consumer', id: e.consumer };
  return null;
}

function renameIn(e: TimelineEvent, kind: ClientKind, from: string, to: string): TimelineEvent {
  if (from === to) return e;
  if (kind === 'producer' && (e.action === 'removeProducer' || e.action === 'setRate') && e.producer === from) return { ...e, producer: to };
  if (kind === 'consumer' && (e.action === 'removeConsumer' || e.action === 'killConsumer') && e.consumer === from) return { ...e, consumer: to };
  return e;
}
