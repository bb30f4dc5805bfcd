import type { Broker } from '../../core/broker.ts';
import { AmqpError } from '../../core/errors.ts';
import type { DefinitionsPort } from '../../host/host-ports.ts';
import { getMessages, publishMessage, purgeQueue } from '../../host/message-ops.ts';
import { decodePayload } from '../../host/message-view.ts';
import { requestUser } from '../http-auth.ts';
import type { HttpRoute } from '../http-route.ts';
import { HttpError, badRequest, notFoundError, readJson, sendError, sendJson, sendEmpty } from '../http-util.ts';
import type { ApiRequest } from './api-request.ts';
import { adminWriteRoutes } from './management-admin.ts';
import { bindingRoutes } from './management-bindings.ts';
import { userRoutes } from './management-users.ts';
import { allow, parseBody, requireAdmin, toHttpError, exchangeFromUrl } from './api-request.ts';
import { topicPermissionRoutes } from './management-topic-permissions.ts';
import { topologyRoutes } from './management-topology.ts';
import type { OverviewContext } from './overview-json.ts';
import { overviewJson } from './overview-json.ts';
import { fromRabbitProperties, getBodySchema, publishBodySchema, rabbitMessageJson } from './rabbit-messages.ts';
import { RateSampler } from './rate-sampler.ts';

export interface ManagementApiOptions {
  broker: Broker;
  definitions: DefinitionsPort;
  overview: () => OverviewContext;
}

const MANAGEMENT_TAGS = ['management', 'policymaker', 'monitoring', 'administrator'];

/**
 * A subset of RabbitMQ's management HTTP API on the web host, with the same
 * paths, JSON shapes and basic auth against the broker's users, so existing
 * scripts, rabbitmqadmin and monitoring tools work against Brokerlab.
 */
export function managementApi(opts: ManagementApiOptions): HttpRoute {
  const rates = new RateSampler(opts.broker.scheduler);
  return {
    async handle(req, res, url) {
      if (!url.pathname.startsWith('/api/')) return false;
      try {
        const user = requestUser(opts.broker, req);
        if (!user) throw new HttpError(401, 'not_authorized', 'Login failed');
        if (!user.tags.some((t) => MANAGEMENT_TAGS.includes(t))) throw new HttpError(401, 'not_authorized', 'Not management user');
        const segs = url.pathname.slice(5).split('/').filter((s) => s !== '').map(decodeURIComponent);
        const seesAll = user.tags.includes('administrator') || user.tags.includes('monitoring');
        await route({ req, res, url, segs, user, broker: opts.broker, rates, seesAll }, opts);
      } catch (e) {
        sendError(res, toHttpError(e));
      }
      return true;
    },
  };
}

async function route(r: ApiRequest, opts: ManagementApiOptions): Promise<void> {
  const [head, vhost, name, action] = r.segs;
  const n = r.segs.length;
  if (head === 'overview' && n === 1) {
    allow(r, 'GET');
    return sendJson(r.res, 200, overviewJson(r.broker, r.rates, opts.overview()));
  }
  if (head === 'whoami' && n === 1) return sendJson(r.res, 200, { name: r.user.name, tags: r.user.tags });
  if (head === 'exchanges' && n === 4 && action === 'publish') return publish(r, vhost!, exchangeFromUrl(name!));
  if (head === 'queues' && n === 4 && action === 'get') return get(r, vhost!, name!);
  if (head === 'queues' && n === 4 && action === 'contents') {
    allow(r, 'DELETE');
    purgeQueue(r.broker, r.user.name, vhost!, name!);
    return sendEmpty(r.res);
  }
  if (head === 'definitions' && n <= 2) return definitions(r, opts.definitions, vhost);
  if (await adminWriteRoutes(r)) return;
  if (await bindingRoutes(r)) return;
  if (topicPermissionRoutes(r)) return;
  if (userRoutes(r)) return;
  if (await topologyRoutes(r)) return;
  throw notFoundError();
}

async function publish(r: ApiRequest, vhost: string, exchange: string): Promise<void> {
  allow(r, 'POST', 'PUT');
  const body = await parseBody(r.req, publishBodySchema);
  const bytes = decodePayload(body.payload, body.payload_encoding);
  let out;
  try {
    out = publishMessage(r.broker, r.user.name, vhost, exchange, body.routing_key, fromRabbitProperties(body.properties), bytes);
  } catch (e) {
    // RabbitMQ publishes on a channel: the channel error comes back as a 400 with its code ("404 NOT_FOUND - no exchange …").
    if (e instanceof AmqpError && e.code !== 403) throw badRequest(`${e.code} ${e.replyText}`);
    throw e;
  }
  sendJson(r.res, 200, { routed: out.routed });
}

async function get(r: ApiRequest, vhost: string, queue: string): Promise<void> {
  allow(r, 'POST');
  const body = await parseBody(r.req, getBodySchema);
  const views = getMessages(r.broker, r.user.name, vhost, queue, { count: body.count, ackmode: body.ackmode, encoding: body.encoding, truncate: body.truncate });
  sendJson(r.res, 200, views.map(rabbitMessageJson));
}

async function definitions(r: ApiRequest, port: DefinitionsPort, vhost: string | undefined): Promise<void> {
  const method = allow(r, 'GET', 'POST');
  requireAdmin(r);
  if (method === 'GET') {
    const doc = port.export(r.broker, vhost);
    const download = r.url.searchParams.get('download');
    const extra: Record<string, string> = download ? { 'content-disposition': `attachment; filename="${download.replace(/[^\w.-]/g, '_')}"` } : {};
    return sendJson(r.res, 200, doc, extra);
  }
  const doc = await readJson(r.req);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw badRequest('definitions must be a JSON object');
  port.import(r.broker, doc, vhost);
  sendEmpty(r.res);
}
