/**
 * `npm run bench`: every benchmark in its own process (so one's heap and JIT
 * state do not colour another's), each printing its figures as ratios against
 * a baseline run in the same process, then one combined `RESULT {json}` line.
 * `npm run bench -- engine-throughput` runs only the named ones.
 *
 * ui-frames drives Chromium: skipped (with the reason) when there is none, and
 * short here (10 s phases); BENCH_SECONDS / BENCH_BASELINE_SECONDS make it longer.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const ALL = ['engine-throughput', 'engine-memory', 'topic-routing', 'sim-throughput', 'amqp-perf', 'durable-confirms', 'ui-frames'];
const CHROMIUM = process.env['BROKERLAB_CHROMIUM'] ?? '/usr/bin/chromium';
/** Why a benchmark cannot run here, if it cannot. */
const skip: Record<string, () => string | undefined> = {
  'ui-frames': () => (existsSync(CHROMIUM) ? undefined : `skipped: no Chromium at ${CHROMIUM} (set BROKERLAB_CHROMIUM)`),
};
const extraEnv: Record<string, Record<string, string>> = {
  'ui-frames': { BENCH_SECONDS: process.env['BENCH_SECONDS'] ?? '10', BENCH_BASELINE_SECONDS: process.env['BENCH_BASELINE_SECONDS'] ?? '10' },
};
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = (wanted.length > 0 ? wanted : ALL).filter((n) => existsSync(`${here}${n}.ts`));

const results: Record<string, unknown> = {};
for (const name of names) {
  console.log(`\n== ${name}`);
  const why = skip[name]?.();
  if (why) {
    console.log(why);
    results[name] = { skipped: why };
    continue;
  }
  const env = { ...process.env, ...extraEnv[name] };
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', `${here}${name}.ts`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env });
  const out = r.stdout ?? '';
  const lines = out.trimEnd().split('\n');
  for (const l of lines) if (!l.startsWith('RESULT ')) console.log(l);
  const last = lines.reverse().find((l) => l.startsWith('RESULT '));
  results[name] = last ? JSON.parse(last.slice(7)) : { error: `exit ${r.status ?? r.signal}` };
}
console.log(`RESULT ${JSON.stringify(results)}`);
