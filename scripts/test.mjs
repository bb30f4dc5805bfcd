// `npm test`: every test. Type checks, then vitest (unit, real clients over
// TCP, store crash tests), then Playwright in Chromium. Each stage runs even
// when an earlier one failed, so one report shows everything; the exit status
// is non-zero when any stage failed.
import { spawnSync } from 'node:child_process';

const stages = [
  ['type check', ['npx', 'tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['type check (pure engine)', ['npx', 'tsc', '-p', 'engine/tsconfig.core.json', '--noEmit']],
  ['vitest', ['npx', 'vitest', 'run']],
  ['playwright', ['npx', 'playwright', 'test']],
];

const failed = [];
for (const [name, [cmd, ...args]] of stages) {
  console.log(`\n▶ ${name}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) failed.push(name);
}
if (failed.length > 0) {
  console.log(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}
