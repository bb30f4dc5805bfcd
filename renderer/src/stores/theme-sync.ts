import type { EngineClient } from '../client/engine-client.ts';
import type { ThemeChoice, UiStore } from './ui-store.ts';

/**
 * Keep the theme in the host's settings (`settings:get`/`settings:set`), so
 * the desktop app keeps it in its user-data folder across restarts. The page's
 * own copy (localStorage) only paints the first frame. At start the host's
 * choice wins unless the user already switched; each switch is saved.
 * Returns the unsubscribe function.
 */
export function syncTheme(client: Pick<EngineClient, 'call'>, ui: UiStore): () => void {
  /** The theme the host has, as far as we know; undefined until it answered. */
  let saved: ThemeChoice | undefined;
  let userSwitched = false;
  const off = ui.subscribe((s, prev) => {
    if (s.theme === prev.theme || s.theme === saved) return;
    userSwitched = true;
    saved = s.theme;
    void client.call('settings:set', { theme: s.theme }).catch(() => undefined);
  });
  void client
    .call('settings:get', {})
    .then((settings) => {
      if (userSwitched) return;
      saved = settings.theme;
      ui.getState().setTheme(settings.theme);
    })
    .catch(() => undefined);
  return off;
}
