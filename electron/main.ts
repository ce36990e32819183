/**
 * The Electron composition root: creates the ports from Electron's modules, the services from the ports, the
 * one hardened window, the tray and the IPC handlers. Everything behind the ports also runs in the web host;
 * the desktop's own rules live in the adapters, which take Electron's objects as parameters.
 */
import { app, BrowserWindow, dialog, Menu, nativeImage, Notification, protocol, screen, session, shell, Tray } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import { aboutPanelOptions, LICENCES_FILE, parseLicences } from './about-panel.js';
import { APP_INDEX_URL } from './app-protocol.js';
import { registerAppScheme, serveAppScheme } from './adapters/app-protocol-handler.js';
import { hideOnClose, revealWindow } from './adapters/app-window.js';
import { createNodeSiteHttp } from './adapters/node-site-http.js';
import { createElectronConfirmer } from './adapters/electron-confirmer.js';
import { electronClipboard } from './adapters/electron-clipboard.js';
import { registerIpc } from './adapters/electron-ipc.js';
import { createElectronNotifier } from './adapters/electron-notifier.js';
import { createElectronStoreSettings } from './adapters/electron-store-settings.js';
import { createElectronUpdater, loadAutoUpdater } from './adapters/electron-updater.js';
import { forwardEvents } from './adapters/event-forwarder.js';
import { applyStartAtLogin, launchedHidden } from './adapters/login-item.js';
import { createSafeStorageCipher } from './adapters/safe-storage-cipher.js';
import { createRotatingLog, logFileName, MAIN_LOG } from './adapters/rotating-log.js';
import { claimSingleInstance } from './adapters/single-instance.js';
import { createAppTray, trayIcon, type AppTray } from './adapters/tray.js';
import { createUpdateAsker } from './adapters/update-dialog.js';
import { loadPlacement, trackWindowState } from './adapters/window-state-tracker.js';
import trayIconDataUrl from './assets/tray-icon.png?inline';
import { createMainServices } from './composition.js';
import { appMenuTemplate } from './menu-template.js';
import { systemClock, systemTimeout } from './ports.js';
import { createLogger } from './services/logger.js';
import { systemTimer } from './services/notifications.service.js';
import { UpdateService } from './services/update.service.js';
import { createMainWindow, hardenSession } from './window-factory.js';
import { isAllowedExternalLink } from './window-options.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '../renderer');
/** The renderer is served on the app's own origin (adapters/app-protocol-handler.ts), not from file://. */
const appIndexUrl = APP_INDEX_URL;
/** electron-builder.yml's appId: Windows shows an app's notifications only under its AppUserModelID. */
const APP_USER_MODEL_ID = 'io.keywarden.desktop';
let mainWindow: BrowserWindow | null = null;
let tray: AppTray | null = null;
let revealWhenCreated = false;

/** A notification click, the tray's "Open Keywarden", a second launch, the macOS dock: the window to the front. */
function focusApp(): void {
  if (!revealWindow(mainWindow)) revealWhenCreated = true;
}

async function start(): Promise<void> {
  // A second launch quits before it touches the data folder; the first instance comes to the front.
  if (!claimSingleInstance(app, focusApp)) return;
  // Privileged schemes must be registered before the app is ready.
  registerAppScheme(protocol);
  await app.whenReady();
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  const dataDir = app.getPath('userData');
  const logsDir = app.getPath('logs');
  const logger = createLogger(createRotatingLog({ dir: logsDir, ...MAIN_LOG }));
  serveAppScheme(protocol, rendererDir, logger);
  const settings = createElectronStoreSettings(dataDir, systemClock);
  const caFile = process.env.KEYWARDEN_CA_FILE;
  const icon = trayIcon(nativeImage, trayIconDataUrl);
  const loginItem = {
    app,
    platform: process.platform,
    autostartDir: path.join(app.getPath('appData'), 'autostart'),
    execPath: process.env.APPIMAGE ?? process.execPath,
    packaged: app.isPackaged,
    logger,
  };
  const services = createMainServices({
    dataDir,
    cipher: createSafeStorageCipher(process.platform),
    settings,
    httpFactory: createNodeSiteHttp,
    clock: systemClock,
    logger,
    clipboard: electronClipboard,
    caPem: caFile ? fs.readFileSync(caFile, 'utf8') : undefined,
    env: process.env,
    notifier: (events) =>
      createElectronNotifier({
        Notification,
        app,
        events,
        focusApp,
        tray: () => tray,
        icon,
        applyStartAtLogin: (enabled) => applyStartAtLogin(loginItem, enabled),
      }),
    // Destructive and access-changing actions wait for the admin's click on a native box on our window.
    confirmer: createElectronConfirmer({ dialog, window: () => mainWindow }),
  });

  hardenSession(session.defaultSession);

  // Off unless the settings name an update feed; asks the admin before downloading and before installing.
  const updates = new UpdateService({
    settings,
    loadUpdater: async () => createElectronUpdater(await loadAutoUpdater()),
    asker: createUpdateAsker({ dialog, window: () => mainWindow }),
    timer: systemTimer,
    logger,
    currentVersion: app.getVersion(),
  });
  app.setAboutPanelOptions(
    aboutPanelOptions({ name: app.getName(), version: app.getVersion(), platform: process.platform, licences: readLicences() }),
  );
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate({
        platform: process.platform,
        packaged: app.isPackaged,
        actions: {
          openLink: (url) => {
            if (isAllowedExternalLink(url)) void shell.openExternal(url);
          },
          revealLogs: () => shell.showItemInFolder(path.join(logsDir, logFileName(MAIN_LOG.name, 0))),
          ...(updates.enabled() ? { checkForUpdates: () => void updates.check({ manual: true }) } : {}),
        },
      }),
    ),
  );

  // security.md B2: on quit, clear the clipboard if it still holds a secret we put there; save the inventory.
  // The snapshot is written by a worker: quitting waits for it once, then quits for real.
  let savedForQuit = false;
  app.on('before-quit', (event: { preventDefault(): void }) => {
    if (savedForQuit) return;
    event.preventDefault();
    updates.stop();
    services.notifications.stop();
    void services.secrets.shutdown();
    void services.inventory
      .flush()
      .catch(() => logger.warn('inventory.flush-on-quit-failed'))
      .finally(() => {
        savedForQuit = true;
        app.quit();
      });
  });

  registerIpc(services.dispatch, () => mainWindow?.webContents ?? null, appIndexUrl);
  // Main's event stream goes to our own window only (the preload parses every event).
  forwardEvents(services.events, () => mainWindow);

  // `npm run demo` hands over the demo site's key string (a loopback test site) to connect at start.
  const demoKey = process.env.KEYWARDEN_DEMO_KEY;
  delete process.env.KEYWARDEN_DEMO_KEY;
  if (demoKey) await services.sites.connect({ keyString: demoKey, name: 'Demo site' }).catch(() => undefined);
  void services.startup();

  // Started at login: the page loads (so a notification click reaches it at once) but only the tray shows.
  const atLogin = launchedHidden(process.argv, app, process.platform);
  // Where the window was on this display last time, brought back on screen if that display is gone.
  const placement = loadPlacement(settings, screen);
  mainWindow = createMainWindow({ BrowserWindow, shell }, path.join(here, 'preload.cjs'), appIndexUrl, {
    hidden: atLogin && !revealWhenCreated,
    bounds: placement.bounds,
    maximized: placement.maximized,
  });
  trackWindowState({ window: mainWindow, screen, store: settings, timeout: systemTimeout });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  // What closing the window does. With start-at-login on (or when this launch came from the login item), the admin
  // asked for the app to live in the tray and keep watching expiries: closing hides the window on every platform,
  // and the tray's Quit ends the app. Otherwise closing the window quits, as before (window-all-closed below): an
  // admin who did not ask for a background app should not find one left running.
  hideOnClose(mainWindow, app, () => atLogin || services.notifications.globalSettings().startAtLogin);
  app.on('activate', focusApp);

  tray = createAppTray({
    Tray,
    Menu,
    icon,
    platform: process.platform,
    actions: {
      open: focusApp,
      checkNow: () => services.notifications.checkAll(),
      quit: () => app.quit(),
    },
  });

  // Checks without the admin asking: every site now, then every `checkEveryHours`; stopped on quit.
  void services.notifications.start().catch(() => logger.warn('notifications.start-failed'));
  void updates.start();
  await mainWindow.loadURL(appIndexUrl);
}

/** The licence list `npm run build` wrote beside main (scripts/licenses.ts); null when it is missing. */
function readLicences() {
  try {
    return parseLicences(fs.readFileSync(path.join(here, LICENCES_FILE), 'utf8'));
  } catch {
    return null;
  }
}

app.on('window-all-closed', () => app.quit());
void start();
