/**
 * Scenario files for the desktop app: JSON documents opened and saved through
 * the system dialogs. The dialogs are injected so the file rules are testable;
 * the document's schema, version and migrations are the simulator's to check
 * (`sim:load`), here it only has to be a JSON object of sane size.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import type { ScenarioFilesPort } from '../engine/host/host-ports.ts';
import { HostFailure } from '../engine/host/host-error.ts';
import type { RecentFiles } from './user-data.ts';

/** Scenario files larger than this are refused rather than read into memory. */
export const MAX_SCENARIO_BYTES = 16 * 1024 * 1024;

export const SCENARIO_FILTERS = [
  { name: 'Brokerlab scenario', extensions: ['brokerlab.json', 'json'] },
  { name: 'All files', extensions: ['*'] },
];

/** The two dialogs, as `dialog.showOpenDialog` / `showSaveDialog` answer them. */
export interface FileDialogs {
  open(): Promise<string | undefined>;
  save(defaultPath: string | undefined): Promise<string | undefined>;
}

export function scenarioFiles(dialogs: FileDialogs, recent: RecentFiles): ScenarioFilesPort & { current: string | undefined } {
  // A page may name only files the user already chose in a dialog: a compromised
  // renderer must not read or overwrite arbitrary paths.
  const known = (path: string): void => {
    if (path !== port.current && !recent.files.includes(path)) {
      throw new HostFailure('bad-request', 'only the current or a recent scenario file can be named; choose others in the dialog');
    }
  };
  const port = {
    current: undefined as string | undefined,
    async open(path?: string) {
      if (path !== undefined) known(path);
      const file = path ?? (await dialogs.open());
      if (file === undefined) return null;
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile()) {
        recent.remove(file);
        throw new HostFailure('not-found', `no scenario file at ${file}`);
      }
      if (info.size > MAX_SCENARIO_BYTES) throw new HostFailure('bad-request', `${file} is larger than ${MAX_SCENARIO_BYTES} bytes`);
      let doc: unknown;
      try {
        doc = JSON.parse(await readFile(file, 'utf8'));
      } catch (e) {
        throw new HostFailure('bad-request', `${file} is not JSON: ${(e as Error).message}`);
      }
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new HostFailure('bad-request', `${file} does not hold a scenario object`);
      recent.add(file);
      port.current = file;
      return { path: file, scenario: doc as Record<string, unknown> };
    },
    async save(scenario: Record<string, unknown>, path?: string, saveAs?: boolean) {
      if (path !== undefined) known(path);
      const target = saveAs || (path ?? port.current) === undefined ? await dialogs.save(path ?? port.current) : (path ?? port.current);
      if (target === undefined) return null;
      await writeFile(target, JSON.stringify(scenario, null, 2) + '\n');
      recent.add(target);
      port.current = target;
      return { path: target };
    },
  };
  return port;
}
