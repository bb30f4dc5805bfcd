import type { ScenarioIssue } from './scenario/issues.ts';
import { formatIssue } from './scenario/issues.ts';
import type { ConsumerSpec, ProducerSpec } from './scenario/schema-clients.ts';
import type { LiveEdit } from './scenario/schema-live-edit.ts';
import type { TimelineEvent } from './scenario/schema-timeline.ts';
import type { Simulation } from './simulation.ts';

/** A live edit the running simulation cannot take; nothing was changed. */
export class LiveEditError extends Error {
  constructor(readonly issue: ScenarioIssue) {
    super(formatIssue(issue));
    this.name = 'LiveEditError';
  }
}

/** Ids of clients that are running (not removed), by kind. */
function liveIds(sim: Simulation): Map<string, 'producer' | 'consumer'> {
  const out = new Map<string, 'producer' | 'consumer'>();
  for (const p of sim.producers) if (p.removedAt === undefined) out.set(p.spec.id, 'producer');
  for (const c of sim.consumers) if (c.removedAt === undefined) out.set(c.spec.id, 'consumer');
  return out;
}

function checkRunning(ids: Map<string, string>, kind: 'producer' | 'consumer', id: string, path: string): void {
  if (ids.get(id) !== kind) throw new LiveEditError({ path, message: `no ${kind} '${id}' is running` });
}

/** What the scenario loader checks of a client, against the live broker (a remote broker's topology cannot be seen). */
function checkNew(sim: Simulation, ids: Map<string, string>, spec: ProducerSpec | ConsumerSpec, kind: 'producer' | 'consumer', path: string, replacing?: string): void {
  if (ids.has(spec.id) && spec.id !== replacing) throw new LiveEditError({ path: `${path}.id`, message: `'${spec.id}' is already used by a running producer or consumer` });
  if (spec.stopAt !== undefined && spec.stopAt <= spec.startAt) throw new LiveEditError({ path: `${path}.stopAt`, message: 'must be after startAt' });
  if (sim.transport.remote) return;
  const v = sim.broker.vhost(spec.vhost);
  if (!v) throw new LiveEditError({ path: `${path}.vhost`, message: `no vhost '${spec.vhost}'` });
  if (kind === 'producer') {
    const p = spec as ProducerSpec;
    if (!v.exchanges.has(p.exchange)) throw new LiveEditError({ path: `${path}.exchange`, message: `no exchange '${p.exchange}' in vhost '${p.vhost}'` });
    return;
  }
  const c = spec as ConsumerSpec;
  if (c.ownQueue) {
    c.ownQueue.bindings.forEach((b, j) => {
      if (!v.exchanges.has(b.exchange)) throw new LiveEditError({ path: `${path}.ownQueue.bindings[${j}].exchange`, message: `no exchange '${b.exchange}' in vhost '${c.vhost}'` });
    });
  } else if (c.queue !== undefined && !v.queues.has(c.queue)) {
    throw new LiveEditError({ path: `${path}.queue`, message: `no queue '${c.queue}' in vhost '${c.vhost}'` });
  }
}

/** A replace: the running instances go and the new spec's come, at one instant. */
function replaceEvents(sim: Simulation, ids: Map<string, string>, at: number, kind: 'producer' | 'consumer', id: string, spec: ProducerSpec | ConsumerSpec): TimelineEvent[] {
  checkRunning(ids, kind, id, kind);
  checkNew(sim, ids, spec, kind, 'with', id);
  if (kind === 'producer') return [{ at, action: 'removeProducer', producer: id }, { at, action: 'addProducer', producer: spec as ProducerSpec }];
  return [{ at, action: 'removeConsumer', consumer: id }, { at, action: 'addConsumer', consumer: spec as ConsumerSpec }];
}

/**
 * The timeline events that make a live edit at simulated time `at`, after
 * checking it against what runs now (throws `LiveEditError` naming the field).
 * A replace is a remove and an add at the same time.
 */
export function liveEditEvents(sim: Simulation, edit: LiveEdit, at: number): TimelineEvent[] {
  const ids = liveIds(sim);
  switch (edit.action) {
    case 'addProducer':
      checkNew(sim, ids, edit.producer, 'producer', 'producer');
      return [{ at, action: 'addProducer', producer: edit.producer }];
    case 'addConsumer':
      checkNew(sim, ids, edit.consumer, 'consumer', 'consumer');
      return [{ at, action: 'addConsumer', consumer: edit.consumer }];
    case 'removeProducer':
      checkRunning(ids, 'producer', edit.producer, 'producer');
      return [{ at, action: 'removeProducer', producer: edit.producer }];
    case 'removeConsumer':
      checkRunning(ids, 'consumer', edit.consumer, 'consumer');
      return [{ at, action: 'removeConsumer', consumer: edit.consumer }];
    case 'setRate':
      checkRunning(ids, 'producer', edit.producer, 'producer');
      return [{ at, action: 'setRate', producer: edit.producer, rate: edit.rate }];
    case 'replaceProducer':
      return replaceEvents(sim, ids, at, 'producer', edit.producer, edit.with);
    case 'replaceConsumer':
      return replaceEvents(sim, ids, at, 'consumer', edit.consumer, edit.with);
  }
}
