import { z } from 'zod';
import type { VirtualHost } from '../../core/vhost.ts';
import { fieldTableSchema } from '../../host/field-json.ts';
import { notFoundError, sendEmpty, sendJson } from '../http-util.ts';
import type { ApiRequest } from './api-request.ts';
import { allow, exchangeFromUrl, parseBody } from './api-request.ts';
import type { Exchange } from '../../core/exchange.ts';
import { channelDetailJson, exchangeDetailJson } from './publish-stats-json.ts';
import { channelJson, channelName, connectionJson } from './connection-json.ts';
import { NO_UNACKED, queueJson } from './queue-json.ts';
import { bindingJson, defaultBindingJson, exchangeJson, policyJson, sortBindings, unackedTotals, vhostJson } from './rabbit-json.ts';
import type { Json } from './rabbit-json.ts';

const exchangeBody = z.looseObject({
  type: z.string().default('direct'),
  durable: z.boolean().default(true),
  auto_delete: z.boolean().default(false),
  internal: z.boolean().default(false),
  arguments: fieldTableSchema.default({}),
});

const queueBody = z.looseObject({
  durable: z.boolean().default(true),
  auto_delete: z.boolean().default(false),
  arguments: fieldTableSchema.default({}),
});

/** The vhosts a request may see: all of them, or those the user has permissions in; `only` one of them, or a 404. */
export function visibleVhosts(r: ApiRequest, only?: string): VirtualHost[] {
  if (only !== undefined) {
    const v = r.broker.vhost(only);
    if (!v || (!r.seesAll && !r.broker.permissions.hasVhostAccess(r.user.name, only))) throw notFoundError();
    return [v];
  }
  return [...r.broker.vhosts.values()].filter((v) => r.seesAll || r.broker.permissions.hasVhostAccess(r.user.name, v.name));
}

function one(items: Json[]): Json {
  const first = items[0];
  if (!first) throw notFoundError();
  return first;
}

/** Read and change exchanges, queues, bindings, vhosts; list connections and channels. True when the path was one of these. */
export async function topologyRoutes(r: ApiRequest): Promise<boolean> {
  const [head, vhost, name] = r.segs;
  const n = r.segs.length;
  switch (head) {
    case 'vhosts': {
      if (n > 2) return false;
      allow(r, 'GET');
      const list = visibleVhosts(r, vhost).map((v) => vhostJson(v, r.rates));
      sendJson(r.res, 200, n === 2 ? one(list) : list);
      return true;
    }
    case 'connections':
    case 'channels': {
      if (n > (head === 'channels' ? 2 : 1)) return false;
      allow(r, 'GET');
      const names = new Set(visibleVhosts(r).map((v) => v.name));
      const conns = [...r.broker.connections.values()].filter((c) => c.kind !== 'internal' && names.has(c.vhost.name) && (r.seesAll || c.user === r.user.name));
      if (n === 2) {
        const found = conns.flatMap((c) => [...c.channels.values()].filter((ch) => channelName(c, ch) === vhost).map((ch) => channelDetailJson(c, ch, r.rates)));
        sendJson(r.res, 200, one(found));
        return true;
      }
      const list = head === 'connections' ? conns.map((c) => connectionJson(c, r.rates)) : conns.flatMap((c) => [...c.channels.values()].map((ch) => channelJson(c, ch, r.rates)));
      sendJson(r.res, 200, list);
      return true;
    }
    case 'bindings': {
      if (n > 2) return false;
      allow(r, 'GET');
      const list = visibleVhosts(r, vhost).flatMap((v) => sortBindings([...[...v.queues.values()].map(defaultBindingJson), ...[...v.bindings.values()].map(bindingJson)]));
      sendJson(r.res, 200, list);
      return true;
    }
    case 'exchanges':
      if (n > 3) return false;
      if (n === 3 && r.req.method !== 'GET') return changeExchange(r, vhost!, exchangeFromUrl(name!));
      allow(r, 'GET');
      // The single exchange also lists who publishes to it (`incoming`), as RabbitMQ's does.
      const toJson = (x: Exchange): Json => (n === 3 ? exchangeDetailJson(r.broker, x, r.rates) : exchangeJson(x, r.rates));
      return listed(r, n, visibleVhosts(r, vhost).flatMap((v) => [...v.exchanges.values()].filter((x) => n < 3 || x.name === exchangeFromUrl(name!)).map(toJson)));
    case 'queues': {
      if (n > 3) return false;
      if (n === 3 && r.req.method !== 'GET') return changeQueue(r, vhost!, name!);
      allow(r, 'GET');
      const unacked = unackedTotals(r.broker);
      return listed(r, n, visibleVhosts(r, vhost).flatMap((v) => [...v.queues.values()].filter((q) => n < 3 || q.name === name).map((q) => queueJson(v, q, r.rates, unacked.get(q) ?? NO_UNACKED))));
    }
    case 'policies':
      if (n > 3) return false;
      allow(r, 'GET');
      return listed(r, n, visibleVhosts(r, vhost).flatMap((v) => [...v.policies.values()].filter((p) => n < 3 || p.name === name).map(policyJson)));
    default:
      return false;
  }
}

function listed(r: ApiRequest, n: number, list: Json[]): true {
  sendJson(r.res, 200, n === 3 ? one(list) : list);
  return true;
}

async function changeExchange(r: ApiRequest, vhost: string, name: string): Promise<true> {
  const method = allow(r, 'PUT', 'DELETE');
  visibleVhosts(r, vhost);
  const ctx = { user: r.user.name };
  if (method === 'DELETE') {
    r.broker.execute({ type: 'exchange.delete', vhost, name, ifUnused: r.url.searchParams.get('if-unused') === 'true' }, ctx);
    sendEmpty(r.res);
    return true;
  }
  const b = await parseBody(r.req, exchangeBody);
  const out = r.broker.execute({ type: 'exchange.declare', vhost, name, exchangeType: b.type, durable: b.durable, autoDelete: b.auto_delete, internal: b.internal, arguments: b.arguments }, ctx);
  sendEmpty(r.res, out.type === 'exchange.declare' && out.created ? 201 : 204);
  return true;
}

async function changeQueue(r: ApiRequest, vhost: string, name: string): Promise<true> {
  const method = allow(r, 'PUT', 'DELETE');
  visibleVhosts(r, vhost);
  const ctx = { user: r.user.name };
  if (method === 'DELETE') {
    const p = r.url.searchParams;
    r.broker.execute({ type: 'queue.delete', vhost, name, ifUnused: p.get('if-unused') === 'true', ifEmpty: p.get('if-empty') === 'true' }, ctx);
    sendEmpty(r.res);
    return true;
  }
  const b = await parseBody(r.req, queueBody);
  const out = r.broker.execute({ type: 'queue.declare', vhost, name, durable: b.durable, exclusive: false, autoDelete: b.auto_delete, arguments: b.arguments }, ctx);
  sendEmpty(r.res, out.type === 'queue.declare' && out.created ? 201 : 204);
  return true;
}
