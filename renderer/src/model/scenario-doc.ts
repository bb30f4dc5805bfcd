import type { z } from 'zod';
import type { consumerSchema, producerSchema } from '../../../engine/sim/scenario/schema-clients.ts';
import type { Scenario, ScenarioFile } from '../../../engine/sim/scenario/schema.ts';
import { CURRENT_SCHEMA_VERSION } from '../../../engine/sim/scenario/schema.ts';
import type { JsonFieldTable } from '../../../engine/host/field-json.ts';
import type { TopologyModel } from './topology-model.ts';
import type { UserModel } from './user-model.ts';
import { hashNewPassword, isDefaultGuest, normalUser, sortUsers } from './user-model.ts';
import { SHA256_ALGORITHM } from '../../../engine/core/users.ts';

/** A simulated producer as the graph edits it: the scenario file's own shape. */
export type ProducerDraft = z.input<typeof producerSchema>;
/** A simulated consumer as the graph edits it. */
export type ConsumerDraft = z.input<typeof consumerSchema>;

/** Everything in a scenario besides the topology and the clients the graph draws. */
export interface ScenarioMeta {
  name: string;
  description: string;
  tags: string[];
  seed: number;
  duration: number | string;
  drain: number | string;
  broker: NonNullable<ScenarioFile['broker']>;
  timeline: NonNullable<ScenarioFile['timeline']>;
  assertions: NonNullable<ScenarioFile['assertions']>;
}

export const defaultMeta = (): ScenarioMeta => ({
  name: 'Untitled scenario',
  description: '',
  tags: [],
  seed: 1,
  duration: '1h',
  drain: 0,
  broker: {},
  timeline: [],
  assertions: [],
});

/** The users a scenario says: all but a default `guest` (every broker has it), by hash, never a password. */
function scenarioUsers(model: TopologyModel): NonNullable<NonNullable<ScenarioFile['topology']>['users']> {
  return model.users
    .filter((u) => !isDefaultGuest(u))
    .map((u) => ({
      name: u.name,
      passwordHash: u.passwordHash,
      hashingAlgorithm: u.hashingAlgorithm,
      tags: [...u.tags],
      permissions: u.permissions.map((p) => ({ ...p })),
      topicPermissions: u.topicPermissions.map((p) => ({ ...p })),
    }));
}

/** The vhosts a scenario declares: the graph's own, and the others its users' permissions name. */
function scenarioVhosts(model: TopologyModel, users: ReturnType<typeof scenarioUsers>): { name: string }[] {
  const names = new Set([model.vhost]);
  for (const u of users) for (const p of [...(u.permissions ?? []), ...(u.topicPermissions ?? [])]) names.add(p.vhost ?? '/');
  names.delete('/');
  return [...names].map((name) => ({ name }));
}

/** The graph as a scenario document (schema v2), ready for `sim:load` or a file. */
export function compileScenario(meta: ScenarioMeta, model: TopologyModel, producers: readonly ProducerDraft[], consumers: readonly ConsumerDraft[]): ScenarioFile {
  const vhost = model.vhost;
  const users = scenarioUsers(model);
  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    ...meta,
    topology: {
      vhosts: scenarioVhosts(model, users),
      users,
      exchanges: model.exchanges
        .filter((x) => !x.builtIn)
        .map((x) => ({ vhost, name: x.name, type: x.type as 'direct', durable: x.durable, autoDelete: x.autoDelete, internal: x.internal, arguments: x.arguments as Record<string, never> })),
      queues: model.queues
        .filter((q) => !q.exclusive)
        .map((q) => ({ vhost, name: q.name, durable: q.durable, autoDelete: q.autoDelete, arguments: q.arguments as Record<string, never> })),
      bindings: model.bindings.map((b) => ({
        vhost,
        source: b.source,
        destination: b.destination,
        destinationType: b.destinationType,
        routingKey: b.routingKey,
        arguments: b.arguments as Record<string, never>,
      })),
      policies: model.policies.map((p) => ({ vhost, name: p.name, pattern: p.pattern, applyTo: p.applyTo, priority: p.priority, definition: p.definition as Record<string, never> })),
    },
    producers: producers.map((p) => ({ ...p, vhost })),
    consumers: consumers.map((c) => ({ ...c, vhost })),
  };
}

/** A parsed scenario's users as models: a clear-text password is hashed here, as the engine would on load, and never kept. */
export function scenarioUsersModel(s: Scenario): UserModel[] {
  return sortUsers(
    s.topology.users.map((u) =>
      normalUser({
        name: u.name,
        tags: [...u.tags],
        passwordHash: u.passwordHash ?? (u.password !== undefined ? hashNewPassword(u.password) : ''),
        hashingAlgorithm: u.hashingAlgorithm ?? SHA256_ALGORITHM,
        permissions: u.permissions.map((p) => ({ vhost: p.vhost, configure: p.configure, write: p.write, read: p.read })),
        topicPermissions: u.topicPermissions.map((p) => ({ vhost: p.vhost, exchange: p.exchange, write: p.write, read: p.read })),
      }),
    ),
  );
}

/** A parsed scenario's topology for one vhost, as a model. */
export function scenarioModel(s: Scenario, vhost: string): TopologyModel {
  const t = s.topology;
  return {
    vhost,
    exchanges: t.exchanges
      .filter((x) => x.vhost === vhost)
      .map((x) => ({ name: x.name, type: x.type, durable: x.durable, autoDelete: x.autoDelete, internal: x.internal, arguments: x.arguments as JsonFieldTable, builtIn: false })),
    queues: t.queues.filter((q) => q.vhost === vhost).map((q) => ({ name: q.name, durable: q.durable, autoDelete: q.autoDelete, exclusive: false, arguments: q.arguments as JsonFieldTable })),
    bindings: t.bindings
      .filter((b) => b.vhost === vhost)
      .map((b) => ({ source: b.source, destination: b.destination, destinationType: b.destinationType, routingKey: b.routingKey, arguments: b.arguments as JsonFieldTable })),
    policies: t.policies
      .filter((p) => p.vhost === vhost)
      .map((p) => ({ name: p.name, pattern: p.pattern, applyTo: p.applyTo, priority: p.priority, definition: p.definition as JsonFieldTable })),
    users: scenarioUsersModel(s),
  };
}

/** The vhost a scenario is mostly about: its first client's, else its first exchange's or queue's. */
export function scenarioVhost(s: Scenario): string {
  return s.producers[0]?.vhost ?? s.consumers[0]?.vhost ?? s.topology.queues[0]?.vhost ?? s.topology.exchanges[0]?.vhost ?? '/';
}

/** The meta part of a raw (file-shaped) scenario, defaults filled in. */
export function metaOf(doc: Record<string, unknown>): ScenarioMeta {
  const d = defaultMeta();
  const pick = <K extends keyof ScenarioMeta>(k: K): ScenarioMeta[K] => (doc[k] === undefined ? d[k] : (doc[k] as ScenarioMeta[K]));
  return {
    name: pick('name'),
    description: pick('description'),
    tags: pick('tags'),
    seed: pick('seed'),
    duration: pick('duration'),
    drain: pick('drain'),
    broker: pick('broker'),
    timeline: pick('timeline'),
    assertions: pick('assertions'),
  };
}

/** The clients of a raw scenario, as drafts. */
export function clientsOf(doc: Record<string, unknown>): { producers: ProducerDraft[]; consumers: ConsumerDraft[] } {
  const arr = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
  return { producers: arr<ProducerDraft>(doc['producers']), consumers: arr<ConsumerDraft>(doc['consumers']) };
}
