/**
 * Local files after a crash (security.md E1-E2): temporary files of interrupted atomic writes are removed at the
 * next start, and a damaged journal or snapshot is kept aside, reported to the admin and never crashes the app.
 * The crash is simulated on the data folder of an app that connected and refreshed, then a new app starts on it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KeyService } from '../../../keyservice/index.js';
import { DEMO_DEVICE_IDS } from '../../../keyservice/seed/demo.js';
import type { SitesState } from '../../../shared/ipc-contract.js';
import { createMainHarness, type MainHarness } from '../../support/main-harness.js';
import {
  connectAdmin,
  createDeviceKey,
  journalEntries,
  journalFile,
  load,
  ok,
  refresh,
  settle,
  snapshotFile,
  startDemoSite,
} from './support.js';

let service: KeyService | undefined;
let harness: MainHarness | undefined;

afterEach(async () => {
  harness?.cleanup();
  harness = undefined;
  await service?.close();
  service = undefined;
});

/** An app that connected, refreshed and saved its snapshot, then stopped. */
async function usedDataFolder(): Promise<{ dataDir: string; siteId: string }> {
  service = await startDemoSite();
  const connected = await connectAdmin(service);
  harness = connected.harness;
  await refresh(harness);
  await settle(harness);
  return { dataDir: harness.dataDir, siteId: connected.siteId };
}

function restart(dataDir: string): MainHarness {
  harness = createMainHarness({ dataDir });
  return harness;
}

async function warnings(app: MainHarness): Promise<string[]> {
  return (await ok<SitesState>(app, 'sites.state')).warnings;
}

const aside = (file: string): string[] =>
  fs.readdirSync(path.dirname(file)).filter((name) => name.startsWith(`${path.basename(file)}.damaged-`));

describe('temporary files left by a crash', () => {
  it('are removed at the next start from every data folder; real files beside them survive', async () => {
    const { dataDir, siteId } = await usedDataFolder();
    const folders = ['', 'credentials', 'snapshots', 'migration', 'notifications', 'audit'];
    const leftovers = folders.map((folder) => {
      fs.mkdirSync(path.join(dataDir, folder), { recursive: true });
      return path.join(dataDir, folder, `.${siteId}.json.0123456789ab.tmp`);
    });
    leftovers.push(path.join(dataDir, '.journal.json.abcdefabcdef.tmp'), path.join(dataDir, '.settings.json.a0a0a0a0a0a0.tmp'));
    const beside = [
      path.join(dataDir, 'settings.json'),
      path.join(dataDir, 'credentials', `${siteId}.key.json`),
      snapshotFile(harness!, siteId),
      // Not ours: other names with .tmp in them.
      path.join(dataDir, 'notes.tmp'),
      path.join(dataDir, 'snapshots', `${siteId}.json.tmp`),
      path.join(dataDir, 'logs-1.tmp'),
    ];
    for (const file of leftovers) fs.writeFileSync(file, 'half');
    for (const file of beside.slice(3)) fs.writeFileSync(file, 'mine');
    const before = new Map(beside.map((file) => [file, fs.readFileSync(file)]));

    const app = restart(dataDir);
    await app.services.startup();
    for (const file of leftovers) expect(fs.existsSync(file), file).toBe(false);
    for (const [file, bytes] of before) expect(fs.readFileSync(file).equals(bytes), file).toBe(true);
    expect(app.logLines.some((line) => line.includes('startup.temp-files-removed'))).toBe(true);
    // The app works on what it kept.
    expect((await load(app)).inventory?.siteId).toBe(siteId);
  });
});

describe('a damaged journal', () => {
  it.each([
    ['truncated JSON', '[{"id":"a","siteId":'],
    ['not a list', '{"intents":[]}'],
    ['an intent of the wrong shape', '[{"id":1}]'],
    ['empty', ''],
  ])('(%s) is kept aside with its bytes and reported; the app starts and records new operations', async (_name, content) => {
    const { dataDir } = await usedDataFolder();
    fs.writeFileSync(journalFile(harness!), content);
    const app = restart(dataDir);
    await app.services.startup();
    const file = journalFile(app);
    expect(aside(file)).toHaveLength(1);
    expect(fs.readFileSync(path.join(dataDir, aside(file)[0]!), 'utf8')).toBe(content);
    const reported = (await warnings(app)).filter((w) => /unfinished operations/i.test(w));
    expect(reported).toHaveLength(1);
    expect(reported[0]).toContain(aside(file)[0]);
    await createDeviceKey(app, DEMO_DEVICE_IDS.cliNoKeys, 'After the damage');
    expect(journalEntries(app)).toEqual([]);
    expect(fs.readFileSync(path.join(dataDir, aside(file)[0]!), 'utf8')).toBe(content);
  });
});

describe('a damaged snapshot', () => {
  it.each([
    ['truncated JSON', '{"siteId":"x","devices":['],
    ['the wrong shape', '{"siteId":"x"}'],
    ['empty', ''],
  ])('(%s) is kept aside with its bytes and reported; the next refresh fetches it again', async (_name, content) => {
    const { dataDir, siteId } = await usedDataFolder();
    const file = snapshotFile(harness!, siteId);
    fs.writeFileSync(file, content);
    const app = restart(dataDir);
    expect((await load(app)).inventory).toBeNull();
    expect(aside(file)).toHaveLength(1);
    expect(fs.readFileSync(path.join(path.dirname(file), aside(file)[0]!), 'utf8')).toBe(content);
    const reported = (await warnings(app)).filter((w) => /saved inventory/i.test(w));
    expect(reported).toHaveLength(1);
    expect(reported[0]).toContain(aside(file)[0]);
    // Reported once, however often it is asked for.
    await load(app);
    expect((await warnings(app)).filter((w) => /saved inventory/i.test(w))).toHaveLength(1);
    expect((await refresh(app)).inventory?.siteId).toBe(siteId);
    await settle(app);
    expect(fs.readFileSync(file, 'utf8')).toContain(siteId);
  });
});
