import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '../../engine/adapters/file-store/file-store.ts';
import type { FileStoreOptions } from '../../engine/adapters/file-store/file-store.ts';
import { MemoryStore, MemoryStoreData } from '../../engine/store/memory-store.ts';
import type { MessageStore } from '../../engine/store/store.ts';

/** Where a store lives across restarts, and what a crash leaves of it. */
export interface CrashablePlace {
  readonly kind: 'memory' | 'file';
  /** The data directory (file stores). */
  readonly dir?: string;
  open(): MessageStore;
  /** A new place holding what is on "disk" now (the running store keeps the old one). */
  crash(): CrashablePlace;
  dispose(): void;
}

export function memoryPlace(data = new MemoryStoreData()): CrashablePlace {
  return { kind: 'memory', open: () => new MemoryStore(data), crash: () => memoryPlace(data.copy()), dispose: () => {} };
}

const dirs: string[] = [];

export function filePlace(dir = mkdtempSync(join(tmpdir(), 'brokerlab-restart-')), opts: FileStoreOptions = {}): CrashablePlace {
  dirs.push(dir);
  return {
    kind: 'file',
    dir,
    open: () => new FileStore(dir, opts),
    crash: () => {
      const copy = mkdtempSync(join(tmpdir(), 'brokerlab-crash-'));
      cpSync(dir, copy, { recursive: true, filter: (src) => !src.endsWith('LOCK') });
      return filePlace(copy, opts);
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Remove every temporary directory made by `filePlace`. */
export function removeTempDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export const PLACES: [string, () => CrashablePlace][] = [
  ['memory', () => memoryPlace()],
  ['file', () => filePlace()],
];
