import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { StudioPage, nodeIds } from './pages/studio-page.ts';
import { expect, test } from './support/studio-fixture.ts';

type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

test.describe('Studio', () => {
  test.describe('a lost link to the host', () => {
    test('shows why it was lost, reconnects by itself and shows live data again', async ({ host, broker, page0, problems }) => {
      // Every WebSocket the host upgrades, so the test can cut one as a broken network would (the page sees 1006).
      const sockets: Duplex[] = [];
      host.server.on('upgrade', (_req: IncomingMessage, socket: Duplex) => void sockets.push(socket));
      const studio = new StudioPage(page0);
      await studio.open(host.openUrl);
      await studio.openExample('lab-slow-consumer');
      // Five minutes instead of 40 s: the run must still be producing after the reconnect, however slow the machine.
      await studio.editInInspector({ 'scenario-duration': '5m' });
      await studio.run(2);
      await expect.poll(() => studio.stat(nodeIds.producer('p'), 'stat-out')).toBeGreaterThan(0);
      expect(sockets).toHaveLength(1);

      // The host stops taking sockets for a while (new ones are cut at once), then the live one is cut.
      const bridge = host.server.listeners('upgrade') as UpgradeListener[];
      host.server.removeAllListeners('upgrade');
      host.server.on('upgrade', (_req: IncomingMessage, socket: Duplex) => void socket.destroy());
      sockets[0]!.destroy();
      const banner = page0.getByTestId('link-banner');
      await expect(banner).toContainText('The connection to the host was lost; reconnecting…');
      await expect(banner).toContainText('The socket closed with code 1006 (the connection broke without a closing handshake).');
      await expect(page0.getByTestId('link-state')).toHaveText('reconnecting');
      await studio.shot('reconnect-lost');
      // Meanwhile the broker changes: only a fresh picture from the host can show it.
      broker.execute({ type: 'queue.declare', vhost: '/', name: 'declared-while-away', durable: false, exclusive: false, autoDelete: false, arguments: {} });

      // The host takes sockets again: the studio comes back on its own, no reload.
      host.server.removeAllListeners('upgrade');
      for (const l of bridge) host.server.on('upgrade', l);
      await expect(page0.getByTestId('link-state')).toHaveText('connected', { timeout: 20_000 });
      await expect(banner).toHaveCount(0);
      await expect(studio.node(nodeIds.queue('declared-while-away'))).toBeVisible();
      // The run's clock moves again over the new socket.
      const simSeconds = async (): Promise<number> => {
        const [h = 0, m = 0, sec = 0] = ((await page0.getByTestId('sim-time').textContent()) ?? '').split(' / ')[0]!.split(':').map(Number);
        return h * 3600 + m * 60 + sec;
      };
      const at = await simSeconds();
      await expect.poll(simSeconds).toBeGreaterThan(at);
      await studio.shot('reconnect-back');
      // The host logged the cut socket, and Chromium each attempt the host cut; nothing else went wrong.
      expect(problems).toContain('host: ws: socket from 127.0.0.1 closed (code 1006)');
      expect(problems.some((p) => /^console: WebSocket connection to '.*' failed: /.test(p))).toBe(true);
      expect(problems.filter((p) => p !== 'host: ws: socket from 127.0.0.1 closed (code 1006)' && !/^console: WebSocket connection to '.*' failed: /.test(p))).toEqual([]);
    });
  });
});
