/**
 * Bundle the Electron main process and preload into dist-electron/ with
 * esbuild: one CommonJS file each (a sandboxed preload cannot load modules,
 * and the package is "type": "module", hence .cjs). `electron` stays external.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Build both bundles; resolves to the output directory. */
export async function buildElectron({ minify = false } = {}) {
  await build({
    absWorkingDir: root,
    entryPoints: { main: 'electron/main.ts', preload: 'electron/preload.ts' },
    outdir: 'dist-electron',
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron'],
    sourcemap: true,
    minify,
    logLevel: 'warning',
  });
  return `${root}dist-electron`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildElectron({ minify: process.argv.includes('--minify') });
  console.log('built dist-electron/main.cjs and dist-electron/preload.cjs');
}
