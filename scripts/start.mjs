#!/usr/bin/env node
/**
 * `npm start`: build the renderer (vite) and the Electron main (esbuild), then
 * launch Electron. Where the Electron binary is missing, say so in one line
 * and serve the same app in browser mode: a broker plus the web host.
 *
 * Options: --web (browser mode even with Electron), --no-build, --port N
 * (web UI, 15672), --amqp-port N (5672), --host ADDR, --allow-remote (needed
 * for a non-loopback --host).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));

const { values: opts } = parseArgs({
  options: {
    web: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    port: { type: 'string', default: process.env.BROKERLAB_PORT ?? '15672' },
    'amqp-port': { type: 'string', default: '5672' },
    host: { type: 'string', default: '127.0.0.1' },
    'allow-remote': { type: 'boolean', default: false },
  },
});

async function buildRenderer() {
  if (!existsSync(join(root, 'renderer', 'index.html'))) {
    console.log('renderer/index.html not found; skipping the renderer build');
    return;
  }
  const { build } = await import('vite');
  try {
    await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'silent' });
  } catch (e) {
    // Keep going: the host, the API and the last good build still serve.
    console.log(`renderer build failed (${String(e?.message ?? e).replace(/\s+/g, ' ').slice(0, 200)}); serving the previous build or a placeholder`);
  }
}

/** The Electron executable, when its binary is installed (electron's own index.js would try to download it). */
function electronBinary() {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const exe = join(override ?? join(dir, 'dist'), readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? exe : undefined;
}

async function serveInBrowser() {
  const { register } = await import('tsx/esm/api');
  register();
  const { Broker } = await import('../engine/core/broker.ts');
  const { createHostClock } = await import('../engine/adapters/host-clock.ts');
  const { startWebHost } = await import('../engine/adapters/http-host.ts');
  const { startAmqpListener } = await import('../engine/adapters/tcp-listener.ts');
  // One clock for the broker and its simulations (TTLs follow the simulation's speed).
  const clock = createHostClock();
  const broker = new Broker({ scheduler: clock.scheduler });
  const version = readVersion();
  const amqpHost = opts['allow-remote'] ? opts.host : '127.0.0.1';
  const amqp = await startAmqpListener(broker, { host: amqpHost, port: Number(opts['amqp-port']), version, platform: `Node.js ${process.version}` }).catch((e) => {
    console.log(`AMQP listener not started: ${amqpHost}:${opts['amqp-port']} ${e?.code === 'EADDRINUSE' ? 'is in use' : `failed (${e?.message})`}; use --amqp-port to pick another`);
    return undefined;
  });
  const hostOpts = { broker, clock, host: opts.host, allowRemote: opts['allow-remote'], appVersion: version, ...(amqp && { amqp: { ip: amqp.host, port: amqp.port } }) };
  let web;
  try {
    web = await startWebHost({ ...hostOpts, port: Number(opts.port) });
  } catch (e) {
    if (e?.code !== 'EADDRINUSE') throw e;
    web = await startWebHost({ ...hostOpts, port: 0 });
    console.log(`port ${opts.port} is in use; using ${web.port} instead`);
  }
  console.log(`Brokerlab is running at ${web.openUrl}`);
  console.log(`management API: ${web.url}api/overview (guest/guest), metrics: ${web.url}metrics${amqp ? `; AMQP clients: ${amqp.url}` : ''}`);
  const stop = async () => {
    await amqp?.close();
    await web.close();
    broker.closeAll();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function readVersion() {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
}

if (!opts['no-build']) {
  await buildRenderer();
  const { buildElectron } = await import('./build-electron.mjs');
  await buildElectron();
}
const exe = opts.web ? undefined : electronBinary();
if (exe) {
  const child = spawn(exe, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!opts.web) console.log('Electron binary not installed (node_modules/electron/dist is missing): serving Brokerlab in the browser instead.');
  await serveInBrowser();
}
