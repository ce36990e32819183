/**
 * The web host: the same main-process services as the desktop app, hosted by plain Node, serving the built
 * renderer to a browser. Node has no OS keychain API, so the cipher is absent and keys are kept for the
 * session only (the Connect page says so). With `demo`, it starts the demo key service in-process and connects
 * to it with the demo admin key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeSiteHttp } from '../adapters/node-site-http.js';
import { JsonFileStore } from '../adapters/json-file-store.js';
import { createMainServices, type MainServices } from '../composition.js';
import { createRotatingLog, logFileName, MAIN_LOG, type RotatingLogOptions } from '../adapters/rotating-log.js';
import { systemClock, type Clock, type Logger } from '../ports.js';
import { createLogger } from '../services/logger.js';
import { MemoryClipboard } from '../services/secret-handles.js';
import { startWebHost, type WebHost } from './server.js';
import { startKeyService, type KeyService, type KeyServiceOptions } from '../../keyservice/index.js';

export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

export interface WebHostAppOptions {
  readonly dataDir: string;
  readonly port?: number;
  readonly rendererDir?: string;
  /** Start the demo key service and connect to it. */
  readonly demo?: boolean | KeyServiceOptions;
  /** The clock of the services (tests move it to see days pass); the system clock by default. */
  readonly clock?: Clock;
  /** Where log lines go (besides the log file). */
  readonly echoLog?: (line: string) => void;
  /** The log file's cap and rotated files kept: the desktop app's by default (MAIN_LOG). */
  readonly logLimits?: Pick<RotatingLogOptions, 'maxBytes' | 'keep'>;
}

export interface WebHostApp {
  readonly host: WebHost;
  readonly services: MainServices;
  readonly keyService: KeyService | null;
  readonly logFile: string;
  /** The web host's stand-in for the OS clipboard (Node has none), for tests to read. */
  readonly clipboard: MemoryClipboard;
  close(): Promise<void>;
}

export async function startWebHostApp(options: WebHostAppOptions): Promise<WebHostApp> {
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`No built renderer in ${rendererDir}. Run "npm run build:renderer" first.`);
  }
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  // The desktop app's log, capped and rotated the same way: a web host left running does not fill the disk, and a
  // log that cannot be written does not stop it.
  const logsDir = path.join(options.dataDir, 'logs');
  const logFile = path.join(logsDir, logFileName(MAIN_LOG.name, 0));
  const logLine = createRotatingLog({ dir: logsDir, ...MAIN_LOG, ...options.logLimits });
  const logger: Logger = createLogger((line) => {
    logLine(line);
    options.echoLog?.(line);
  });
  const clipboard = new MemoryClipboard();
  const clock = options.clock ?? systemClock;
  const services = createMainServices({
    dataDir: options.dataDir,
    cipher: null,
    settings: new JsonFileStore(path.join(options.dataDir, 'settings.json'), clock),
    httpFactory: createNodeSiteHttp,
    clock,
    logger,
    clipboard,
    // As in the desktop app: an on-premises site's private CA (security.md D1).
    caPem: process.env.KEYWARDEN_CA_FILE ? fs.readFileSync(process.env.KEYWARDEN_CA_FILE, 'utf8') : undefined,
    env: process.env,
  });
  let keyService: KeyService | null = null;
  if (options.demo) {
    keyService = await startKeyService({ seed: 'demo', ...(typeof options.demo === 'object' ? options.demo : {}) });
    const adminKey = keyService.keys?.admin;
    if (!adminKey) throw new Error('The demo key service gave no admin key.');
    await services.sites.connect({ keyString: adminKey, name: 'Demo site' });
  }
  await services.startup();
  const host = await startWebHost({
    dispatch: services.dispatch,
    events: services.events,
    rendererDir,
    logger,
    port: options.port,
  });
  void services.notifications.start();
  return {
    host,
    services,
    keyService,
    logFile,
    clipboard,
    close: async () => {
      services.notifications.stop();
      await services.secrets.shutdown();
      await services.inventory.flush();
      await host.close();
      await keyService?.close();
    },
  };
}
