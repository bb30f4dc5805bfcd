import { describe, expect, test } from 'vitest';
import {
  APP_ENTRY,
  RENDERER_CSP,
  isAppUrl,
  isExternalUrl,
  mainWindowOptions,
  navigationDecision,
  restoreWindowState,
} from '../../electron/window-options.ts';

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
}

describe('main window options', () => {
  const opts = mainWindowOptions('/app/dist-electron/preload.cjs', undefined);

  test('isolates and sandboxes the page with no Node access', () => {
    expect(opts.webPreferences).toMatchObject({
      preload: '/app/dist-electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  test('starts hidden at the default size until ready', () => {
    expect(opts).toMatchObject({ show: false, width: 1280, height: 800 });
    expect(opts.x).toBeUndefined();
  });

  test('uses a remembered position and size', () => {
    const o = mainWindowOptions('p', { x: 10, y: 20, width: 1000, height: 700, maximized: false });
    expect(o).toMatchObject({ x: 10, y: 20, width: 1000, height: 700 });
  });
});

describe('content security policy', () => {
  const csp = directives(RENDERER_CSP);

  test('allows only the app’s own scripts: no inline, no eval, no remote', () => {
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(RENDERER_CSP).not.toContain('unsafe-eval');
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
  });

  test('blocks plugins, base rewriting, framing and form posts', () => {
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
  });

  test('lets the page talk only to its own origin', () => {
    expect(csp.get('connect-src')).toEqual(["'self'"]);
  });
});

describe('navigation rules', () => {
  test('the app’s own pages stay in the window', () => {
    expect(isAppUrl(APP_ENTRY)).toBe(true);
    expect(navigationDecision('app://brokerlab/index.html#/queues')).toBe('allow');
  });

  test('http(s) links go to the system browser', () => {
    expect(navigationDecision('https://www.rabbitmq.com/docs')).toBe('external');
    expect(navigationDecision('http://localhost:15672/')).toBe('external');
  });

  test('anything else is refused', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'app://other/index.html', 'smb://host/share', 'not a url', 'data:text/html,hi']) {
      expect(navigationDecision(url)).toBe('deny');
    }
    expect(isExternalUrl('file:///x')).toBe(false);
  });
});

describe('window state', () => {
  const display = { x: 0, y: 0, width: 1920, height: 1080 };

  test('keeps a saved position that is on a display', () => {
    expect(restoreWindowState({ x: 100, y: 50, width: 1200, height: 800, maximized: true }, [display])).toEqual({ x: 100, y: 50, width: 1200, height: 800, maximized: true });
  });

  test('drops a position on a display that is gone, keeping the size', () => {
    expect(restoreWindowState({ x: 3000, y: 50, width: 1200, height: 800, maximized: false }, [display])).toEqual({ width: 1200, height: 800, maximized: false });
  });

  test('never restores a window smaller than the minimum', () => {
    expect(restoreWindowState({ width: 10, height: 10, maximized: false }, [display])).toMatchObject({ width: 800, height: 500 });
  });
});
