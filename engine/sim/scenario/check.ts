import { Broker } from '../../core/broker.ts';
import { VirtualScheduler } from '../../core/clock.ts';
import type { Command } from '../../core/commands.ts';
import { AmqpError } from '../../core/errors.ts';
import { validatePolicy } from '../../core/policy.ts';
import { SeededRandom } from '../../core/random.ts';
import type { ScenarioIssue } from './issues.ts';
import type { AssertionSpec } from './schema-assertions.ts';
import type { ConsumerSpec, ProducerSpec } from './schema-clients.ts';
import type { Scenario } from './schema.ts';
import { applyCommands, topologyCommands } from './topology-commands.ts';

/** Options for a broker built from a scenario's `broker` settings. */
export function brokerOptionsOf(s: Scenario): { consumerTimeoutMs?: number; defaultConsumerPrefetch?: number } {
  const o: { consumerTimeoutMs?: number; defaultConsumerPrefetch?: number } = {};
  if (s.broker.consumerTimeout !== undefined) o.consumerTimeoutMs = s.broker.consumerTimeout;
  if (s.broker.defaultConsumerPrefetch !== undefined) o.defaultConsumerPrefetch = s.broker.defaultConsumerPrefetch;
  return o;
}

/**
 * Checks a schema cannot express: unique ids, references between parts, and
 * a dry run of the topology on a scratch broker so that what the broker
 * would refuse (a bad `x-` argument, a binding to a missing exchange) is
 * reported at the path that caused it, before anything is applied for real.
 */
export function checkScenario(s: Scenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const broker = new Broker({ scheduler: new VirtualScheduler(0), random: new SeededRandom(s.seed), ...brokerOptionsOf(s) });
  issues.push(...applyCommands(broker, topologyCommands(s.topology, broker.random)));
  const timeline = s.timeline.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i);
  for (const { e, i } of timeline) {
    if (e.action === 'applyTopology') issues.push(...applyCommands(broker, topologyCommands(e.topology, broker.random, `timeline[${i}].topology`)));
  }
  const ownQueues = new Set<string>();
  const clients = new Map<string, 'producer' | 'consumer'>();
  const addClient = (id: string, kind: 'producer' | 'consumer', path: string): void => {
    if (clients.has(id)) issues.push({ path: `${path}.id`, message: `"${id}" is already used by another producer or consumer` });
    clients.set(id, kind);
  };
  const users = new Set(['guest', ...s.topology.users.map((u) => u.name)]);
  const checkUser = (user: string | undefined, path: string): void => {
    if (user !== undefined && user !== '' && !users.has(user)) issues.push({ path: `${path}.user`, message: `no user '${user}' in the topology` });
  };
  const checkProducer = (p: ProducerSpec, path: string): void => {
    addClient(p.id, 'producer', path);
    checkUser(p.user, path);
    const v = broker.vhost(p.vhost);
    if (!v) issues.push({ path: `${path}.vhost`, message: `no vhost '${p.vhost}'` });
    else if (!v.exchanges.has(p.exchange)) issues.push({ path: `${path}.exchange`, message: `no exchange '${p.exchange}' in vhost '${p.vhost}'` });
    if (p.stopAt !== undefined && p.stopAt <= p.startAt) issues.push({ path: `${path}.stopAt`, message: 'must be after startAt' });
  };
  const checkConsumer = (c: ConsumerSpec, path: string): void => {
    addClient(c.id, 'consumer', path);
    checkUser(c.user, path);
    const v = broker.vhost(c.vhost);
    if (!v) return void issues.push({ path: `${path}.vhost`, message: `no vhost '${c.vhost}'` });
    if (c.ownQueue) {
      if (c.ownQueue.name !== '') {
        ownQueues.add(`${c.vhost}\u0000${c.ownQueue.name}`);
        if (c.count > 1 && c.ownQueue.exclusive) issues.push({ path: `${path}.ownQueue.name`, message: 'an exclusive queue with a fixed name can only have one consumer instance (use "" for server-named queues)' });
      }
      c.ownQueue.bindings.forEach((b, j) => {
        if (!v.exchanges.has(b.exchange)) issues.push({ path: `${path}.ownQueue.bindings[${j}].exchange`, message: `no exchange '${b.exchange}' in vhost '${c.vhost}'` });
      });
    } else if (c.queue !== undefined && !v.queues.has(c.queue) && !ownQueues.has(`${c.vhost}\u0000${c.queue}`)) {
      issues.push({ path: `${path}.queue`, message: `no queue '${c.queue}' in vhost '${c.vhost}' (declare it in topology.queues)` });
    }
    if (c.stopAt !== undefined && c.stopAt <= c.startAt) issues.push({ path: `${path}.stopAt`, message: 'must be after startAt' });
  };
  s.consumers.forEach((c) => {
    if (c.ownQueue && c.ownQueue.name !== '') ownQueues.add(`${c.vhost}\u0000${c.ownQueue.name}`);
  });
  s.producers.forEach((p, i) => checkProducer(p, `producers[${i}]`));
  s.consumers.forEach((c, i) => checkConsumer(c, `consumers[${i}]`));
  for (const { e, i } of timeline) {
    const path = `timeline[${i}]`;
    if (e.action === 'addProducer') checkProducer(e.producer, `${path}.producer`);
    else if (e.action === 'addConsumer') checkConsumer(e.consumer, `${path}.consumer`);
    else if (e.action === 'removeProducer' || e.action === 'setRate') {
      if (clients.get(e.producer) !== 'producer') issues.push({ path: `${path}.producer`, message: `no producer "${e.producer}" exists at ${e.at} ms` });
    } else if (e.action === 'removeConsumer' || e.action === 'killConsumer') {
      if (clients.get(e.consumer) !== 'consumer') issues.push({ path: `${path}.consumer`, message: `no consumer "${e.consumer}" exists at ${e.at} ms` });
    } else if (e.action === 'restartBroker') {
      if (e.at + e.downtime >= s.duration + s.drain) issues.push({ path: `${path}.downtime`, message: `ends after the run (${s.duration + s.drain} ms): the broker would still be down` });
    } else if (e.action === 'setPolicy' || e.action === 'clearPolicy') {
      if (!broker.vhost(e.vhost)) issues.push({ path: `${path}.vhost`, message: `no vhost '${e.vhost}'` });
      const refused = e.action === 'setPolicy' ? policyProblem({ type: 'policy.set', ...e }) : undefined;
      if (refused !== undefined) issues.push({ path, message: refused });
    } else if (e.action !== 'applyTopology') {
      const v = broker.vhost(e.vhost);
      if (!v || (!v.queues.has(e.queue) && !ownQueues.has(`${e.vhost}\u0000${e.queue}`))) {
        issues.push({ path: `${path}.queue`, message: `no queue '${e.queue}' in vhost '${e.vhost}'` });
      }
    }
    if (e.at > s.duration + s.drain) issues.push({ path: `${path}.at`, message: `is after the end of the run (${s.duration + s.drain} ms)` });
  }
  s.assertions.forEach((a, i) => checkAssertion(a, `assertions[${i}]`, clients, broker, issues));
  return issues;
}

/** Why the broker would refuse this policy, if it would. */
function policyProblem(cmd: Extract<Command, { type: 'policy.set' }>): string | undefined {
  try {
    validatePolicy(cmd);
    return undefined;
  } catch (err) {
    if (err instanceof AmqpError) return err.replyText;
    throw err;
  }
}

function checkAssertion(a: AssertionSpec, path: string, clients: Map<string, string>, broker: Broker, issues: ScenarioIssue[]): void {
  const scope = 'scope' in a ? a.scope : undefined;
  const groupOf = (id: string): string => id.replace(/#\d+$/, '');
  if (a.type === 'fairShare' && clients.get(a.consumer) !== 'consumer') issues.push({ path: `${path}.consumer`, message: `no consumer "${a.consumer}"` });
  if (a.type === 'queueDepth' && !broker.vhost(a.vhost)?.queues.has(a.queue)) issues.push({ path: `${path}.queue`, message: `no queue '${a.queue}' in vhost '${a.vhost}'` });
  if (!scope) return;
  if ('producer' in scope && clients.get(groupOf(scope.producer)) !== 'producer') issues.push({ path: `${path}.scope.producer`, message: `no producer "${scope.producer}"` });
  if ('consumer' in scope && clients.get(groupOf(scope.consumer)) !== 'consumer') issues.push({ path: `${path}.scope.consumer`, message: `no consumer "${scope.consumer}"` });
  if ('exchange' in scope && !broker.vhost(scope.vhost)?.exchanges.has(scope.exchange)) issues.push({ path: `${path}.scope.exchange`, message: `no exchange '${scope.exchange}' in vhost '${scope.vhost}'` });
}
