/**
 * The app's main process for the benchmark: the same services as every host (composition root, HTTP adapter,
 * worker snapshot writer), alone in a process started by bench/run.ts with fork() and `--expose-gc`, so its
 * memory and CPU are its own. It answers messages:
 * - `start`: start the snapshot writer, note the idle RSS, connect with the admin key and let the refresh a connect
 *   starts finish;
 * - `refresh`: one full refresh with its snapshot written (flushed), wall and CPU time; then, untimed, the grid's
 *   first page, as the renderer asks it on the change event, so main holds the grid's query index as the app does
 *   (its time is reported apart);
 * - `action`: one key action on the page it is taken from, which has shown its data: a device key created on the
 *   inventory page, or a device's legacy key revoked on the migration page. Then what that page asks again on the
 *   change event, each in a task of its own as an IPC message is (the inventory: the grid's page, the header's
 *   summary, the bulk bar's matching keys; the migration: its view, the legacy keys' grid page, the header's
 *   summary), and its files written: the longest main-thread task meanwhile (event loop delay, 1 ms resolution);
 * - `memory`: the idle RSS, the peak RSS of the process so far, and the RSS now, the inventory held; and the growth
 *   of the live JS heap (after a full collection), for the log.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createNodeSiteHttp } from '../electron/adapters/node-site-http.js';
import { JsonFileStore } from '../electron/adapters/json-file-store.js';
import { sharedWorkerSnapshotWriter } from '../electron/adapters/worker-snapshot-writer.js';
import { createMainServices, type MainServices } from '../electron/composition.js';
import { systemClock } from '../electron/ports.js';
import { createLogger } from '../electron/services/logger.js';
import { MemoryClipboard } from '../electron/services/secret-handles.js';
import type { Inventory } from '../shared/inventory.js';

type Request =
  | { type: 'start'; adminKey: string }
  | { type: 'refresh' }
  | { type: 'action'; kind: ActionKind }
  | { type: 'memory' }
  | { type: 'stop' };

/** A device key created, or a device's legacy key revoked (the migration's own action: its progress is written). */
type ActionKind = 'create' | 'revoke-legacy';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-bench-main-'));
let services: MainServices | null = null;
let idleRss = 0;
let idleHeap = 0;
let inventory: Inventory | null = null;
const usedDevices = new Set<string>();

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const rss = (): number => process.memoryUsage.rss();

async function handle(request: Request): Promise<Record<string, unknown>> {
  switch (request.type) {
    case 'start': {
      services = createMainServices({
        dataDir,
        cipher: null,
        settings: new JsonFileStore(path.join(dataDir, 'settings.json'), systemClock),
        httpFactory: createNodeSiteHttp,
        clock: systemClock,
        logger: createLogger(() => undefined),
        clipboard: new MemoryClipboard(),
        env: {},
      });
      // The idle app: its services up, its writer thread too (as after a first snapshot), no site's data yet. A
      // connect starts the expiry check's own refresh, so idle is measured before it.
      await sharedWorkerSnapshotWriter().write(path.join(dataDir, 'warm-up.json'), {});
      gc();
      await new Promise((resolve) => setTimeout(resolve, 200));
      idleRss = rss();
      idleHeap = process.memoryUsage().heapUsed;
      const connected = await services.dispatch('sites.connect', { keyString: request.adminKey });
      if (!connected.ok) throw new Error(`connect failed: ${connected.error.code}`);
      // That refresh is over, and its snapshot written, before the first measured one.
      await settled(services);
      return { idleRss };
    }
    case 'refresh': {
      const ready = need(services);
      const cpu = process.cpuUsage();
      const start = performance.now();
      inventory = (await ready.inventory.refresh()).inventory;
      // The snapshot write is part of the refresh's cost.
      await ready.inventory.flush();
      const wallMs = performance.now() - start;
      const used = process.cpuUsage(cpu);
      const asked = performance.now();
      const page = await ready.dispatch('inventory.query', { page: 0, pageSize: 100 });
      if (!page.ok) throw new Error(`query failed: ${page.error.code}`);
      const pageMs = performance.now() - asked;
      return { wallMs, cpuMs: (used.user + used.system) / 1000, keys: inventory?.keys.length ?? 0, pageMs };
    }
    case 'action': {
      const ready = need(services);
      const act = request.kind === 'create' ? await createAction(ready) : await revokeLegacyAction(ready);
      const page = request.kind === 'create' ? INVENTORY_PAGE : MIGRATION_PAGE;
      // The page shows the refreshed data before the admin acts: it asked for it on the change event.
      for (const [, ask] of page) await ask(ready);
      // The event loop's longest delay over the whole action; each phase's wall time for the log (which part it is).
      const whole = monitorEventLoopDelay({ resolution: 1 });
      whole.enable();
      const phase = async (task: () => Promise<unknown>): Promise<number> => {
        const begin = performance.now();
        await task();
        return performance.now() - begin;
      };
      const start = performance.now();
      const createMs = await phase(act);
      const actionMs = performance.now() - start;
      // What the open inventory page asks next, on the inventory-changed event: the grid's first page, the header's
      // summary and the bulk bar's matching keys, each a message of its own (a task of its own in main).
      const asked = async (ask: () => Promise<unknown>): Promise<number> => {
        await new Promise<void>((resolve) => setImmediate(resolve));
        return phase(ask);
      };
      const questions: Record<string, number> = {};
      for (const [name, ask] of page) questions[name] = await asked(() => ask(ready));
      const writeMs = await phase(() => ready.inventory.flush());
      whole.disable();
      return { longestTaskMs: whole.max / 1e6, actionMs, phases: { actionMs: createMs, ...questions, writeMs } };
    }
    case 'memory':
      gc();
      await new Promise((resolve) => setTimeout(resolve, 200));
      return {
        idleRss,
        peakRss: process.resourceUsage().maxRSS * 1024,
        heldRss: rss(),
        // The live JS objects after a full collection, beside the RSS: how much of the growth is the data itself.
        heapGrowth: process.memoryUsage().heapUsed - idleHeap,
        held: inventory?.keys.length ?? 0,
      };
    case 'stop':
      await services?.inventory.flush();
      fs.rmSync(dataDir, { recursive: true, force: true });
      setImmediate(() => process.exit(0));
      return {};
  }
}

/** What a page asks main again when the inventory changes, by name, in its order: one IPC message each. */
type PageQuestions = ReadonlyArray<readonly [string, (ready: MainServices) => Promise<unknown>]>;

const INVENTORY_PAGE: PageQuestions = [
  ['next page', (ready) => ready.dispatch('inventory.query', { page: 0, pageSize: 100 })],
  ['summary', (ready) => ready.dispatch('inventory.summary', undefined)],
  ['matching keys', (ready) => ready.dispatch('inventory.matchingKeys', { filter: {} })],
];

const MIGRATION_PAGE: PageQuestions = [
  ['migration view', (ready) => ready.dispatch('migration.view', undefined)],
  ['legacy keys page', (ready) => ready.dispatch('migration.keys', { list: 'present', page: 0, pageSize: 100 })],
  ['summary', (ready) => ready.dispatch('inventory.summary', undefined)],
];

/** A new key for a device with few keys, none used by an earlier action: the action, ready to run. */
async function createAction(ready: MainServices): Promise<() => Promise<void>> {
  const keyCount = new Map<string, number>();
  for (const key of inventory?.keys ?? []) keyCount.set(key.ownerId, (keyCount.get(key.ownerId) ?? 0) + 1);
  const device = (inventory?.devices ?? []).find(
    (candidate) => !candidate.disabled && !usedDevices.has(candidate.id) && (keyCount.get(candidate.id) ?? 0) < 5,
  );
  if (!device) throw new Error('No device left to give a key to.');
  usedDevices.add(device.id);
  return async () => {
    const created = await ready.dispatch('keys.create', {
      owner: { type: 'device', id: device.id },
      label: 'Bench key',
      expiresAt: new Date(Date.now() + 90 * 86_400_000).toISOString(),
    });
    if (!created.ok) throw new Error(`create failed: ${created.error.code}`);
  };
}

/**
 * A device's legacy key revoked, as the admin does from the migration page: main's confirmation asked first
 * (untimed, as the admin reads it), then the revoke, whose patched snapshot also changes the migration's tracked
 * keys. The web host's confirmer says yes, as the page's dialog did.
 */
async function revokeLegacyAction(ready: MainServices): Promise<() => Promise<void>> {
  const current = ready.inventory.load().inventory;
  const key = current?.keys.find((candidate) => candidate.kind === 'legacy' && candidate.ownerType === 'device');
  if (!key) throw new Error('No device legacy key left to revoke.');
  const confirmation = await ready.dispatch('confirmations.request', { action: 'revoke-key', targets: [key.id] });
  if (!confirmation.ok) throw new Error(`confirmation failed: ${confirmation.error.code}`);
  const confirmationId = (confirmation.value as { id: string }).id;
  return async () => {
    const revoked = await ready.dispatch('keys.revoke', {
      owner: { type: 'device', id: key.ownerId },
      keyId: key.id,
      confirmationId,
    });
    if (!revoked.ok) throw new Error(`revoke failed: ${revoked.error.code}`);
  };
}

/** No refresh running for a while (a connect's expiry check starts one), every snapshot written. */
async function settled(ready: MainServices, quietMs = 300): Promise<void> {
  let quietSince = performance.now();
  while (performance.now() - quietSince < quietMs) {
    if (ready.inventory.progress().running) quietSince = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await ready.inventory.flush();
}

function need(value: MainServices | null): MainServices {
  if (!value) throw new Error('Not started.');
  return value;
}

process.on('message', (request: Request) => {
  handle(request).then(
    (answer) => process.send?.({ ok: true, ...answer }),
    (error: unknown) => process.send?.({ ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
});
