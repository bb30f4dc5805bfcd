/**
 * The application menu as a template (pure: no electron import at run time),
 * with the usual roles and the scenario commands. Actions are injected.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../engine/host/contract.ts';

export interface MenuActions {
  /** Ask the renderer to carry out a scenario command. */
  command(cmd: MenuCommand): void;
  clearRecent(): void;
  openExternal(url: string): void;
}

export const PROJECT_URL = 'https://www.rabbitmq.com/docs';

export function menuTemplate(platform: string, appName: string, recent: readonly string[], actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const recentItems: MenuItemConstructorOptions[] = recent.map((path) => ({ label: path, click: () => actions.command({ action: 'scenario:open', path }) }));
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'New Scenario', accelerator: 'CmdOrCtrl+N', click: () => actions.command({ action: 'scenario:new' }) },
      { label: 'Open Scenario…', accelerator: 'CmdOrCtrl+O', click: () => actions.command({ action: 'scenario:open' }) },
      {
        label: 'Open Recent',
        submenu: [...recentItems, ...(recentItems.length > 0 ? [{ type: 'separator' } as const] : []), { label: 'Clear Recent', enabled: recent.length > 0, click: () => actions.clearRecent() }],
      },
      { type: 'separator' },
      { label: 'Save Scenario', accelerator: 'CmdOrCtrl+S', click: () => actions.command({ action: 'scenario:save' }) },
      { label: 'Save Scenario As…', accelerator: 'CmdOrCtrl+Shift+S', click: () => actions.command({ action: 'scenario:save-as' }) },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  return [
    ...(mac ? [{ label: appName, submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'services' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }] } as MenuItemConstructorOptions] : []),
    file,
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'RabbitMQ Documentation', click: () => actions.openExternal(PROJECT_URL) }] },
  ];
}
