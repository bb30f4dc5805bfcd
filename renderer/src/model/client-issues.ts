import { fromZodIssues, formatIssue } from '../../../engine/sim/scenario/issues.ts';
import type { ScenarioIssue } from '../../../engine/sim/scenario/issues.ts';
import { consumerSchema, producerSchema } from '../../../engine/sim/scenario/schema-clients.ts';
import type { GraphDoc } from './graph-doc.ts';
import { consumerNodeId, producerNodeId } from './live-stats.ts';
import type { ConsumerDraft, ProducerDraft } from './scenario-doc.ts';

/** Every problem with a producer, as the simulator words it (`rate: must be a positive number`), plus dangling references. */
export function producerIssues(p: ProducerDraft, d: GraphDoc): ScenarioIssue[] {
  const r = producerSchema.safeParse({ ...p, vhost: d.model.vhost });
  const issues = r.success ? [] : fromZodIssues(r.error.issues);
  const x = p.exchange ?? '';
  if (x !== '' && !d.model.exchanges.some((e) => e.name === x)) issues.push({ path: 'exchange', message: `NOT_FOUND - no exchange '${x}' in vhost '${d.model.vhost}'` });
  if (x === '' && (p.routingKey ?? '') === '') issues.push({ path: 'routingKey', message: 'not connected: drag from this producer to an exchange or a queue' });
  else if (x === '' && !/[{}]/.test(p.routingKey ?? '') && !d.model.queues.some((q) => q.name === p.routingKey)) {
    issues.push({ path: 'routingKey', message: `unroutable: the default exchange routes by queue name, and there is no queue '${p.routingKey ?? ''}'` });
  }
  return issues;
}

/** Every problem with a consumer, as the simulator words it, plus a missing queue. */
export function consumerIssues(c: ConsumerDraft, d: GraphDoc): ScenarioIssue[] {
  const r = consumerSchema.safeParse({ ...c, vhost: d.model.vhost });
  const issues = r.success ? [] : fromZodIssues(r.error.issues);
  if (c.queue !== undefined && !d.model.queues.some((q) => q.name === c.queue)) issues.push({ path: 'queue', message: `NOT_FOUND - no queue '${c.queue}' in vhost '${d.model.vhost}'` });
  if (c.queue === undefined && c.ownQueue === undefined) {
    const i = issues.findIndex((x) => x.path === 'queue');
    const msg = { path: 'queue', message: 'not connected: drag from a queue to this consumer' };
    if (i >= 0) issues[i] = msg;
    else issues.push(msg);
  }
  return issues;
}

/** The first problem of each client node, for the graph's warning badges. */
export function clientIssueMap(d: GraphDoc): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of d.producers) {
    const i = producerIssues(p, d)[0];
    if (i) out[producerNodeId(p.id)] = i.path === 'routingKey' || i.path === 'exchange' ? i.message : formatIssue(i);
  }
  for (const c of d.consumers) {
    const i = consumerIssues(c, d)[0];
    if (i) out[consumerNodeId(c.id)] = i.path === 'queue' ? i.message : formatIssue(i);
  }
  return out;
}
