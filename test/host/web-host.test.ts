import { describe, expect, test } from 'vitest';
import { startWebHost } from '../../engine/adapters/http-host.ts';
import { RealScheduler } from '../../engine/adapters/real-scheduler.ts';
import { resolveStaticPath } from '../../engine/adapters/static-files.ts';
import { Broker } from '../../engine/core/broker.ts';
import { startTestHost } from './web-host-fixture.ts';

describe('web host', () => {
  test('refuses a non-loopback bind without the explicit flag', async () => {
    const broker = new Broker({ scheduler: new RealScheduler() });
    await expect(startWebHost({ broker, host: '0.0.0.0', port: 0 })).rejects.toThrow(/allowRemote/);
  });

  test('binds elsewhere with the flag, and the API still needs credentials', async () => {
    const broker = new Broker({ scheduler: new RealScheduler() });
    const h = await startWebHost({ broker, host: '0.0.0.0', port: 0, allowRemote: true });
    try {
      expect((await fetch(`http://127.0.0.1:${h.port}/api/overview`)).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${h.port}/metrics`)).status).toBe(401);
    } finally {
      await h.close();
    }
  });

  test('serves the renderer with a CSP, and index.html for app paths', async () => {
    const { host } = await startTestHost();
    try {
      const page = await fetch(host.url);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(await page.text()).toContain('Brokerlab test');
      expect(await (await fetch(new URL('/queues/orders', host.url))).text()).toContain('Brokerlab test');
      expect((await fetch(new URL('/missing.js', host.url))).status).toBe(404);
      expect((await fetch(new URL('/x', host.url), { method: 'POST' })).status).toBe(405);
    } finally {
      await host.close();
    }
  });

  test('never resolves a path outside the renderer folder', () => {
    expect(resolveStaticPath('/srv/app', '/../etc/passwd')).toBe('/srv/app/etc/passwd');
    expect(resolveStaticPath('/srv/app', '/%2e%2e/%2e%2e/etc/passwd')).toBe('/srv/app/etc/passwd');
    expect(resolveStaticPath('/srv/app', '/a%00b')).toBeUndefined();
    expect(resolveStaticPath('/srv/app', '/%E0%A4%A')).toBeUndefined();
  });
});
