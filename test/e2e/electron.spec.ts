import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The Electron executable, if its binary was downloaded (electron's index.js would try to fetch it). */
function electronExecutable(): string | undefined {
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const exe = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? exe : undefined;
}

const exe = electronExecutable();
const built = existsSync(join(root, 'dist-electron', 'main.cjs')) && existsSync(join(root, 'dist-renderer', 'index.html'));

test.describe('desktop app', () => {
  test.skip(exe === undefined, 'Electron binary not installed (node_modules/electron/dist missing)');
  test.skip(exe !== undefined && !built, 'app not built: run `npm run build` first');

  test('opens one sandboxed window whose bridge speaks the host contract', async () => {
    const app = await electron.launch({ executablePath: exe!, args: [root], env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' } });
    try {
      const win = await app.firstWindow();
      expect(win.url()).toBe('app://brokerlab/index.html');
      const info = await win.evaluate(async () => {
        const api = (window as unknown as { brokerlab: { invoke(c: string, p: unknown): Promise<unknown> } }).brokerlab;
        return api.invoke('host:info', {});
      });
      expect(info).toMatchObject({ ok: true, value: { mode: 'desktop' } });
      expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await win.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    } finally {
      await app.close();
    }
  });
});
