import { describe, expect, test } from 'vitest';
import type { InvokeChannel, InvokeRequest, InvokeResponses, Settings } from '../../engine/host/contract.ts';
import { DEFAULT_SETTINGS } from '../../engine/host/contract.ts';
import { syncTheme } from '../../renderer/src/stores/theme-sync.ts';
import { createUiStore, nextTheme } from '../../renderer/src/stores/ui-store.ts';

/** A host that keeps settings and answers `settings:get` when the test lets it. */
function fakeHost(initial: Partial<Settings>) {
  let settings: Settings = { ...DEFAULT_SETTINGS, ...initial };
  const sets: unknown[] = [];
  let answer: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (answer = resolve));
  const client = {
    async call<C extends InvokeChannel>(channel: C, payload: InvokeRequest<C>): Promise<InvokeResponses[C]> {
      if (channel === 'settings:get') {
        await gate;
        return settings as InvokeResponses[C];
      }
      if (channel === 'settings:set') {
        sets.push(payload);
        settings = { ...settings, ...(payload as Partial<Settings>) };
        return settings as InvokeResponses[C];
      }
      throw new Error(`unexpected ${channel}`);
    },
  };
  return { client, sets, answer, settings: () => settings };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('theme kept by the host', () => {
  test("the host's theme is taken at start, without writing it back", async () => {
    const host = fakeHost({ theme: 'dark' });
    const ui = createUiStore({ theme: 'system' });
    syncTheme(host.client, ui);
    host.answer();
    await tick();
    expect(ui.getState().theme).toBe('dark');
    expect(host.sets).toEqual([]);
  });

  test('each switch is saved to the host', async () => {
    const host = fakeHost({ theme: 'system' });
    const ui = createUiStore({ theme: 'system' });
    syncTheme(host.client, ui);
    host.answer();
    await tick();
    ui.getState().setTheme(nextTheme(ui.getState().theme));
    ui.getState().setTheme(nextTheme(ui.getState().theme));
    await tick();
    expect(host.sets).toEqual([{ theme: 'light' }, { theme: 'dark' }]);
    expect(host.settings().theme).toBe('dark');
  });

  test("a switch made before the host answered is kept, not overwritten by the host's older choice", async () => {
    const host = fakeHost({ theme: 'dark' });
    const ui = createUiStore({ theme: 'system' });
    const off = syncTheme(host.client, ui);
    ui.getState().setTheme('light');
    host.answer();
    await tick();
    expect(ui.getState().theme).toBe('light');
    expect(host.settings().theme).toBe('light');
    off();
    ui.getState().setTheme('dark');
    await tick();
    expect(host.sets).toEqual([{ theme: 'light' }]);
  });

  test('the switch goes round system, light, dark', () => {
    expect([nextTheme('system'), nextTheme('light'), nextTheme('dark')]).toEqual(['light', 'dark', 'system']);
  });
});
