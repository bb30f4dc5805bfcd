import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..');
/** Folders of the pure engine: no I/O, no host, no UI. */
const PURE = ['engine/core', 'engine/sim', 'engine/metrics'];
const FORBIDDEN = /^(node:|electron$|react($|-dom|\/)|@xyflow\/|zustand|recharts|ws$|fs$|net$|http$|https$|child_process$|os$|path$|crypto$|amqplib)/;

function* tsFiles(dir: string): Generator<string> {
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) yield* tsFiles(p);
    else if (/\.tsx?$/.test(e) && !e.endsWith('.test.ts')) yield p;
  }
}

/** Module specifiers a source file imports (static, dynamic and re-exports). */
export function importsOf(source: string): string[] {
  const out: string[] = [];
  const re = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;
  for (const m of source.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3])!);
  return out;
}

describe('architecture', () => {
  test('the import scanner sees static, dynamic and side-effect imports', () => {
    const src = `import { a } from 'node:fs';\nexport { b } from "./b.ts";\nconst x = await import('electron');\nimport 'react';`;
    expect(importsOf(src)).toEqual(['node:fs', './b.ts', 'electron', 'react']);
  });

  test('the pure engine imports nothing from node, electron, react or the network', () => {
    const offenders: string[] = [];
    for (const dir of PURE) {
      for (const f of tsFiles(join(root, dir))) {
        for (const spec of importsOf(readFileSync(f, 'utf8'))) {
          if (FORBIDDEN.test(spec)) offenders.push(`${relative(root, f)} imports '${spec}'`);
          if (spec.startsWith('.') && /\/(adapters|cli|host)\//.test(join(f, '..', spec))) {
            offenders.push(`${relative(root, f)} imports the adapter '${spec}'`);
          }
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  test('nothing under engine/ imports electron or react', () => {
    const offenders: string[] = [];
    for (const f of tsFiles(join(root, 'engine'))) {
      for (const spec of importsOf(readFileSync(f, 'utf8'))) {
        if (/^(electron|react|react-dom)($|\/)/.test(spec)) offenders.push(`${relative(root, f)} imports '${spec}'`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
