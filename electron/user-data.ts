/**
 * Small JSON files in the app's user-data folder: settings, window state,
 * recent files. Each is validated when read; a missing or broken file means
 * defaults, never a crash. Written atomically (temp file, then rename).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { Settings } from '../engine/host/contract.ts';
import { DEFAULT_SETTINGS, settingsSchema } from '../engine/host/contract.ts';
import type { SettingsStore } from '../engine/host/host-ports.ts';
import type { WindowState } from './window-options.ts';

/** Read a JSON file through a schema; undefined when missing or invalid. */
export function readJsonFile<T extends z.ZodType>(path: string, schema: T): z.output<T> | undefined {
  try {
    const r = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

export function writeJsonFile(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
  renameSync(tmp, path);
}

/** Settings in `settings.json`, merged over the defaults so a new setting gets its default. */
export function fileSettings(dir: string): SettingsStore {
  const path = join(dir, 'settings.json');
  return {
    load: (): Settings => {
      const raw = readJsonFile(path, z.record(z.string(), z.unknown())) ?? {};
      const r = settingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...raw });
      return r.success ? r.data : { ...DEFAULT_SETTINGS };
    },
    save: (s) => writeJsonFile(path, s),
  };
}

const windowStateSchema = z.object({
  x: z.number().int().exactOptional(),
  y: z.number().int().exactOptional(),
  width: z.number().int().min(100).max(20_000),
  height: z.number().int().min(100).max(20_000),
  maximized: z.boolean(),
});

export function loadWindowState(dir: string): WindowState | undefined {
  return readJsonFile(join(dir, 'window-state.json'), windowStateSchema);
}

export function saveWindowState(dir: string, state: WindowState): void {
  writeJsonFile(join(dir, 'window-state.json'), state);
}

/** Most recent first, without duplicates, at most `max`. */
export class RecentFiles {
  private readonly path: string;
  private list: string[];

  constructor(
    dir: string,
    private readonly max = 10,
  ) {
    this.path = join(dir, 'recent-files.json');
    this.list = readJsonFile(this.path, z.array(z.string().min(1).max(4096))) ?? [];
  }

  get files(): string[] {
    return [...this.list];
  }

  add(file: string): void {
    this.list = [file, ...this.list.filter((f) => f !== file)].slice(0, this.max);
    writeJsonFile(this.path, this.list);
  }

  remove(file: string): void {
    this.list = this.list.filter((f) => f !== file);
    writeJsonFile(this.path, this.list);
  }
}
