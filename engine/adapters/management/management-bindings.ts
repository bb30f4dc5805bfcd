import { z } from 'zod';
import type { BoundBinding } from '../../core/exchange.ts';
import { fieldTableSchema } from '../../host/field-json.ts';
import { HttpError, notFoundError, sendEmpty, sendJson } from '../http-util.ts';
import type { ApiRequest } from './api-request.ts';
import { allow, exchangeFromUrl, parseBody } from './api-request.ts';
import { visibleVhosts } from './management-topology.ts';
import { bindingJson, defaultBindingJson, propertiesKey, sortBindings } from './rabbit-json.ts';
import type { Json } from './rabbit-json.ts';

const bindingBody = z.looseObject({ routing_key: z.string().default(''), arguments: fieldTableSchema.default({}) });

const keyOf = (b: BoundBinding): string => propertiesKey(b.routingKey, b.arguments);

/** A properties key with its routing-key part unquoted (a client that put it in the URL unescaped). */
function unquoted(key: string): string {
  const i = key.indexOf('~');
  const rk = i < 0 ? key : key.slice(0, i);
  const rest = i < 0 ? '' : key.slice(i);
  return decodeURIComponent(rk.replace(/\+/g, ' ')) + rest;
}

/**
 * RabbitMQ's per-binding endpoints: /api/bindings/{vhost}/e/{source}/{q|e}/{destination}
 * (GET lists the bindings between the two, POST adds one and answers 201
 * with its properties key in `Location`), and …/{props} (GET one, DELETE it);
 * /api/exchanges/{vhost}/{name}/bindings/{source|destination} and
 * /api/queues/{vhost}/{name}/bindings. True when the path was one of these.
 */
export async function bindingRoutes(r: ApiRequest): Promise<boolean> {
  const s = r.segs;
  if (s[0] === 'exchanges' && s.length === 5 && s[3] === 'bindings' && (s[4] === 'source' || s[4] === 'destination')) {
    allow(r, 'GET');
    const v = visibleVhosts(r, s[1]!)[0]!;
    const name = exchangeFromUrl(s[2]!);
    if (!v.exchanges.has(name)) throw notFoundError();
    const side = s[4] === 'source' ? (b: BoundBinding) => b.source === name : (b: BoundBinding) => b.destinationType === 'exchange' && b.destination === name;
    sendJson(r.res, 200, sortBindings([...v.bindings.values()].filter(side).map(bindingJson), s[4] === 'source' ? 'reverse' : 'route'));
    return true;
  }
  if (s[0] === 'queues' && s.length === 4 && s[3] === 'bindings') {
    allow(r, 'GET');
    const v = visibleVhosts(r, s[1]!)[0]!;
    const q = v.queues.get(s[2]!);
    if (!q) throw notFoundError();
    const own = [...v.bindings.values()].filter((b) => b.destinationType === 'queue' && b.destination === q.name).map(bindingJson);
    sendJson(r.res, 200, sortBindings([defaultBindingJson(q), ...own]));
    return true;
  }
  if (s[0] !== 'bindings' || (s.length !== 6 && s.length !== 7) || s[2] !== 'e' || (s[4] !== 'q' && s[4] !== 'e')) return false;
  const v = visibleVhosts(r, s[1]!)[0]!;
  const source = exchangeFromUrl(s[3]!);
  const destinationType = s[4] === 'q' ? 'queue' : 'exchange';
  const destination = s[5]!;
  const exists = destinationType === 'queue' ? v.queues.has(destination) : v.exchanges.has(exchangeFromUrl(destination));
  if (r.req.method === 'POST') {
    // Adding a binding names what is missing, in RabbitMQ's words.
    const missing = !v.exchanges.has(source) ? `exchange '${source}'` : !exists ? `${destinationType} '${destination}'` : undefined;
    if (missing) throw new HttpError(404, 'not_found', `no ${missing} in vhost '${v.name}'`);
  }
  if (!v.exchanges.has(source) || !exists) throw notFoundError();
  const between = [...v.bindings.values()].filter((b) => b.source === source && b.destinationType === destinationType && b.destination === destination);
  const ctx = { user: r.user.name };
  if (s.length === 6) {
    const method = allow(r, 'GET', 'POST');
    if (method === 'GET') {
      sendJson(r.res, 200, sortBindings(between.map(bindingJson)));
      return true;
    }
    const body = await parseBody(r.req, bindingBody);
    r.broker.execute({ type: 'binding.add', vhost: v.name, source, destination, destinationType, routingKey: body.routing_key, arguments: body.arguments }, ctx);
    // Relative to the request, as RabbitMQ writes it: `{destination}/{properties key}`, each escaped for a URL.
    r.res.setHeader('location', `${encodeURIComponent(destination)}/${encodeURIComponent(propertiesKey(body.routing_key, body.arguments))}`);
    sendEmpty(r.res, 201);
    return true;
  }
  const method = allow(r, 'GET', 'DELETE');
  // The key arrives decoded once: as the management UI sends it (escaped again, so it is the key itself), or raw.
  const found = between.find((b) => keyOf(b) === s[6] || unquoted(keyOf(b)) === s[6]);
  if (!found) throw notFoundError();
  if (method === 'GET') {
    sendJson(r.res, 200, bindingJson(found) as Json);
    return true;
  }
  r.broker.execute({ type: 'binding.remove', vhost: v.name, source, destination, destinationType, routingKey: found.routingKey, arguments: found.arguments }, ctx);
  sendEmpty(r.res);
  return true;
}
