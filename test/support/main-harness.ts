/** The main-process services wired as in the hosts, over a temp data folder, with captured log lines. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAxiosSiteHttp } from '../../electron/adapters/axios-site-http.js';
import { JsonFileStore } from '../../electron/adapters/json-file-store.js';
import { createMainServices, type MainServices } from '../../electron/composition.js';
import { systemClock, type Clock, type CredentialCipher } from '../../electron/ports.js';
import { createLogger } from '../../electron/services/logger.js';
import { fakeCipher } from './fake-cipher.js';
import { MemoryClipboard } from '../../electron/services/secret-handles.js';

export interface MainHarness {
  readonly services: MainServices;
  readonly dataDir: string;
  readonly logLines: string[];
  readonly clipboard: MemoryClipboard;
  cleanup(): void;
}

export function createMainHarness(
  options: { cipher?: CredentialCipher | null; clock?: Clock; caPem?: string; dataDir?: string } = {},
): MainHarness {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-main-'));
  const logLines: string[] = [];
  const clock = options.clock ?? systemClock;
  const clipboard = new MemoryClipboard();
  const services = createMainServices({
    dataDir,
    cipher: options.cipher === undefined ? fakeCipher() : options.cipher,
    settings: new JsonFileStore(path.join(dataDir, 'settings.json'), clock),
    httpFactory: createAxiosSiteHttp,
    clock,
    logger: createLogger((line) => logLines.push(line)),
    caPem: options.caPem,
    clipboard,
    env: {},
  });
  return { services, dataDir, logLines, clipboard, cleanup: () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}
