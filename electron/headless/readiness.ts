/**
 * The headless 19.0 readiness check (`npm run readiness`): a third host of the main-process services, beside
 * the Electron main process and the web host (design.md, "Three hosts of one set of services"). It composes the
 * same services with Node adapters over a temporary data folder, then asks them what the desktop app would:
 * connect (the key is checked by the site before anything else), refresh the inventory, apply the settings
 * given, build the report. Every step goes through `dispatch`, the same validated entry the other hosts use, so
 * errors come back as fixed texts from the closed set of codes. The command adds no rule of its own.
 *
 * Exit status: 0 ready, 1 not ready, 2 no report could be made; always one line on stderr, never a stack trace
 * or the key. A site older than 16.19.0 is refused by connect (`unsupported-site`) before the key is checked or
 * any key listed: that is exit 2 with the site's reason, since a report without the site's legacy keys would
 * claim a list it does not have (README, "19.0 readiness check").
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createNodeSiteHttp } from '../adapters/node-site-http.js';
import { JsonFileStore } from '../adapters/json-file-store.js';
import { assertTlsVerificationOn, createMainServices, type MainServices } from '../composition.js';
import { systemClock, type Clock, type SiteHttpFactory } from '../ports.js';
import { writeFileAtomic } from '../services/atomic-file.js';
import { createLogger, redact } from '../services/logger.js';
import { MemoryClipboard } from '../services/secret-handles.js';
import type { SiteSummary } from '../../shared/ipc-contract.js';
import type { InventoryView } from '../../shared/inventory.js';
import type { MigrationSettings } from '../../shared/migration.js';
import type { MigrationSummary } from '../../shared/migration-page.js';
import { readinessSummary, type ReadinessFile } from '../../shared/migration-report.js';
import type { Result } from '../../shared/result.js';
import { parseReadinessArgs, readKeyString, shown, USAGE, type ReadinessOptions } from './readiness-args.js';

export const EXIT_READY = 0;
export const EXIT_NOT_READY = 1;
export const EXIT_NO_REPORT = 2;

export interface TextSink {
  write(text: string): unknown;
}

export interface ReadinessIo {
  /** The arguments after the command (`process.argv.slice(2)`). */
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  /** Aborts the check (Ctrl-C): the temporary folder is removed and the exit status is 2. */
  readonly signal?: AbortSignal;
  /** Where the temporary data folder is made; the system's temp folder by default. */
  readonly tmpRoot?: string;
  readonly clock?: Clock;
  readonly httpFactory?: SiteHttpFactory;
}

/** Why no report could be made: one line for stderr, never holding the key. */
class NoReport extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'NoReport';
  }
}

const PREFIX = 'readiness: ';

function oneLine(text: string): string {
  return redact(text.replace(/\s*[\r\n]+\s*/g, ' ').trim());
}

/** Runs the check; resolves the exit status. Never throws, never writes a stack trace. */
export async function runReadiness(io: ReadinessIo): Promise<number> {
  const say = (text: string): void => {
    io.stderr.write(`${PREFIX}${oneLine(text)}\n`);
  };
  try {
    const args = parseReadinessArgs(io.argv);
    if (!args.ok) throw new NoReport(args.message);
    if (args.value.help) {
      io.stdout.write(USAGE);
      return EXIT_READY;
    }
    const key = readKeyString(args.value, io.env);
    if (!key.ok) throw new NoReport(key.message);
    const outcome = await check(io, args.value, key.value);
    if (args.value.out !== null) {
      try {
        writeFileAtomic(args.value.out, outcome.file.content, 0o600);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        throw new NoReport(`The report could not be written to ${shown(args.value.out)} (${code}).`);
      }
    } else {
      io.stdout.write(outcome.file.content);
    }
    say(`${readinessSummary(outcome.view)}${args.value.out === null ? '' : `. Report written to ${shown(args.value.out)}`}.`);
    return outcome.view.ready ? EXIT_READY : EXIT_NOT_READY;
  } catch (error) {
    // Only our own fixed reasons are printed; anything else may carry anything, so only its type is named.
    say(
      error instanceof NoReport
        ? `No report: ${error.reason}`
        : `No report: an unexpected error (${error instanceof Error ? error.name : typeof error}) stopped the check.`,
    );
    return EXIT_NO_REPORT;
  }
}

interface Outcome {
  readonly view: MigrationSummary;
  readonly file: ReadinessFile;
}

async function check(io: ReadinessIo, options: ReadinessOptions, keyString: string): Promise<Outcome> {
  try {
    assertTlsVerificationOn(io.env);
  } catch (error) {
    throw new NoReport(error instanceof Error ? error.message : 'TLS verification is turned off.');
  }
  const caFile = io.env.KEYWARDEN_CA_FILE;
  let caPem: string | undefined;
  if (caFile) {
    try {
      caPem = fs.readFileSync(caFile, 'utf8');
    } catch {
      throw new NoReport(`The CA file in KEYWARDEN_CA_FILE (${shown(caFile)}) cannot be read.`);
    }
  }
  if (options.out !== null) {
    const folder = path.dirname(path.resolve(options.out));
    if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
      throw new NoReport(`The folder of --out (${shown(folder)}) does not exist.`);
    }
  }

  if (io.signal?.aborted) throw new NoReport('Interrupted before the check ran.');
  const dataDir = fs.mkdtempSync(path.join(io.tmpRoot ?? os.tmpdir(), 'keywarden-readiness-'));
  const removeDataDir = (): void => {
    try {
      fs.rmSync(dataDir, { recursive: true, force: true });
    } catch {
      // Left for the system's temp cleaning; it holds no secret (the key is kept in memory only: cipher null).
    }
  };
  let services: MainServices | null = null;
  try {
    const clock = io.clock ?? systemClock;
    services = createMainServices({
      dataDir,
      cipher: null,
      settings: new JsonFileStore(path.join(dataDir, 'settings.json'), clock),
      httpFactory: io.httpFactory ?? createNodeSiteHttp,
      clock,
      logger: createLogger(options.verbose ? (line) => void io.stderr.write(`${line}\n`) : () => undefined),
      clipboard: new MemoryClipboard(),
      caPem,
      env: io.env,
      // A report changes nothing on the site: should anything ever ask to, the answer is no.
      confirmer: { confirm: async () => false },
    });
    const work = report(services, options, keyString);
    // After an interrupt the work may still be under way: once it settles, whatever it wrote goes too.
    work.catch(() => undefined).finally(removeDataDir);
    return await abortable(work, io.signal);
  } finally {
    if (services) {
      // The inventory defers its disk copy; let it land before the folder goes, so nothing is written after.
      await services.inventory.flush();
      await services.secrets.shutdown();
    }
    removeDataDir();
  }
}

/** One request through the hosts' common entry; a refusal becomes the reason on stderr. */
async function ask<T>(services: MainServices, channel: string, payload: unknown, context: string): Promise<T> {
  const result: Result<unknown> = await services.dispatch(channel, payload);
  if (!result.ok) throw new NoReport(`${context}: ${result.error.message} (${result.error.code})`);
  return result.value as T;
}

async function report(services: MainServices, options: ReadinessOptions, keyString: string): Promise<Outcome> {
  const site = await ask<SiteSummary>(services, 'sites.connect', { keyString }, 'Could not connect to the site');
  if (!site.isSiteAdmin) {
    throw new NoReport(
      `The key of ${site.userName} is not a site admin's key on ${site.origin}: the report lists every user's and device's keys, so it needs a site admin's key.`,
    );
  }
  const fetched = await ask<InventoryView>(services, 'inventory.refresh', undefined, 'Could not read the inventory');
  if (fetched.inventory === null || fetched.offline !== null) {
    throw new NoReport(`Could not read the inventory: ${fetched.offline?.message ?? 'the site gave none.'}`);
  }
  if (!fetched.inventory.coverage.deviceKeys) {
    throw new NoReport("The site did not list its devices' keys to this key, so their legacy keys could not be checked.");
  }
  let view = await ask<MigrationSummary | null>(services, 'migration.view', undefined, 'Could not build the migration view');
  if (view !== null && (options.quietDays !== null || options.upgradeDate !== null)) {
    const settings: MigrationSettings = {
      quietDays: options.quietDays ?? view.settings.quietDays,
      upgradeDate: options.upgradeDate ?? view.settings.upgradeDate,
    };
    view = await ask<MigrationSummary | null>(services, 'migration.updateSettings', settings, 'Could not apply the settings');
  }
  if (view !== null && options.userKeysChecked !== null && !view.userKeysVisible) {
    view = await ask<MigrationSummary | null>(
      services,
      'migration.attestUserKeys',
      { note: options.userKeysChecked },
      "Could not record the check of other users' keys",
    );
  }
  if (view === null) throw new NoReport('There is no inventory to report on.');
  const file = await ask<ReadinessFile>(services, 'migration.report', { format: options.format }, 'Could not build the report');
  return { view, file };
}

function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new NoReport('Interrupted; the check was stopped.'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
