import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWebHost } from '../../../engine/adapters/http-host.ts';
import type { WebHost } from '../../../engine/adapters/http-host.ts';
import { createHostClock } from '../../../engine/adapters/host-clock.ts';
import { Broker } from '../../../engine/core/broker.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** The built renderer the studio tests load. */
export const RENDERER_DIR = process.env['BROKERLAB_RENDERER_DIR'] ?? join(root, 'dist-renderer');

/**
 * A fresh broker and web host on a free loopback port, serving the built
 * renderer (and its simulator), wired as `brokerlab serve` and the desktop app
 * are: the broker and the simulations share one clock. `log` hears the host's
 * WebSocket diagnostics (each socket close, with its code).
 */
export async function startAppHost(opts: { log?: (line: string) => void } = {}): Promise<{ host: WebHost; broker: Broker }> {
  const clock = createHostClock();
  const broker = new Broker({ scheduler: clock.scheduler });
  const host = await startWebHost({ broker, port: 0, staticDir: RENDERER_DIR, clock, ...(opts.log !== undefined && { log: opts.log }) });
  const close = host.close.bind(host);
  // The clock's pump is a host timer: stop it with the host.
  return { host: { ...host, close: async () => (await close(), clock.pause()) }, broker };
}

// Run directly (`node --import tsx test/e2e/support/app-host.ts`): a host to look at by hand.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { host } = await startAppHost();
  console.log(host.openUrl);
}
