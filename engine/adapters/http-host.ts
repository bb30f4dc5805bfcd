import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Broker } from '../core/broker.ts';
import { contentSecurityPolicy } from '../host/csp.ts';
import { simDefinitions } from '../host/definitions-port.ts';
import type { DefinitionsPort, SimulationPort } from '../host/host-ports.ts';
import { RunnerSimulation } from '../host/sim-port.ts';
import { sharedClockSimulation } from './host-clock.ts';
import { PacedClock } from './paced-clock.ts';
import { HostService } from '../host/host-service.ts';
import { isLoopbackHostHeader, newToken } from './http-auth.ts';
import type { HttpRoute } from './http-route.ts';
import { HttpError, SECURITY_HEADERS, sendError } from './http-util.ts';
import { managementApi } from './management/management-api.ts';
import { prometheusRoute } from './management/prometheus.ts';
import { serveStatic } from './static-files.ts';
import { WsBridge } from './ws-bridge.ts';

/** RabbitMQ's management port. */
export const DEFAULT_WEB_PORT = 15672;
export const DEFAULT_WEB_HOST = '127.0.0.1';

export interface WebHostOptions {
  broker: Broker;
  /** The host service to expose; one is created (mode 'web') when absent. */
  service?: HostService;
  /** Bind address; loopback by default. */
  host?: string;
  /** Port; 15672 by default, 0 for any free port. */
  port?: number;
  /** Required to bind to a non-loopback address. Authentication stays on either way. */
  allowRemote?: boolean;
  /** The built renderer (`vite build` output); `dist-renderer/` at the repository root by default. */
  staticDir?: string;
  /** Definitions import/export, for the created service and the management API. */
  definitions?: DefinitionsPort;
  /** The owner's token for `openUrl`; random by default. */
  token?: string;
  appVersion?: string;
  /** The simulator for the created service; a real-time runner on `broker` by default. */
  simulation?: SimulationPort;
  /** The broker's clock when it is a host clock (createHostClock): simulations then share it. */
  clock?: PacedClock;
  /** The AMQP listener serving this broker, when one runs (shown in host:info and /api/overview). */
  amqp?: { ip: string; port: number };
  /** HTTP routes tried before the static files; the management API and /metrics by default. */
  routes?: readonly HttpRoute[];
  /** For the created service: false pushes every snapshot whole instead of deltas (a benchmark's baseline). */
  liveDeltas?: boolean;
  /** Told, as lines of text, when WebSocket clients disconnect and why. */
  log?: (line: string) => void;
}

export interface WebHost {
  /** Base URL, e.g. http://127.0.0.1:15672/ */
  url: string;
  /** The URL to open in a browser: logs the UI in with the owner's token. */
  openUrl: string;
  host: string;
  port: number;
  token: string;
  service: HostService;
  server: Server;
  close(): Promise<void>;
}

/** True for a loopback bind address. */
export function isLoopbackBind(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

const DEFAULT_STATIC = fileURLToPath(new URL('../../dist-renderer/', import.meta.url));

/**
 * Serve the renderer, the host contract over a WebSocket at `/ws`, and the
 * given routes (management API, metrics) on one HTTP server. Loopback only
 * unless `allowRemote`; on loopback, requests must name the server by a
 * loopback Host header (no DNS rebinding) and sockets must come from its own
 * origin.
 */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const host = opts.host ?? DEFAULT_WEB_HOST;
  if (!isLoopbackBind(host) && !opts.allowRemote) {
    throw new Error(`refusing to listen on ${host}: binding to a non-loopback address needs allowRemote (--allow-remote)`);
  }
  const loopback = isLoopbackBind(host);
  const token = opts.token ?? newToken();
  const ownService = opts.service === undefined;
  const service =
    opts.service ??
    new HostService({
      broker: opts.broker,
      mode: 'web',
      ...(opts.appVersion !== undefined && { appVersion: opts.appVersion }),
      ...(opts.definitions !== undefined && { definitions: opts.definitions }),
      simulation: opts.simulation ?? (opts.clock ? sharedClockSimulation(opts.broker, opts.clock) : new RunnerSimulation({ broker: opts.broker, clock: (speed) => new PacedClock({ speed }) })),
      ...(opts.amqp !== undefined && { amqpEndpoint: () => ({ host: opts.amqp!.ip, port: opts.amqp!.port }) }),
      ...(opts.liveDeltas !== undefined && { liveDeltas: opts.liveDeltas }),
    });
  const staticDir = opts.staticDir ?? DEFAULT_STATIC;
  let port = 0;
  const routes = opts.routes ?? [
    managementApi({
      broker: opts.broker,
      definitions: opts.definitions ?? simDefinitions,
      overview: () => ({ appVersion: opts.appVersion ?? '0.0.0', http: { ip: host, port }, amqp: opts.amqp }),
    }),
    prometheusRoute(opts.broker, !loopback),
  ];
  const pageHeaders = { ...SECURITY_HEADERS, 'content-security-policy': contentSecurityPolicy() };
  const hostOk = (req: IncomingMessage): boolean => !loopback || isLoopbackHostHeader(req.headers.host, port);

  const server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      const err = e instanceof HttpError ? e : new HttpError(500, 'internal_server_error', e instanceof Error ? e.message : String(e));
      if (!res.headersSent) sendError(res, err);
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostOk(req)) throw new HttpError(403, 'forbidden', 'unexpected Host header');
    const url = new URL(req.url ?? '/', 'http://x');
    for (const r of routes) if (await r.handle(req, res, url)) return;
    if (url.pathname.startsWith('/api/') || url.pathname === '/api') throw new HttpError(404, 'Object Not Found', 'Not Found');
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method_not_allowed', `${req.method} not allowed`);
    await serveStatic(staticDir, req, res, pageHeaders);
  }

  const bridge = new WsBridge(server, {
    service,
    token,
    ...(opts.log !== undefined && { log: opts.log }),
    acceptUpgrade: (req) => {
      if (!hostOk(req)) return false;
      const origin = req.headers.origin;
      return origin === undefined || origin === `http://${req.headers.host}`;
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? DEFAULT_WEB_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shown}:${port}/`;
  return {
    url,
    openUrl: `${url}?token=${encodeURIComponent(token)}`,
    host,
    port,
    token,
    service,
    server,
    close: async () => {
      await bridge.close();
      if (ownService) service.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
