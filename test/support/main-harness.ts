/** The main-process services wired as in the hosts, over a temp data folder, with captured log lines. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createNodeSiteHttp } from '../../electron/adapters/node-site-http.js';
import { JsonFileStore } from '../../electron/adapters/json-file-store.js';
import { createMainServices, type HostPorts, type MainServices } from '../../electron/composition.js';
import type { Dispatch } from '../../electron/ipc/dispatcher.js';
import { systemClock, type Clock, type CredentialCipher } from '../../electron/ports.js';
import { createLogger } from '../../electron/services/logger.js';
import { fakeCipher } from './fake-cipher.js';
import { MemoryClipboard } from '../../electron/services/secret-handles.js';
import { contractEntry } from '../../shared/ipc-contract.js';

export interface MainHarness {
  readonly services: MainServices;
  readonly dataDir: string;
  readonly logLines: string[];
  readonly clipboard: MemoryClipboard;
  cleanup(): void;
}

export interface MainHarnessOptions {
  cipher?: CredentialCipher | null;
  clock?: Clock;
  caPem?: string;
  dataDir?: string;
  /** How notifications are shown (e.g. a recording one); by default the page notifier, which only publishes events. */
  notifier?: HostPorts['notifier'];
  /** The periodic checks' timer; by default setInterval (only started by `services.notifications.start()`). */
  timer?: HostPorts['timer'];
  /**
   * The admin's yes outside the renderer (the desktop app's native dialog). By default always yes, so a test that
   * requests a confirmation and acts with it goes through; give one that says no, or records, to test the port.
   */
  confirmer?: HostPorts['confirmer'];
  /** Where snapshots are written; by default the process's worker writer. */
  snapshotWriter?: HostPorts['snapshotWriter'];
}

export function createMainHarness(options: MainHarnessOptions = {}): MainHarness {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-main-'));
  const logLines: string[] = [];
  const clock = options.clock ?? systemClock;
  const clipboard = new MemoryClipboard();
  const services = createMainServices({
    dataDir,
    cipher: options.cipher === undefined ? fakeCipher() : options.cipher,
    settings: new JsonFileStore(path.join(dataDir, 'settings.json'), clock),
    httpFactory: createNodeSiteHttp,
    clock,
    logger: createLogger((line) => logLines.push(line)),
    caPem: options.caPem,
    clipboard,
    env: {},
    notifier: options.notifier,
    timer: options.timer,
    confirmer: options.confirmer ?? { confirm: () => Promise.resolve(true) },
    snapshotWriter: options.snapshotWriter,
  });
  return {
    services: { ...services, dispatch: checkedDispatch(services.dispatch) },
    dataDir,
    logLines,
    clipboard,
    cleanup: () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

/**
 * The dispatcher parses what comes in, not what goes out: a handler answering the wrong shape would pass every
 * test and break only the renderer. In tests, every `ok` answer is checked against its channel's output schema
 * (shared/ipc-contract.ts), and fields the schema does not know (the schemas strip them silently) count as a
 * mismatch too, since they would cross IPC all the same. A mismatch throws, so the test fails where it dispatched.
 */
export function checkedDispatch(dispatch: Dispatch): Dispatch {
  return async (channel, payload) => {
    const result = await dispatch(channel, payload);
    if (!result.ok) return result;
    const entry = contractEntry(channel);
    if (!entry) throw new Error(`${channel}: answered ok on a channel the contract does not have`);
    const parsed = entry.output.safeParse(result.value);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(answer)'}: ${issue.message}`);
      throw new Error(`${channel}: the answer does not match the contract's output schema: ${problems.join('; ')}`);
    }
    const extra = unknownFields(result.value, parsed.data, '');
    if (extra.length > 0) {
      throw new Error(`${channel}: the answer has fields the contract's output schema does not list: ${extra.join(', ')}`);
    }
    return result;
  };
}

/** Paths of fields present (and not undefined) in `sent` but dropped by the schema from `kept`. */
function unknownFields(sent: unknown, kept: unknown, at: string): string[] {
  if (Array.isArray(sent) && Array.isArray(kept)) {
    return sent.flatMap((item, index) => unknownFields(item, kept[index], `${at}[${index}]`));
  }
  if (!isPlainObject(sent) || !isPlainObject(kept)) return [];
  return Object.entries(sent).flatMap(([name, value]) => {
    const here = at ? `${at}.${name}` : name;
    if (!Object.hasOwn(kept, name)) return value === undefined ? [] : [here];
    return unknownFields(value, kept[name], here);
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
