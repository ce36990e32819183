/**
 * The headless readiness check (`npm run readiness`, issue 7) against the key service: run in-process with
 * captured streams and an env object, plus one real `npm run` child process for the script wiring. The legacy
 * keys of the report are compared with what the key service itself lists, never with fixed counts (the demo seed
 * changes).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNodeSiteHttp } from '../../../electron/adapters/node-site-http.js';
import { runReadiness, type ReadinessIo } from '../../../electron/headless/readiness.js';
import type { SiteHttpFactory } from '../../../electron/ports.js';
import { KeyDb } from '../../../keyservice/db.js';
import { keyString, startKeyService, type KeyService } from '../../../keyservice/index.js';
import { READINESS_CSV_COLUMNS } from '../../../shared/migration-report.js';
import { ADMIN_CANARY, ADMIN_CANARY_SECRET, filesContaining } from '../../support/canary.js';
import { adminKeyString, siteDevices, siteUsers, startDemoSite, type SiteKey } from './support.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

interface JsonReport {
  site: string;
  release: string;
  ready: boolean;
  upgraded: boolean;
  generatedAt: string;
  dataFetchedAt: string;
  settings: { quietDays: number; upgradeDate: string | null };
  blockers: Array<{ code: string; message: string }>;
  legacyKeys: Array<{ keyId: string; owner: { kind: string; id: string; disabled: boolean }; steps: unknown[] }>;
}

let tmpRoot: string;
let service: KeyService | undefined;

beforeEach(() => {
  tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-readiness-it-'));
});
afterEach(async () => {
  await service?.close();
  service = undefined;
  fs.rmSync(tmpRoot, { recursive: true, force: true });
});

/** Runs the command function with the given arguments and environment; checks it left no temporary folder. */
async function readiness(argv: string[], env: Record<string, string | undefined>, io: Partial<ReadinessIo> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const status = await runReadiness({
    argv,
    env,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    tmpRoot,
    ...io,
  });
  expect(fs.readdirSync(tmpRoot).filter((name) => name.startsWith('keywarden-readiness-'))).toEqual([]);
  return { status, stdout, stderr };
}

function withKey(key: string): Record<string, string> {
  return { KEYWARDEN_API_KEY: key };
}

/** One line on stderr, no stack trace, no secret anywhere. */
function expectCleanFailure(run: Run, reason: RegExp): void {
  expect(run.status).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(reason);
  expect(run.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  expect(run.stderr + run.stdout).not.toContain(ADMIN_CANARY);
}

const isLegacy = (key: SiteKey): boolean => key.label === 'Legacy Key' && key.expires_at === null;

/** The legacy keys the key service itself lists, fetched as the admin without the app. */
async function siteLegacyKeyIds(site: KeyService): Promise<string[]> {
  const devices = await siteDevices(site);
  const users = await siteUsers(site);
  return [...devices, ...users]
    .flatMap((owner) => owner.api_keys ?? [])
    .filter(isLegacy)
    .map((key) => key._id)
    .sort();
}

describe('npm run readiness on the demo site', () => {
  beforeEach(async () => {
    service = await startDemoSite();
  });

  it("exits 1 with exactly the site's legacy keys in the JSON report", async () => {
    const site = service!;
    const expected = await siteLegacyKeyIds(site);
    expect(expected.length).toBeGreaterThan(0);

    // Before each request to the site, the temporary data folder is searched for the key: it is never written.
    const looks: Array<{ files: number; hits: string[] }> = [];
    const watching: SiteHttpFactory = (options) => {
      const http = createNodeSiteHttp(options);
      return (request) => {
        const folders = fs.readdirSync(tmpRoot).map((name) => path.join(tmpRoot, name));
        const files = folders.flatMap((folder) => fs.readdirSync(folder, { recursive: true, encoding: 'utf8' }));
        looks.push({ files: files.length, hits: filesContaining(tmpRoot, ADMIN_CANARY) });
        return http(request);
      };
    };
    const run = await readiness([], withKey(adminKeyString(site)), { httpFactory: watching });
    expect(looks.some((look) => look.files > 0)).toBe(true);
    expect(looks.flatMap((look) => look.hits)).toEqual([]);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.legacyKeys.map((key) => key.keyId).sort()).toEqual(expected);
    expect(report).toMatchObject({ site: site.baseUrl, ready: false, upgraded: false, release: '18.4.0' });
    expect(report.blockers.length).toBeGreaterThan(0);
    expect(report.blockers.every((blocker) => blocker.code === 'legacy-key')).toBe(true);
    for (const key of report.legacyKeys) expect(key.steps).toHaveLength(4);
    expect(run.stderr).toBe(`readiness: Not ready: ${report.blockers.length} blockers.\n`);
    expect(run.stdout + run.stderr).not.toContain(ADMIN_CANARY);
  });

  it('writes the HTML report to --out (mode 0600) with the settings given, naming every legacy key', async () => {
    const site = service!;
    const expected = await siteLegacyKeyIds(site);
    const out = path.join(tmpRoot, 'readiness.html');
    const run = await readiness(
      ['--format', 'html', '--out', out, '--quiet-days', '30', '--upgrade-date', '2099-01-01', '--verbose'],
      withKey(adminKeyString(site)),
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    // --verbose adds the log lines on stderr; none holds the key.
    expect(run.stderr).toMatch(/readiness: Not ready: \d+ blockers\. Report written to .*readiness\.html\.\n$/);
    expect(run.stderr).not.toContain(ADMIN_CANARY);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    const page = fs.readFileSync(out, 'utf8');
    for (const keyId of expected) expect(page).toContain(keyId);
    expect(page).toContain('<h2>Not ready</h2>');
    expect(page).toContain('Quiet days required (step 3)</dt><dd>30</dd>');
    expect(page).toContain('Planned upgrade date</dt><dd>2099-01-01</dd>');
    expect(page.toLowerCase()).not.toContain('<script');
    expect(page).not.toContain(ADMIN_CANARY);
    expect(fs.readdirSync(tmpRoot)).toEqual(['readiness.html']);
  });

  it('exits 2 with a wrong key, saying why, without the secret', async () => {
    const site = service!;
    const wrong = `djE${ADMIN_CANARY}${'Z'.repeat(57 - 3 - ADMIN_CANARY.length)}`;
    expect(wrong).not.toBe(ADMIN_CANARY_SECRET);
    const run = await readiness([], withKey(keyString(site.port, wrong)));
    expectCleanFailure(
      run,
      /^readiness: No report: Could not connect to the site: The site rejected the key.*\(unauthorized\)$/m,
    );
  });

  it('exits 2 without a key', async () => {
    expectCleanFailure(await readiness([], {}), /No key: set KEYWARDEN_API_KEY/);
  });

  it("exits 2 with a key that is not a site admin's", async () => {
    const site = service!;
    const run = await readiness([], withKey(site.keys!.user));
    expectCleanFailure(run, /is not a site admin's key/);
    expect(run.stderr).not.toContain(site.keys!.user.split(':').pop()!);
  });

  it('exits 2 with a key given on the command line, without contacting the site', async () => {
    const site = service!;
    expectCleanFailure(await readiness(['--key', adminKeyString(site)], {}), /shell history/);
    expectCleanFailure(await readiness([adminKeyString(site)], {}), /shell history/);
  });

  it('exits 2 when the site does not answer', async () => {
    const site = service!;
    const key = adminKeyString(site);
    await site.close();
    expectCleanFailure(await readiness([], withKey(key)), /The site did not answer.*\(unreachable\)/);
  });

  it('exits 2 on a site older than 16.19.0, with the reason (connect refuses it before any key is listed)', async () => {
    const site = service!;
    site.setRelease('16.18.9');
    expectCleanFailure(
      await readiness([], withKey(adminKeyString(site))),
      /16\.18\.9, older than 16\.19\.0.*\(unsupported-site\)/,
    );
  });

  it('exits 1 on a site already on 19.0, its legacy keys rejected now', async () => {
    const site = service!;
    site.setRelease('19.0.0');
    const run = await readiness(['--format', 'json'], withKey(adminKeyString(site)));
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.upgraded).toBe(true);
    expect(report.blockers.length).toBeGreaterThan(0);
    expect(report.blockers.every((blocker) => blocker.code === 'legacy-key-rejected')).toBe(true);
    expect(run.stderr).toMatch(/site already on 19\.0/);
  });
});

describe('npm run readiness on a site whose legacy keys were all deleted', () => {
  it('exits 0 with no legacy key and no blocker', async () => {
    const dbFile = path.join(tmpRoot, 'site.sqlite');
    const seeded = await startDemoSite({ dbFile });
    const legacy = await siteLegacyKeyIds(seeded);
    expect(legacy.length).toBeGreaterThan(0);
    await seeded.close();
    // Straight in the site's database: the API lets only the owner delete a user's key, and the demo's users
    // other than the admin have no key the test knows.
    const db = new KeyDb(dbFile);
    try {
      for (const id of legacy) expect(db.deleteKey(id)).toBe(true);
    } finally {
      db.close();
    }
    service = await startKeyService({ dbFile });
    expect(await siteLegacyKeyIds(service)).toEqual([]);

    const run = await readiness(['--format', 'json'], withKey(adminKeyString(service)));
    expect(run.stderr).toBe('readiness: Ready: no blocker.\n');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report).toMatchObject({ ready: true, blockers: [], legacyKeys: [] });
  });
});

describe('the npm script', () => {
  it('runs as `npm run -s readiness` and exits with the verdict', async () => {
    service = await startDemoSite();
    const expected = await siteLegacyKeyIds(service);
    const child = spawn('npm', ['run', '-s', 'readiness', '--', '--format', 'csv'], {
      cwd: REPO,
      env: { ...process.env, KEYWARDEN_API_KEY: adminKeyString(service), NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect(stderr).toMatch(/^readiness: Not ready: \d+ blockers\.\n$/);
    expect(status).toBe(1);
    const lines = stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe(READINESS_CSV_COLUMNS.join(','));
    expect(
      lines
        .slice(1)
        .map((line) => line.split(',')[0])
        .sort(),
    ).toEqual(expected);
    expect(stdout + stderr).not.toContain(ADMIN_CANARY);
  }, 60_000);
});
