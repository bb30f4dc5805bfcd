import type { Broker } from '../../core/broker.ts';
import type { FieldTable, FieldValue } from '../../core/field-value.ts';
import { isTypedField } from '../../core/field-value.ts';
import { base64Encode } from '../../core/text.ts';
import type { VirtualHost } from '../../core/vhost.ts';

/** How to shape an export. */
export interface DefinitionsExportOptions {
  /** Export one vhost (`GET /api/definitions/{vhost}` shape, items without `vhost`). Default: the whole broker. */
  vhost?: string;
  /** `http` is the management API's shape (the UI's "Export definitions"); `core` is `rabbitmqctl export_definitions`. Default http. */
  flavour?: 'http' | 'core';
  /** The RabbitMQ version to look like: `3.13.7`, `4.0.5`, `4.2.0`... Default 4.2.0. */
  rabbitmqVersion?: string;
  clusterName?: string;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A field value as definitions.json writes it (plain JSON; typed numbers lose their width). */
function toJson(v: FieldValue): Json {
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Uint8Array) return base64Encode(v);
  if (Array.isArray(v)) return v.map(toJson);
  if (isTypedField(v)) return Number(v.value);
  return tableJson(v);
}

function tableJson(t: FieldTable): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  for (const k of Object.keys(t)) out[k] = toJson(t[k]!);
  return out;
}

function versionAtLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split('.').map((x) => Number.parseInt(x, 10));
  return a > major || (a === major && b >= minor);
}

/**
 * Export the broker's live topology as RabbitMQ's definitions.json
 * (rabbit_definitions.erl export; rabbit_mgmt_wm_definitions for the HTTP
 * shape). Exclusive queues are never exported; the default exchange, `amq.*`
 * exchanges and default-exchange bindings are left out. Quorum queues carry
 * `x-queue-type` in their arguments so RabbitMQ re-imports them as quorum.
 */
export function exportDefinitions(broker: Broker, opts: DefinitionsExportOptions = {}): Record<string, Json> {
  const version = opts.rabbitmqVersion ?? '4.2.0';
  const http = (opts.flavour ?? 'http') === 'http';
  const v42 = versionAtLeast(version, 4, 2);
  const v40 = versionAtLeast(version, 4, 0);
  const single = opts.vhost !== undefined;
  const vhosts = [...broker.vhosts.values()].filter((v) => !single || v.name === opts.vhost);
  if (single && vhosts.length === 0) throw new Error(`no vhost '${opts.vhost}'`);
  // Cluster exports name each item's vhost, right after its name; single-vhost ones strip it.
  const withVhost = (vhost: string, o: Record<string, Json>): Record<string, Json> => (single ? o : { name: o['name']!, vhost, ...o });
  // With the HTTP API up to 4.1, internal exchanges were listed with an `internal` flag; the core export and 4.2+ drop them.
  const keepInternal = http && !v42;
  const exchanges = vhosts.flatMap((v) =>
    [...v.exchanges.values()]
      .filter((x) => x.name !== '' && !x.name.startsWith('amq.') && (keepInternal || !x.internal))
      .map((x) => {
        const o: Record<string, Json> = { name: x.name, type: x.type, durable: x.durable, auto_delete: x.autoDelete };
        if (keepInternal) o['internal'] = x.internal;
        o['arguments'] = tableJson(x.args);
        return withVhost(v.name, o);
      }),
  );
  const queues = vhosts.flatMap((v) =>
    [...v.queues.values()]
      .filter((q) => q.exclusiveOwner === undefined)
      .map((q) => {
        const args = tableJson(q.args);
        if (args['x-queue-type'] === undefined && (q.type !== 'classic' || v.defaultQueueType !== 'classic')) args['x-queue-type'] = q.type;
        const o: Record<string, Json> = { name: q.name };
        if (!http || v42) o['type'] = q.type;
        Object.assign(o, { durable: q.durable, auto_delete: q.autoDelete, arguments: args });
        return withVhost(v.name, o);
      }),
  );
  const bindings = vhosts.flatMap((v) =>
    [...v.bindings.values()]
      .filter((b) => b.source !== '')
      .filter((b) => b.destinationType !== 'queue' || v.queues.get(b.destination)?.exclusiveOwner === undefined)
      .map((b) => {
        const o: Record<string, Json> = { source: b.source };
        if (!single) o['vhost'] = v.name;
        Object.assign(o, { destination: b.destination, destination_type: b.destinationType, routing_key: b.routingKey, arguments: tableJson(b.arguments) });
        return o;
      }),
  );
  // rabbit_definitions lists each policy as {vhost, name, pattern, apply-to, definition, priority}.
  const policies = vhosts.flatMap((v) =>
    [...v.policies.values()].map((p) => {
      const o: Record<string, Json> = single ? {} : { vhost: v.name };
      return Object.assign(o, { name: p.name, pattern: p.pattern, 'apply-to': p.applyTo, definition: tableJson(p.definition), priority: p.priority });
    }),
  );
  const head: Record<string, Json> = { rabbit_version: version, rabbitmq_version: version };
  if (http) {
    Object.assign(head, { product_name: 'RabbitMQ', product_version: version });
    if (v40) {
      if (single) Object.assign(head, { rabbitmq_definition_format: 'single_virtual_host', original_vhost_name: opts.vhost!, explanation: `Definitions of virtual host '${opts.vhost!}'` });
      else {
        const cluster = opts.clusterName ?? 'brokerlab@localhost';
        Object.assign(head, { rabbitmq_definition_format: 'cluster', original_cluster_name: cluster, explanation: `Definitions of cluster '${cluster}'` });
      }
    }
  }
  if (single) {
    const v = vhosts[0]!;
    const about = v40 ? { metadata: vhostMetadata(v), description: v.description, limits: {} } : {};
    return { ...head, ...about, parameters: [], policies, queues, exchanges, bindings };
  }
  const users = [...broker.users.values()].map((u) => ({ name: u.name, password_hash: u.passwordHash, hashing_algorithm: u.hashingAlgorithm, tags: [...u.tags], limits: {} }));
  const permissions = broker.permissions
    .entries()
    .filter((p) => broker.vhosts.has(p.vhost))
    .map((p) => ({ user: p.user, vhost: p.vhost, configure: p.spec.configure, write: p.spec.write, read: p.spec.read }));
  const topicPermissions = broker.topicPermissions
    .entries()
    .filter((p) => broker.vhosts.has(p.vhost))
    .map((p) => ({ user: p.user, vhost: p.vhost, exchange: p.exchange, write: p.write, read: p.read }));
  const vhostList = vhosts.map((v) =>
    http && !v42
      ? { name: v.name, description: v.description, tags: [...v.tags], default_queue_type: v.defaultQueueType, metadata: vhostMetadata(v) }
      : { name: v.name, limits: {}, metadata: vhostMetadata(v) },
  );
  return { ...head, users, vhosts: vhostList, permissions, topic_permissions: topicPermissions, parameters: [], global_parameters: [], policies, queues, exchanges, bindings };
}

function vhostMetadata(v: VirtualHost): { [k: string]: Json } {
  return { description: v.description, tags: [...v.tags], default_queue_type: v.defaultQueueType };
}
