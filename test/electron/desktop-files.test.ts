import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { scenarioFiles } from '../../electron/scenario-files.ts';
import { RecentFiles, fileSettings, loadWindowState, saveWindowState } from '../../electron/user-data.ts';
import { DEFAULT_SETTINGS } from '../../engine/host/contract.ts';

const dir = (): string => mkdtempSync(join(tmpdir(), 'brokerlab-userdata-'));

describe('user data', () => {
  test('settings default, persist, and survive a broken file', () => {
    const d = dir();
    const s = fileSettings(d);
    expect(s.load()).toEqual(DEFAULT_SETTINGS);
    s.save({ ...DEFAULT_SETTINGS, amqpPort: 5673 });
    expect(fileSettings(d).load().amqpPort).toBe(5673);
    writeFileSync(join(d, 'settings.json'), '{ not json');
    expect(fileSettings(d).load()).toEqual(DEFAULT_SETTINGS);
    writeFileSync(join(d, 'settings.json'), JSON.stringify({ amqpPort: 'x' }));
    expect(fileSettings(d).load()).toEqual(DEFAULT_SETTINGS);
  });

  test('window state round-trips and a bad file is ignored', () => {
    const d = dir();
    expect(loadWindowState(d)).toBeUndefined();
    saveWindowState(d, { x: 5, y: 6, width: 900, height: 600, maximized: true });
    expect(loadWindowState(d)).toEqual({ x: 5, y: 6, width: 900, height: 600, maximized: true });
    writeFileSync(join(d, 'window-state.json'), JSON.stringify({ width: -1 }));
    expect(loadWindowState(d)).toBeUndefined();
  });

  test('recent files: newest first, no duplicates, capped', () => {
    const d = dir();
    const r = new RecentFiles(d, 3);
    for (const f of ['/a', '/b', '/a', '/c', '/d']) r.add(f);
    expect(r.files).toEqual(['/d', '/c', '/a']);
    expect(new RecentFiles(d, 3).files).toEqual(['/d', '/c', '/a']);
  });
});

describe('scenario files', () => {
  function setup(openAnswer?: string, saveAnswer?: string) {
    const d = dir();
    const recent = new RecentFiles(d);
    const files = scenarioFiles({ open: async () => openAnswer, save: async () => saveAnswer }, recent);
    return { d, recent, files };
  }

  test('opens the file chosen in the dialog and remembers it', async () => {
    const d = dir();
    const path = join(d, 's.brokerlab.json');
    writeFileSync(path, JSON.stringify({ schemaVersion: 2, name: 'demo' }));
    const { files, recent } = setup(path);
    expect(await files.open()).toEqual({ path, scenario: { schemaVersion: 2, name: 'demo' } });
    expect(recent.files).toEqual([path]);
  });

  test('a cancelled dialog is null', async () => {
    const { files } = setup(undefined, undefined);
    expect(await files.open()).toBeNull();
    expect(await files.save({ a: 1 })).toBeNull();
  });

  test('a page may not name a file the user never chose', async () => {
    const { files } = setup();
    await expect(files.open('/etc/passwd')).rejects.toThrow(/recent/);
    await expect(files.save({ a: 1 }, '/tmp/elsewhere.json')).rejects.toThrow(/recent/);
  });

  test('refuses a file that is not a JSON object', async () => {
    const d = dir();
    const path = join(d, 'bad.json');
    writeFileSync(path, '[1,2]');
    const { files } = setup(path);
    await expect(files.open()).rejects.toThrow(/scenario object/);
  });

  test('saves to the current file, or asks when saving as', async () => {
    const d = dir();
    const first = join(d, 'one.json');
    const { files } = setup(undefined, first);
    expect(await files.save({ v: 1 })).toEqual({ path: first });
    expect(await files.save({ v: 2 })).toEqual({ path: first });
    expect(JSON.parse(readFileSync(first, 'utf8'))).toEqual({ v: 2 });
    expect(await files.save({ v: 3 }, undefined, true)).toEqual({ path: first });
  });
});
