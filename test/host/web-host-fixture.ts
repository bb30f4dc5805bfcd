import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RealScheduler } from '../../engine/adapters/real-scheduler.ts';
import type { WebHost, WebHostOptions } from '../../engine/adapters/http-host.ts';
import { startWebHost } from '../../engine/adapters/http-host.ts';
import { Broker } from '../../engine/core/broker.ts';

/** A broker with a web host on a free loopback port, serving a stub renderer. */
export async function startTestHost(opts: Partial<WebHostOptions> = {}): Promise<{ broker: Broker; host: WebHost; api: Api }> {
  const staticDir = mkdtempSync(join(tmpdir(), 'brokerlab-renderer-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Brokerlab test</title><div id="root">stub</div>');
  const broker = opts.broker ?? new Broker({ scheduler: new RealScheduler() });
  const host = await startWebHost({ port: 0, staticDir, ...opts, broker });
  return { broker, host, api: new Api(host.url) };
}

/** Management API calls with basic auth (guest/guest unless told). */
export class Api {
  constructor(
    readonly base: string,
    private readonly auth = 'guest:guest',
  ) {}

  as(user: string, password: string): Api {
    return new Api(this.base, `${user}:${password}`);
  }

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown; text: string; headers: Headers }> {
    const init: RequestInit = { method, headers: { authorization: `Basic ${Buffer.from(this.auth).toString('base64')}`, 'content-type': 'application/json' } };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const res = await fetch(new URL(path, this.base), init);
    const text = await res.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, headers: res.headers };
  }

  get(path: string) {
    return this.request('GET', path);
  }
  post(path: string, body?: unknown) {
    return this.request('POST', path, body ?? {});
  }
  put(path: string, body?: unknown) {
    return this.request('PUT', path, body ?? {});
  }
  delete(path: string) {
    return this.request('DELETE', path);
  }
}
