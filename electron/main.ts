/**
 * The Electron composition root: creates the ports from Electron's modules, the services from the ports, the
 * one hardened window, and the IPC handlers. Everything behind the ports also runs in the web host.
 */
import { app, BrowserWindow, session, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fs from 'node:fs';
import { createAxiosSiteHttp } from './adapters/axios-site-http.js';
import { electronClipboard } from './adapters/electron-clipboard.js';
import { registerIpc } from './adapters/electron-ipc.js';
import { createElectronStoreSettings } from './adapters/electron-store-settings.js';
import { createSafeStorageCipher } from './adapters/safe-storage-cipher.js';
import { createMainServices } from './composition.js';
import { systemClock } from './ports.js';
import { createLogger } from './services/logger.js';
import { createMainWindow, hardenSession } from './window-factory.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const appIndexUrl = pathToFileURL(path.join(here, '../renderer/index.html')).toString();
let mainWindow: BrowserWindow | null = null;

async function start(): Promise<void> {
  await app.whenReady();
  const dataDir = app.getPath('userData');
  const logFile = path.join(app.getPath('logs'), 'main.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const logger = createLogger((line) => fs.appendFileSync(logFile, `${line}\n`, { mode: 0o600 }));
  const caFile = process.env.KEYWARDEN_CA_FILE;
  const services = createMainServices({
    dataDir,
    cipher: createSafeStorageCipher(process.platform),
    settings: createElectronStoreSettings(dataDir, systemClock),
    httpFactory: createAxiosSiteHttp,
    clock: systemClock,
    logger,
    clipboard: electronClipboard,
    caPem: caFile ? fs.readFileSync(caFile, 'utf8') : undefined,
    env: process.env,
  });

  hardenSession(session.defaultSession);

  // security.md B2: on quit, clear the clipboard if it still holds a secret we put there; save the inventory.
  app.on('before-quit', () => {
    void services.secrets.shutdown();
    void services.inventory.flush();
  });

  registerIpc(services.dispatch, () => mainWindow?.webContents ?? null, appIndexUrl);

  // `npm run demo` hands over the demo site's key string (a loopback test site) to connect at start.
  const demoKey = process.env.KEYWARDEN_DEMO_KEY;
  delete process.env.KEYWARDEN_DEMO_KEY;
  if (demoKey) await services.sites.connect({ keyString: demoKey, name: 'Demo site' }).catch(() => undefined);
  void services.startup();

  mainWindow = createMainWindow({ BrowserWindow, shell }, path.join(here, 'preload.cjs'), appIndexUrl);
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  await mainWindow.loadURL(appIndexUrl);
}

app.on('window-all-closed', () => app.quit());
void start();
