/**
 * Electron main process: one broker (wall-clock time) behind the host service,
 * with the AMQP listener (127.0.0.1:5672 by default) and the simulator, one
 * sandboxed window loading the renderer from the `app://` scheme, typed
 * IPC checked per sender, batched pushes, the menu, and state in userData.
 * Bundled to dist-electron/main.js by scripts/build-electron.mjs.
 */
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { BrowserWindow, Menu, app, dialog, ipcMain, protocol, screen, session, shell } from 'electron';
import { desktopDataDir, openDataDir } from '../engine/adapters/file-store/data-dir.ts';
import { createHostClock, sharedClockSimulation } from '../engine/adapters/host-clock.ts';
import { resolveStaticPath } from '../engine/adapters/static-files.ts';
import { Broker } from '../engine/core/broker.ts';
import type { MenuCommand } from '../engine/host/contract.ts';
import { HostService } from '../engine/host/host-service.ts';
import { AmqpEndpoint } from './amqp-endpoint.ts';
import { push, registerHostHandlers } from './ipc.ts';
import { menuTemplate } from './menu.ts';
import { SCENARIO_FILTERS, scenarioFiles } from './scenario-files.ts';
import { RecentFiles, fileSettings, loadWindowState, saveWindowState } from './user-data.ts';
import { APP_ENTRY, APP_HOST, APP_SCHEME, RENDERER_CSP, isAppUrl, mainWindowOptions, navigationDecision, restoreWindowState } from './window-options.ts';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.woff2': 'font/woff2' };

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
const primary = app.requestSingleInstanceLock();

let win: BrowserWindow | undefined;
const userData = app.getPath('userData');
const recent = new RecentFiles(userData);

/** Serve dist-renderer/ on app://brokerlab/, with the CSP on every response. */
function serveRenderer(): void {
  const root = join(app.getAppPath(), 'dist-renderer');
  protocol.handle(APP_SCHEME, async (req) => {
    const url = new URL(req.url);
    const file = url.host === APP_HOST ? resolveStaticPath(root, url.pathname === '/' ? '/index.html' : url.pathname) : undefined;
    const body = file ? await readFile(file).catch(() => undefined) : undefined;
    if (!file || !body) return new Response('not found', { status: 404 });
    return new Response(body, { headers: { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': RENDERER_CSP } });
  });
}

/** Every web contents: no navigation away, no new windows, no webviews; http(s) links open in the browser. */
function lockDownContents(): void {
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (e, url) => {
      if (navigationDecision(url) === 'allow') return;
      e.preventDefault();
      if (navigationDecision(url) === 'external') void shell.openExternal(url);
    });
    contents.on('will-redirect', (e, url) => isAppUrl(url) || e.preventDefault());
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (navigationDecision(url) === 'external') void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
}

function buildMenu(): void {
  const command = (cmd: MenuCommand): void => void push(win?.webContents, 'menu', cmd);
  const template = menuTemplate(process.platform, app.getName(), recent.files, {
    command,
    clearRecent: () => {
      for (const f of recent.files) recent.remove(f);
      app.clearRecentDocuments();
      buildMenu();
    },
    openExternal: (url) => void shell.openExternal(url),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function createWindow(service: HostService): void {
  const state = restoreWindowState(loadWindowState(userData), screen.getAllDisplays().map((d) => d.workArea));
  win = new BrowserWindow(mainWindowOptions(join(__dirname, 'preload.cjs'), state));
  if (state?.maximized) win.maximize();
  win.once('ready-to-show', () => win?.show());
  const unsubscribe = service.subscribe((channel, payload) => void push(win?.webContents, channel, payload));
  win.on('close', () => {
    if (!win) return;
    const b = win.getNormalBounds();
    saveWindowState(userData, { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() });
  });
  win.on('closed', () => {
    unsubscribe();
    win = undefined;
  });
  void win.loadURL(APP_ENTRY);
}

async function start(): Promise<void> {
  await app.whenReady();
  serveRenderer();
  lockDownContents();
  // One clock for the broker and its simulations (TTLs follow the simulation's speed).
  const clock = createHostClock();
  const broker = new Broker({ scheduler: clock.scheduler });
  // Durable queues and persistent messages live in the user-data folder and survive a crash.
  const store = await openDataDir(broker, desktopDataDir(userData), {
    log: (line) => console.log(line),
    store: { onError: (e: unknown) => console.error('brokerlab: the message store failed', e) },
  }).catch((e: unknown) => {
    console.error(`brokerlab: cannot open the data folder; running in memory: ${(e as Error).message}`);
    return undefined;
  });
  const settings = fileSettings(userData);
  const amqp = new AmqpEndpoint(broker, app.getVersion());
  const listen = async (host: string, port: number): Promise<void> => {
    const problem = await amqp.start(host, port);
    if (!problem) return;
    console.warn(problem);
    void dialog.showMessageBox({ type: 'warning', message: 'AMQP listener not started', detail: problem });
  };
  const files = scenarioFiles(
    {
      open: async () => {
        const r = await dialog.showOpenDialog({ properties: ['openFile'], filters: SCENARIO_FILTERS });
        return r.canceled ? undefined : r.filePaths[0];
      },
      save: async (defaultPath) => {
        const r = await dialog.showSaveDialog({ filters: SCENARIO_FILTERS, ...(defaultPath !== undefined && { defaultPath }) });
        return r.canceled ? undefined : r.filePath;
      },
    },
    recent,
  );
  const service = new HostService({
    broker,
    mode: 'desktop',
    appVersion: app.getVersion(),
    scenarioFiles: {
      open: async (path) => {
        const r = await files.open(path);
        if (r) app.addRecentDocument(r.path);
        buildMenu();
        return r;
      },
      save: async (scenario, path, saveAs) => {
        const r = await files.save(scenario, path, saveAs);
        buildMenu();
        return r;
      },
    },
    settings,
    simulation: sharedClockSimulation(broker, clock),
    amqpEndpoint: () => amqp.address,
    onSettingsChanged: (next, prev) => {
      if (next.amqpHost !== prev.amqpHost || next.amqpPort !== prev.amqpPort) void listen(next.amqpHost, next.amqpPort);
    },
    recentFiles: () => recent.files,
  });
  registerHostHandlers(ipcMain, service, isAppUrl);
  buildMenu();
  createWindow(service);
  await listen(settings.load().amqpHost, settings.load().amqpPort);
  app.on('second-instance', () => {
    if (win?.isMinimized()) win.restore();
    win?.focus();
  });
  app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && createWindow(service));
  app.on('window-all-closed', () => process.platform !== 'darwin' && app.quit());
  app.on('before-quit', () => {
    service.close();
    void amqp.stop();
    broker.closeAll();
    void store?.close();
  });
}

// A second launch focuses the first window (see 'second-instance') and exits.
if (primary) void start();
else app.quit();
