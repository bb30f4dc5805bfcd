import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Broker } from '../../core/broker.ts';
import type { AttachOptions, StoreAttachment } from '../../store/attach-store.ts';
import { attachStore } from '../../store/attach-store.ts';
import type { FileStoreOptions } from './file-store.ts';
import { FileStore } from './file-store.ts';

/** Open (creating if needed) the file store in `dir`. Throws only when another process holds it. */
export function openFileStore(dir: string, opts: FileStoreOptions = {}): FileStore {
  mkdirSync(dir, { recursive: true });
  return new FileStore(dir, opts);
}

export interface DataDirOptions extends AttachOptions {
  store?: FileStoreOptions;
}

/**
 * Make `broker` durable with the store in `dir`: recover what it holds, then
 * persist from now on. Call on a freshly constructed broker, before any
 * listener accepts clients. `close()` on the result flushes and releases the
 * directory (call it on shutdown; a crash is what the store is built for).
 */
export function openDataDir(broker: Broker, dir: string, opts: DataDirOptions = {}): Promise<StoreAttachment> {
  return attachStore(broker, openFileStore(dir, opts.store), opts);
}

/**
 * The desktop app's data directory: `broker-data` under Electron's
 * `app.getPath('userData')`. The main process calls
 * `openDataDir(broker, desktopDataDir(app.getPath('userData')))`.
 */
export function desktopDataDir(userDataPath: string): string {
  return join(userDataPath, 'broker-data');
}
