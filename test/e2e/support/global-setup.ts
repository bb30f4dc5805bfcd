import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Build the renderer once before the browser tests, so a fresh clone (as CI
 * has) tests the app as it is now, never a stale or missing build.
 */
export default function globalSetup(): void {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) throw new Error(`the renderer did not build (vite build exited ${r.status ?? r.signal})`);
}
