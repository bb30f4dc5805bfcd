import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { Broker } from '../../core/broker.ts';
import { AmqpError } from '../../core/errors.ts';
import type { User } from '../../core/users.ts';
import { HostFailure } from '../../host/host-error.ts';
import { HttpError, badRequest, notFoundError, readJson } from '../http-util.ts';
import type { RateSampler } from './rate-sampler.ts';

/** Everything a management request handler can use. */
export interface ApiRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Path after `/api/`, split at `/` and then decoded (so `%2F` is the vhost `/`). */
  segs: string[];
  user: User;
  broker: Broker;
  rates: RateSampler;
  /** True when the user may see every vhost (administrator or monitoring tag). */
  seesAll: boolean;
}

/** The exchange named in a URL: RabbitMQ writes the default exchange as `amq.default`. */
export const exchangeFromUrl = (name: string): string => (name === 'amq.default' ? '' : name);

/** Parse a JSON body with a schema; a bad one is a 400 naming the field. */
export async function parseBody<T extends z.ZodType>(req: IncomingMessage, schema: T): Promise<z.output<T>> {
  const r = schema.safeParse(await readJson(req));
  if (r.success) return r.data;
  const i = r.error.issues[0];
  throw badRequest(i ? `${i.path.join('.') || 'body'}: ${i.message}` : 'invalid body');
}

/** RabbitMQ's HTTP answers for broker and host errors. */
export function toHttpError(e: unknown): HttpError {
  if (e instanceof HttpError) return e;
  if (e instanceof HostFailure) {
    if (e.code === 'not-found') return notFoundError();
    if (e.code === 'unauthorized') return new HttpError(403, 'not_authorised', e.message);
    return badRequest(e.message);
  }
  if (e instanceof AmqpError) {
    if (e.code === 404) return notFoundError();
    if (e.code === 403 || e.code === 530) return new HttpError(403, 'access_refused', e.replyText);
    // RabbitMQ gives the explanation alone ("inequivalent arg …"), without the reply code's name.
    return badRequest(e.detail);
  }
  return new HttpError(500, 'internal_server_error', e instanceof Error ? e.message : String(e));
}

/** The method must be one of `allowed`. */
export function allow(r: ApiRequest, ...allowed: string[]): string {
  const m = r.req.method ?? 'GET';
  if (!allowed.includes(m)) throw new HttpError(405, 'method_not_allowed', `${m} not allowed`);
  return m;
}

export function requireAdmin(r: ApiRequest): void {
  if (!r.user.tags.includes('administrator')) throw new HttpError(403, 'not_authorised', 'Not administrator user');
}

