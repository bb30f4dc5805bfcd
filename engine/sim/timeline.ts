import { parseQueueArguments } from '../core/arguments.ts';
import type { QueueSettings } from '../core/arguments.ts';
import { AmqpError, notFound } from '../core/errors.ts';
import type { FieldTable } from '../core/field-value.ts';
import { setLiveQueueSettings } from '../core/policy-apply.ts';
import { randomStream } from './random-streams.ts';
import type { ScenarioIssue } from './scenario/issues.ts';
import type { TimelineEvent } from './scenario/schema-timeline.ts';
import { topologyCommands } from './scenario/topology-commands.ts';
import type { Simulation } from './simulation.ts';

/** Events that act on the broker itself rather than through a client. */
const BROKER_SIDE = new Set<TimelineEvent['action']>(['purgeQueue', 'deleteQueue', 'setQueueArgument', 'setPolicy', 'clearPolicy', 'applyTopology', 'restartBroker']);

/** Why each broker-side action cannot run against a remote broker (AMQP gives a client no such power). */
const REMOTE_REFUSAL: Partial<Record<TimelineEvent['action'], string>> = {
  restartBroker: 'a remote broker cannot be restarted from a client (and its store cannot be compared with what it held)',
  setPolicy: 'policies cannot be set over AMQP',
  clearPolicy: 'policies cannot be cleared over AMQP',
  setQueueArgument: "a live queue's arguments cannot be changed over AMQP",
  purgeQueue: 'the simulator does it on the embedded broker only (not yet through a client)',
  deleteQueue: 'the simulator does it on the embedded broker only (not yet through a client)',
  applyTopology: 'the simulator declares topology on a target only before the run (not yet during it)',
};

/**
 * The timeline events a scenario cannot run against a remote broker
 * (`brokerlab run --target`): acting on the broker itself needs the embedded
 * engine. One issue per event, at its scenario path; empty when it can run.
 */
export function remoteTimelineIssues(events: readonly TimelineEvent[]): ScenarioIssue[] {
  const out: ScenarioIssue[] = [];
  events.forEach((e, i) => {
    if (!BROKER_SIDE.has(e.action)) return;
    const why = REMOTE_REFUSAL[e.action] ?? 'it acts on the broker itself';
    out.push({ path: `timeline[${i}]`, message: `${e.action} needs the embedded engine: ${why}; run without --target` });
  });
  return out;
}

/** The scenario's broker settings a remote broker does not take from a client: they must be its own configuration. */
export function remoteSettingNotes(broker: { consumerTimeout?: number | undefined; defaultConsumerPrefetch?: number | undefined }): ScenarioIssue[] {
  const out: ScenarioIssue[] = [];
  if (broker.consumerTimeout !== undefined) out.push({ path: 'broker.consumerTimeout', message: "not applied to a remote broker: that is its own consumer_timeout setting" });
  if (broker.defaultConsumerPrefetch !== undefined) out.push({ path: 'broker.defaultConsumerPrefetch', message: 'not applied to a remote broker: that is its own default_consumer_prefetch setting' });
  return out;
}

/** What happened when a timeline event ran. */
export interface TimelineLogEntry {
  /** Simulated ms. */
  at: number;
  action: TimelineEvent['action'];
  /** Index in the scenario's timeline. */
  index: number;
  ok: boolean;
  error?: string;
  /** What it did, when there is more to say than ok (a restart: downtime and what was lost). */
  detail?: string;
  /** An edit made while the run went (index counts on from the scenario's own timeline). */
  live?: true;
}

/** The settings each policy-like argument drives. */
const SETTING_OF: Record<string, keyof QueueSettings> = {
  'x-max-length': 'maxLength',
  'x-max-length-bytes': 'maxLengthBytes',
  'x-overflow': 'overflow',
  'x-message-ttl': 'messageTtl',
  'x-dead-letter-exchange': 'deadLetterExchange',
  'x-dead-letter-routing-key': 'deadLetterRoutingKey',
  'x-delivery-limit': 'deliveryLimit',
  'x-consumer-timeout': 'consumerTimeout',
  'x-expires': 'expires',
};

/**
 * Change one live queue's behaviour as a policy would, without a policy
 * (the `setPolicy` event sets a real one): this validates the merged
 * arguments with the core's own parser and updates the queue's parsed
 * settings in place; the declared arguments (and so definitions exports)
 * are unchanged. A lower length limit applies at once. The next policy
 * change touching the queue recomputes its settings from arguments and policy.
 */
function setQueueArgument(sim: Simulation, vhost: string, queue: string, arg: string, value: number | string | null): void {
  const q = sim.broker.vhost(vhost)?.queues.get(queue);
  if (!q) throw notFound('queue', queue, vhost);
  const args: FieldTable = { ...q.args };
  if (value === null) delete args[arg];
  else args[arg] = value;
  const parsed = parseQueueArguments(q.name, q.vhost, args, q.type);
  setLiveQueueSettings(q, parsed, [SETTING_OF[arg]!], 'always');
}

/** Run one event; returns an error text for refusals that are not protocol errors. */
function run(sim: Simulation, e: TimelineEvent, entry: TimelineLogEntry): string | undefined {
  switch (e.action) {
    case 'addProducer':
      sim.addProducer(e.producer);
      break;
    case 'removeProducer':
      sim.removeProducer(e.producer);
      break;
    case 'addConsumer':
      sim.addConsumer(e.consumer);
      break;
    case 'removeConsumer':
      sim.removeConsumer(e.consumer);
      break;
    case 'setRate':
      sim.setRate(e.producer, e.rate);
      break;
    case 'killConsumer':
      sim.killConsumer(e.consumer, e.instance);
      break;
    case 'blockConsumers':
    case 'unblockConsumers':
      sim.blockConsumers(e.vhost, e.queue, e.action === 'blockConsumers');
      break;
    case 'purgeQueue':
      sim.broker.execute({ type: 'queue.purge', vhost: e.vhost, name: e.queue });
      break;
    case 'deleteQueue':
      sim.broker.execute({ type: 'queue.delete', vhost: e.vhost, name: e.queue });
      break;
    case 'setQueueArgument':
      setQueueArgument(sim, e.vhost, e.queue, e.argument, e.value);
      break;
    case 'setPolicy':
      sim.broker.execute({ type: 'policy.set', vhost: e.vhost, name: e.name, pattern: e.pattern, applyTo: e.applyTo, priority: e.priority, definition: e.definition });
      break;
    case 'clearPolicy':
      sim.broker.execute({ type: 'policy.clear', vhost: e.vhost, name: e.name });
      break;
    case 'applyTopology': {
      const issues = sim.declare(topologyCommands(e.topology, randomStream(sim.seed, `timeline:${e.at}`), 'topology'));
      if (issues.length > 0) return issues.map((i) => `${i.path}: ${i.message}`).join('; ');
      break;
    }
    case 'restartBroker':
      sim.restartBroker(e.downtime, e.redeclare, entry);
      break;
  }
  return undefined;
}

/**
 * Run one timeline event now and log its outcome in `sim.timelineLog`: the
 * one code path for scheduled events and for edits made while a run goes.
 */
export function runTimelineEvent(sim: Simulation, e: TimelineEvent, index: number, live = false): TimelineLogEntry {
  const entry: TimelineLogEntry = { at: sim.time, action: e.action, index, ok: true };
  if (live) entry.live = true;
  let error: string | undefined;
  try {
    error = sim.transport.remote && BROKER_SIDE.has(e.action) ? 'not available against a remote broker' : run(sim, e, entry);
  } catch (err) {
    if (!(err instanceof AmqpError)) throw err;
    error = err.replyText;
  }
  if (error !== undefined) {
    entry.ok = false;
    entry.error = error;
  }
  sim.timelineLog.push(entry);
  return entry;
}

/** Schedule every event at its simulated time; each outcome goes to `sim.timelineLog`. */
export function scheduleTimeline(sim: Simulation, events: readonly TimelineEvent[]): void {
  events.forEach((e, index) => {
    sim.scheduler.setTimeout(() => void runTimelineEvent(sim, e, index), Math.max(0, sim.startedAt + e.at - sim.scheduler.now()));
  });
}
