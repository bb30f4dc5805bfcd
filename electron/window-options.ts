/**
 * The main window's options and the rules for what it may load, as pure data
 * and functions so a unit test can check them without the Electron binary.
 * Only `import type` from electron here: tests import this module.
 */
import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';
import { contentSecurityPolicy } from '../engine/host/csp.ts';

/** The renderer is served from this privileged scheme (not file://, so its origin is its own). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'brokerlab';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** The renderer's CSP in the desktop app (same as the web host's; IPC needs no network). */
export const RENDERER_CSP = contentSecurityPolicy();

export const DEFAULT_BOUNDS = { width: 1280, height: 800 } as const;
export const MIN_SIZE = { width: 800, height: 500 } as const;

/** Saved window geometry. */
export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

/** Options for the one main window: isolated, sandboxed, no Node in the page. */
export function mainWindowOptions(preloadPath: string, state: WindowState | undefined): BrowserWindowConstructorOptions {
  const bounds = state ?? { ...DEFAULT_BOUNDS, maximized: false };
  return {
    ...(bounds.x !== undefined && bounds.y !== undefined && { x: bounds.x, y: bounds.y }),
    width: bounds.width,
    height: bounds.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Brokerlab',
    backgroundColor: '#1e1e24',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: true,
    },
  };
}

/** True for a URL of the app's own pages. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Only http(s) links may leave the app, and only to the system browser. */
export function isExternalUrl(url: string): boolean {
  try {
    const p = new URL(url).protocol;
    return p === 'https:' || p === 'http:';
  } catch {
    return false;
  }
}

/** What to do when the page tries to go to `url`: stay (own page), open in the browser, or refuse. */
export function navigationDecision(url: string): 'allow' | 'external' | 'deny' {
  if (isAppUrl(url)) return 'allow';
  return isExternalUrl(url) ? 'external' : 'deny';
}

/**
 * A saved window state, kept only if it still fits on a display (a monitor may
 * have been unplugged); otherwise the default size, centred by Electron.
 */
export function restoreWindowState(saved: WindowState | undefined, displays: readonly Rectangle[]): WindowState | undefined {
  if (!saved) return undefined;
  const width = Math.max(MIN_SIZE.width, Math.round(saved.width));
  const height = Math.max(MIN_SIZE.height, Math.round(saved.height));
  if (saved.x === undefined || saved.y === undefined) return { width, height, maximized: saved.maximized };
  const x = saved.x;
  const y = saved.y;
  const visible = displays.some((d) => x + 100 > d.x && y >= d.y - 10 && x < d.x + d.width - 100 && y < d.y + d.height - 50);
  return visible ? { x, y, width, height, maximized: saved.maximized } : { width, height, maximized: saved.maximized };
}
