import type { IncomingMessage, ServerResponse } from 'node:http';

/** Headers every response carries. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/** A failure answered with RabbitMQ's error JSON: `{"error": ..., "reason": ...}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly reason: string,
  ) {
    super(`${error}: ${reason}`);
  }
}

export const badRequest = (reason: string): HttpError => new HttpError(400, 'bad_request', reason);
export const notFoundError = (): HttpError => new HttpError(404, 'Object Not Found', 'Not Found');

export function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, ...extra, 'content-type': 'application/json', 'cache-control': 'no-cache', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

export function sendError(res: ServerResponse, e: HttpError): void {
  const extra: Record<string, string> = e.status === 401 ? { 'www-authenticate': 'Basic realm="RabbitMQ Management"' } : {};
  sendJson(res, e.status, { error: e.error, reason: e.reason }, extra);
}

export function sendEmpty(res: ServerResponse, status = 204): void {
  res.writeHead(status, { ...SECURITY_HEADERS });
  res.end();
}

/** Read a request body up to `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, 'bad_request', `request body larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Read a JSON body; an empty body is `{}`. */
export async function readJson(req: IncomingMessage, limit = 64 * 1024 * 1024): Promise<unknown> {
  const buf = await readBody(req, limit);
  if (buf.length === 0) return {};
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch (e) {
    throw badRequest(`body is not JSON: ${(e as Error).message}`);
  }
}
