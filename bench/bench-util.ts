/** Shared helpers for benchmarks: timing, formatting, and the final RESULT line. */
import { pathToFileURL } from 'node:url';

/** Wall-clock seconds for `fn` (benchmarks only; tests never time things). */
export function timeIt(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export async function timeItAsync(fn: () => Promise<void>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** True when the module at `url` is the process's entry point. */
export function isMain(url: string): boolean {
  return process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === url;
}

/** Print the figures and the machine-readable last line. */
export function printResult(name: string, figures: Record<string, unknown>): void {
  console.log(`RESULT ${JSON.stringify({ bench: name, ...figures })}`);
}

/** Force a full GC where node runs with --expose-gc. */
export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
}
