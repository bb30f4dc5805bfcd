import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('npm start without the Electron binary', () => {
  test('says so in one line and serves the app in browser mode, printing the URL', async () => {
    const child = spawn(process.execPath, ['scripts/start.mjs', '--no-build', '--port', '0', '--amqp-port', '0'], {
      cwd: root,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent/electron-dist' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await expect.poll(() => out, { timeout: 20_000 }).toMatch(/running at (http:\S+)/);
      const lines = out.trim().split('\n');
      expect(lines.filter((l) => /Electron binary not installed/.test(l))).toHaveLength(1);
      const url = /running at (http:\S+)/.exec(out)![1]!;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
      expect((await fetch(url)).status).toBe(200);
      const overview = await fetch(new URL('/api/overview', url), { headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}` } });
      expect(((await overview.json()) as { listeners: unknown[] }).listeners).toHaveLength(1);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
