/**
 * `brokerlab serve [--amqp-port 5672] [--host 127.0.0.1] [--http-port 15672 | --no-http]
 * [--data-dir DIR] [--definitions FILE.json] [--loopback-users guest|none|a,b]
 * [--memory-high-watermark 0.4|512MB] [--verbose]`: the broker alone, headless.
 * Real clients connect over AMQP 0-9-1; the web UI and management API run
 * beside it unless `--no-http`. Stops cleanly on SIGINT and SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import type { WebHost } from '../adapters/http-host.ts';
import { createHostClock } from '../adapters/host-clock.ts';
import { DEFAULT_AMQP_HOST, DEFAULT_AMQP_PORT, startAmqpListener } from '../adapters/tcp-listener.ts';
import { Broker } from '../core/broker.ts';
import type { StoreAttachment } from '../store/attach-store.ts';

const USAGE = `usage: brokerlab serve [--amqp-port 5672] [--host 127.0.0.1] [--http-port 15672 | --no-http]
                       [--data-dir DIR] [--definitions FILE.json] [--loopback-users guest|none|a,b]
                       [--memory-high-watermark 0.4|512MB] [--verbose]`;

/** A byte size: a fraction of total memory (`0.4`), or bytes with an optional unit (`512MB`, `2GiB`). */
export function parseWatermark(s: string, total = totalmem()): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(k|m|g)?(i?b)?$/i.exec(s.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2] === undefined && m[3] === undefined && n > 0 && n < 1) return Math.floor(n * total);
  const unit = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? '').toLowerCase() as 'k' | 'm' | 'g'] ?? 1;
  const bytes = Math.floor(n * unit);
  return bytes > 0 ? bytes : undefined;
}

function parsePort(s: string | undefined, fallback: number): number | undefined {
  if (s === undefined) return fallback;
  const n = Number(s);
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : undefined;
}

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function mb(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;
}

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'amqp-port': { type: 'string' },
        host: { type: 'string' },
        'http-port': { type: 'string' },
        'no-http': { type: 'boolean' },
        'data-dir': { type: 'string' },
        'memory-high-watermark': { type: 'string' },
        definitions: { type: 'string' },
        'loopback-users': { type: 'string' },
        verbose: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const amqpPort = parsePort(values['amqp-port'], DEFAULT_AMQP_PORT);
  const httpPort = parsePort(values['http-port'], 15672);
  const watermark = parseWatermark(values['memory-high-watermark'] ?? '0.4');
  if (amqpPort === undefined || httpPort === undefined || watermark === undefined) {
    console.error(`bad port or watermark\n${USAGE}`);
    return 2;
  }
  const host = values.host ?? DEFAULT_AMQP_HOST;
  const appVersion = version();

  // RabbitMQ's load_definitions: users, vhosts, permissions and topology at boot.
  let definitions: unknown;
  if (values.definitions !== undefined) {
    try {
      definitions = JSON.parse(readFileSync(values.definitions, 'utf8'));
    } catch (e) {
      console.error(`brokerlab: cannot read definitions ${values.definitions}: ${(e as Error).message}`);
      return 2;
    }
  }
  // A blank node that imports users does not create guest (docs/definitions.md); `--loopback-users none` lifts the loopback rule.
  const users = (definitions as { users?: unknown } | undefined)?.users;
  const definesUsers = Array.isArray(users) && users.length > 0;
  const loopback = values['loopback-users'];
  // One clock for the broker and the web host's simulations (TTLs follow the simulation's speed).
  const clock = createHostClock();
  const broker = new Broker({
    scheduler: clock.scheduler,
    defaultUser: !definesUsers,
    ...(loopback !== undefined && { loopbackUsers: loopback === 'none' ? [] : loopback.split(',').filter((u) => u !== '') }),
  });
  let store: StoreAttachment | undefined;
  if (values['data-dir'] !== undefined) {
    try {
      // Loaded only when asked for, like the web host: a bare `serve` starts faster.
      const { FileStore } = await import('../adapters/file-store/file-store.ts');
      const { attachStore } = await import('../store/attach-store.ts');
      store = await attachStore(broker, new FileStore(values['data-dir']), { log: (line) => console.log(line) });
    } catch (e) {
      console.error(`brokerlab: cannot open data directory ${values['data-dir']}: ${(e as Error).message}`);
      return 1;
    }
  }
  // After recovery, as RabbitMQ imports definitions once the node's own data is back.
  if (definitions !== undefined) {
    try {
      const { importDefinitions } = await import('../sim/definitions/apply.ts');
      const r = importDefinitions(broker, definitions);
      console.log(`Definitions: ${r.applied} item(s) from ${values.definitions}${r.warnings.length > 0 ? `, ${r.warnings.length} warning(s)` : ''}.`);
    } catch (e) {
      console.error(`brokerlab: definitions ${values.definitions} not imported: ${(e as Error).message}`);
      await store?.close();
      return 2;
    }
  }
  if (values.verbose) {
    broker.events.on('connection.opened', (e) => console.log(`connection ${e.connectionId} opened: ${e.name} (user '${e.user}', vhost '${e.vhost}')`));
    broker.events.on('connection.closed', (e) => console.log(`connection ${e.connectionId} closed`));
    broker.events.on('error', (e) => console.log(`connection ${e.connectionId} channel ${e.channel}: ${e.error.replyText}`));
  }

  const listener = await startAmqpListener(broker, {
    host,
    port: amqpPort,
    version: appVersion,
    platform: `Node.js ${process.version}`,
    memory: { highWatermarkBytes: watermark, measure: () => process.memoryUsage.rss() },
  }).catch((e: unknown) => {
    console.error(`brokerlab: cannot listen for AMQP on ${host}:${amqpPort}: ${(e as Error).message}`);
    return undefined;
  });
  if (!listener) {
    await store?.close();
    return 1;
  }
  console.log(`Brokerlab ${appVersion}: AMQP 0-9-1 on ${listener.url} (guest/guest from loopback only)`);
  console.log(`Memory high watermark: ${mb(watermark)} of process memory; publishers are blocked above it.`);
  console.log(store ? `Durable data in ${values['data-dir']}.` : 'No --data-dir: everything is kept in memory and lost on exit.');

  let web: WebHost | undefined;
  if (!values['no-http']) {
    const webHost = host === '127.0.0.1' || host === 'localhost' || host === '::1' ? host : '127.0.0.1';
    try {
      const { startWebHost } = await import('../adapters/http-host.ts');
      web = await startWebHost({ broker, clock, host: webHost, port: httpPort, appVersion, amqp: { ip: listener.host, port: listener.port }, log: (line) => console.log(line) });
      console.log(`Web UI and management API: ${web.openUrl}`);
    } catch (e) {
      console.error(`brokerlab: web UI not started (${(e as Error).message}); the AMQP listener keeps running.`);
    }
  }
  console.log('Press Ctrl+C to stop.');

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      console.log(`${signal}: closing ${listener.server.connections.size} connection(s) and stopping.`);
      void (async () => {
        await listener.close();
        await web?.close();
        await store?.close();
        // The paced host clock keeps a host timer for the broker's pending timers (consumer timeouts): stop it.
        clock.pause();
        console.log('Stopped.');
        resolve(0);
      })();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
