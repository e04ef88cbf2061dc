import {
  app,
  BrowserWindow,
  ipcMain,
  Notification,
  powerMonitor,
  powerSaveBlocker,
  safeStorage,
  screen,
  session,
  type IpcMainInvokeEvent,
} from 'electron';
import { join } from 'node:path';
import { envOrFileKeyProvider, wrappedFileKeyProvider } from './core/secrets/keyProvider';
import { ipcChannels } from '../shared/contract/names';
import { ApiError } from '../shared/contract/errors';
import { toApiError } from './core/api/dispatch';
import { WatchfloorCore } from './core/app';
import { log } from './core/log';
import { startHooksListener } from './server/hooks';
import { contentSecurityPolicy } from './shell/csp';
import { notificationFor } from './shell/notifications';
import { chooseWindowBounds, crashReloadDelay, isAllowedNavigation, parseShellArgs, secureWebPreferences } from './shell/windowPolicy';
import { readWindowState, writeWindowState } from './shell/windowState';

/**
 * The Electron host: thin glue between the Electron-free core and a window. Every decision worth
 * testing (web preferences, CSP, placement, crash reloads) lives in ./shell as a pure function.
 */
const args = parseShellArgs(process.argv);
let core: WatchfloorCore | null = null;
/** Webhook deliveries on 127.0.0.1 (WATCHFLOOR_HOOKS_PORT, default 4801), when the workspace has webhook channels. */
let hooks: ReturnType<typeof startHooksListener> = null;
let win: BrowserWindow | null = null;
const crashes: number[] = [];

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.enableSandbox();
  app.whenReady().then(start, (err: unknown) => {
    log.error('Watchfloor could not start', err);
    app.exit(1);
  });
}

function appUrl(): string {
  return process.env.ELECTRON_RENDERER_URL ?? `file://${join(import.meta.dirname, '../renderer/index.html')}`;
}

function start(): void {
  const dataDir = args.dataDir ?? app.getPath('userData');
  // On the desktop the workspace key is wrapped by the OS keychain (safeStorage), never stored bare.
  const keys = safeStorage.isEncryptionAvailable()
    ? wrappedFileKeyProvider(dataDir, safeStorage, (path) => log.info(`created the workspace key ${path}, wrapped by the OS keychain`))
    : envOrFileKeyProvider({ dataDir, onCreated: (path) => log.warn(`no OS keychain: created the workspace key ${path} (mode 0600)`) });
  core = WatchfloorCore.open({ dataDir, demo: args.demo ? 'force' : 'auto', demoSpeed: args.demoSpeed, keys });
  hooks = startHooksListener(core);

  const devOrigin = process.env.ELECTRON_RENDERER_URL ? new URL(process.env.ELECTRON_RENDERER_URL).origin : undefined;
  const csp = contentSecurityPolicy(devOrigin ? { devServerOrigin: devOrigin } : {});
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  ipcMain.handle(ipcChannels.call, (event, name: unknown, input: unknown) => handleCall(event, name, input));
  core.onChanged((topics) => win?.webContents.send(ipcChannels.event, { type: 'changed', topics }));
  core.onAlarm((alarm) => {
    win?.webContents.send(ipcChannels.event, alarm);
    const note = notificationFor(alarm, { boardFocused: win?.isFocused() ?? false });
    if (note && Notification.isSupported()) new Notification({ title: note.title, body: note.body, urgency: note.urgency }).show();
  });
  // Timers do not run while the machine sleeps: whatever came due meanwhile is raised on waking.
  powerMonitor.on('resume', () => core?.resume());
  // The same proof of life the HTTP stream gives: a board whose core hangs says so.
  setInterval(() => win?.webContents.send(ipcChannels.event, { type: 'heartbeat', now: Date.now() }), 3000).unref();

  powerSaveBlocker.start('prevent-display-sleep');
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

/** Every IPC call: from our own window only, named in the contract, input validated by the core. */
async function handleCall(
  event: IpcMainInvokeEvent,
  name: unknown,
  input: unknown,
): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  try {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!win || event.sender !== win.webContents || !isAllowedNavigation(frameUrl, appUrl())) {
      throw new ApiError('forbidden', 'calls are accepted only from the Watchfloor window');
    }
    if (typeof name !== 'string') throw new ApiError('bad_input', 'name: a call name is required', 'name');
    if (!core) throw new ApiError('unavailable', 'the workspace is not open yet');
    return { ok: true, value: await core.call(name, input, { actor: process.env.USER ?? 'commander', role: 'admin', host: 'electron' }) };
  } catch (err) {
    return { ok: false, error: toApiError(err).toShape() };
  }
}

function createWindow(): void {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const saved = readWindowState(stateFile);
  const displays = screen.getAllDisplays().map((d) => ({ id: d.id, bounds: d.bounds, workArea: d.workArea }));
  const placement = chooseWindowBounds(displays, screen.getPrimaryDisplay().id, {
    displayNumber: args.displayNumber,
    remembered: saved,
  });
  if (placement.warning) log.warn(placement.warning);

  win = new BrowserWindow({
    ...placement.bounds,
    show: false,
    backgroundColor: '#0b0f14',
    title: 'Watchfloor',
    kiosk: args.kiosk,
    fullscreen: args.kiosk || args.displayNumber !== null,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(join(import.meta.dirname, '../preload/index.cjs')),
  });
  if (saved?.maximized && !args.kiosk) win.maximize();
  win.once('ready-to-show', () => win?.show());

  const contents = win.webContents;
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (e, url) => {
    if (!isAllowedNavigation(url, appUrl())) e.preventDefault();
  });
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.on('render-process-gone', (_e, details) => {
    const now = Date.now();
    crashes.push(now);
    const delay = crashReloadDelay(crashes, now);
    log.warn(`renderer gone (${details.reason}); reloading in ${delay} ms`);
    setTimeout(() => win?.webContents.reload(), delay);
  });
  const remember = (): void => {
    if (win && !win.isFullScreen()) writeWindowState(stateFile, win.getNormalBounds(), win.isMaximized());
  };
  win.on('close', remember);
  win.on('closed', () => {
    win = null;
  });
  void win.loadURL(appUrl());
}

app.on('window-all-closed', () => {
  hooks?.close();
  hooks = null;
  core?.close();
  core = null;
  app.quit();
});
