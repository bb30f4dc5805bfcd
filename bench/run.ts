/**
 * `npm run bench`: every benchmark in its own process (so one's heap and JIT
 * state do not colour another's), each printing its figures as ratios against
 * a baseline run in the same process, then one combined `RESULT {json}` line.
 * `npm run bench -- engine-throughput` runs only the named ones.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const ALL = ['engine-throughput', 'engine-memory', 'topic-routing', 'sim-throughput', 'amqp-perf', 'durable-confirms'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = (wanted.length > 0 ? wanted : ALL).filter((n) => existsSync(`${here}${n}.ts`));

const results: Record<string, unknown> = {};
for (const name of names) {
  console.log(`\n== ${name}`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', `${here}${name}.ts`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const out = r.stdout ?? '';
  const lines = out.trimEnd().split('\n');
  for (const l of lines) if (!l.startsWith('RESULT ')) console.log(l);
  const last = lines.reverse().find((l) => l.startsWith('RESULT '));
  results[name] = last ? JSON.parse(last.slice(7)) : { error: `exit ${r.status ?? r.signal}` };
}
console.log(`RESULT ${JSON.stringify(results)}`);
