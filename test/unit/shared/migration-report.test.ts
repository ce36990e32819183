import { describe, expect, it } from 'vitest';
import type { DeviceRecord, Inventory, KeyRecord, UserRecord } from '../../../shared/inventory.js';
import {
  buildMigration,
  emptyMigrationState,
  trackLegacyKeys,
  withTick,
  type MigrationSite,
  type MigrationView,
} from '../../../shared/migration.js';
import {
  READINESS_CSV_COLUMNS,
  readinessCsv,
  readinessJson,
  readinessReport,
  readinessSummary,
} from '../../../shared/migration-report.js';
import { readinessHtml } from '../../../shared/migration-report-html.js';
import { migrationSummaryOf } from '../../../shared/migration-page.js';
import { testDevice } from '../../support/records.js';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const ago = (days: number): string => new Date(NOW.getTime() - days * DAY).toISOString();
const ORIGIN = 'https://flywheel.example.org';
const HOSTILE = '<script>alert("x")</script>';

function key(overrides: Partial<KeyRecord> & Pick<KeyRecord, 'id'>): KeyRecord {
  return {
    label: 'Legacy Key',
    kind: 'legacy',
    ownerType: 'device',
    ownerId: 'd1',
    ownerLabel: 'MRI Reaper',
    ownerDisabled: false,
    created: ago(700),
    expiresAt: null,
    lastUsed: ago(2),
    isAppKey: false,
    ...overrides,
  };
}

function device(id: string, label: string, type: string, disabled = false): DeviceRecord {
  return testDevice({ id, label, type, disabled });
}

function user(id: string, name: string, disabled = false): UserRecord {
  return { id, name, email: id, disabled, isSiteAdmin: false, keysVisible: true, lastLogin: null };
}

function inventoryOf(keys: KeyRecord[], devices: DeviceRecord[], users: UserRecord[]): Inventory {
  return {
    siteId: 'site1',
    siteName: 'Main site',
    origin: ORIGIN,
    fetchedAt: ago(0.01),
    devices,
    users,
    keys,
    coverage: { deviceKeys: true, users: true, userKeys: 'all' },
  };
}

const SITE: MigrationSite = { name: 'Main site', origin: ORIGIN, release: '18.4.0', keyKind: 'enhanced' };

function viewOf(inventory: Inventory, site: Partial<MigrationSite> = {}, tick = false): MigrationView {
  let state = trackLegacyKeys(emptyMigrationState(), inventory, NOW);
  if (tick) {
    state = withTick(state, 'legacy-user', 3, { note: `checked ${HOSTILE}`, time: ago(1), actor: `admin ${HOSTILE}` });
  }
  return buildMigration({ inventory, site: { ...SITE, ...site }, state, now: NOW });
}

/** Four legacy keys: a Reaper's (hostile label and name), an importer's with a replacement, a user's, a disabled user's. */
function mixedView(site: Partial<MigrationSite> = {}): MigrationView {
  const inventory = inventoryOf(
    [
      key({ id: 'legacy-reaper', ownerId: 'd1', ownerLabel: `Reaper ${HOSTILE}`, label: `Legacy ${HOSTILE}` }),
      key({ id: 'legacy-importer', ownerId: 'd2', ownerLabel: '=HYPERLINK("http://evil")', lastUsed: ago(40) }),
      key({
        id: 'new-importer',
        kind: 'enhanced',
        label: 'Importer 2026',
        ownerId: 'd2',
        ownerLabel: '=HYPERLINK("http://evil")',
        created: ago(30),
        expiresAt: ago(-300),
        lastUsed: ago(1),
      }),
      key({ id: 'legacy-user', ownerType: 'user', ownerId: 'grace@example.org', ownerLabel: `Grace ${HOSTILE}` }),
      key({
        id: 'legacy-gone-user',
        ownerType: 'user',
        ownerId: 'edsger@example.org',
        ownerLabel: 'Edsger',
        ownerDisabled: true,
        lastUsed: null,
      }),
      key({
        id: 'a-very-long-key-id-without-any-space-0123456789abcdef0123456789abcdef0123456789abcdef',
        ownerId: 'd3',
        ownerLabel: 'Connector',
      }),
    ],
    [
      device('d1', `Reaper ${HOSTILE}`, 'reaper'),
      device('d2', '=HYPERLINK("http://evil")', 'importer'),
      device('d3', 'Connector', 'connector'),
    ],
    [user('grace@example.org', `Grace ${HOSTILE}`), user('edsger@example.org', 'Edsger', true)],
  );
  return viewOf(inventory, site, true);
}

function readyView(): MigrationView {
  return viewOf(inventoryOf([key({ id: 'new', kind: 'enhanced', label: 'New', expiresAt: ago(-30) })], [], []));
}

describe('readinessHtml', () => {
  const view = mixedView();
  const page = readinessHtml(view);

  it('is a self-contained page: charset, language, inline style, no script and no resource to fetch', () => {
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toMatch(/<html lang="en">/);
    expect(page).toMatch(/<meta charset="utf-8">/);
    expect(page).toMatch(/<style>[\s\S]*@page \{ margin: 15mm; \}[\s\S]*<\/style>/);
    expect(page.toLowerCase()).not.toContain('<script');
    expect(page).not.toMatch(/<(?:link|img|iframe|object|embed|base|form|svg|video|audio|source)\b/i);
    expect(page).not.toMatch(/\b(?:src|href|action|srcset)\s*=/i);
    expect(page).not.toMatch(/url\(|@import/i);
    expect(page).not.toMatch(/\son[a-z]+\s*=/i);
  });

  it("mentions no http(s) address other than the site's own, as text", () => {
    const addresses = page.match(/https?:\/\/[^\s<"'&)]+/g) ?? [];
    expect(addresses.length).toBeGreaterThan(0);
    // The hostile device name's address is escaped text inside an owner name, never a reference.
    for (const address of addresses) expect([ORIGIN, 'http://evil']).toContain(address);
    expect(page).not.toMatch(/(?:src|href)=["']?https?:/i);
  });

  it('escapes every text from the site and from the admin', () => {
    expect(page).not.toContain(HOSTILE);
    expect(page).not.toContain('<script>');
    expect(page).toContain('Legacy &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page).toContain('Grace &lt;script&gt;');
    expect(page).toContain('checked &lt;script&gt;');
    expect(page).toContain('admin &lt;script&gt;');
  });

  it('escapes the site name and address too', () => {
    const hostileSite = readinessHtml(mixedView({ name: `</title>${HOSTILE}`, release: `<b>18</b>` }));
    expect(hostileSite).not.toContain(HOSTILE);
    expect(hostileSite).toContain('<title>Flywheel 19.0 readiness: &lt;/title&gt;&lt;script&gt;');
    expect(hostileSite).not.toContain('<b>18</b>');
  });

  it('names every legacy key, every owner and every blocker, with the verdict and the settings', () => {
    expect(view.keys).toHaveLength(5);
    for (const entry of view.keys) expect(page).toContain(entry.keyId);
    expect(view.blockers.length).toBeGreaterThan(0);
    const text = page
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
    for (const blocker of view.blockers) expect(text).toContain(blocker.message);
    for (const entry of view.keys) expect(text).toContain(entry.owner.name);
    expect(page).toContain('<h2>Not ready</h2>');
    expect(page).toContain('Flywheel support');
    expect(page).toContain('Key owner');
    expect(page).toContain('Site admin');
    expect(page).toContain('Device (reaper)');
    expect(text).toContain(view.forecast.summary);
    expect(page).toMatch(/Quiet days required \(step 3\)<\/dt><dd>14</);
    expect(page).toContain('Planned upgrade date</dt><dd>Not set');
    expect(page).toContain('18.4.0');
  });

  it('shows the four steps of each key, and the hand tick with its note, who and when', () => {
    const stepRows = page.match(/<tr class="state-/g) ?? [];
    expect(stepRows).toHaveLength(view.keys.length * 4);
    expect(page).toContain('Done (ticked by hand)');
    expect(page).toContain('2026-11-25 12:00 UTC');
  });

  it('prints on any paper: no fixed page size, rows kept whole, headers repeated, long ids wrapped', () => {
    expect(page).not.toMatch(/@page[^}]*size/);
    expect(page).toMatch(/thead \{ display: table-header-group; \}/);
    expect(page).toMatch(/tr, td, th \{ break-inside: avoid;/);
    expect(page).toMatch(/overflow-wrap: anywhere/);
    expect(page).toMatch(/table-layout: fixed/);
    // No absolute width that could exceed the printable width of A4 (180 mm) or Letter (186 mm).
    expect(page).not.toMatch(/width:\s*\d+(?:px|mm|cm|in|pt)/);
  });

  it('lists the legacy keys seen deleted', () => {
    const before = inventoryOf(
      [key({ id: 'legacy-old', ownerLabel: 'Old importer', ownerId: 'd9' })],
      [device('d9', 'Old importer', 'importer')],
      [],
    );
    const after = { ...before, keys: [], fetchedAt: ago(0) };
    let state = trackLegacyKeys(emptyMigrationState(), before, new Date(NOW.getTime() - DAY));
    state = trackLegacyKeys(state, after, NOW);
    const deletedView = buildMigration({ inventory: after, site: SITE, state, now: NOW });
    const deletedPage = readinessHtml(deletedView);
    expect(deletedView.deleted).toHaveLength(1);
    expect(deletedPage).toContain('<h2>Deleted legacy keys (1)</h2>');
    expect(deletedPage).toContain('legacy-old');
    expect(deletedPage).toContain('<h2>Ready</h2>');
  });

  it('says when the site already runs 19.0', () => {
    const upgraded = readinessHtml(mixedView({ release: '19.0.0' }));
    expect(upgraded).toContain('Site already on 19.0');
    expect(upgraded).toContain('<h2>Not ready</h2>');
  });

  it('says when other users’ keys are not visible', () => {
    const inventory = { ...inventoryOf([], [], []), coverage: { deviceKeys: true, users: false, userKeys: 'self' as const } };
    const page = readinessHtml(viewOf(inventory));
    expect(page).toContain('does not list other users');
  });
});

describe('readinessJson', () => {
  it('carries the contract fields, booleans as booleans, and no secret-shaped field', () => {
    const view = mixedView();
    const report = JSON.parse(readinessJson(view)) as Record<string, unknown> & {
      legacyKeys: Array<Record<string, unknown> & { owner: Record<string, unknown>; steps: Array<Record<string, unknown>> }>;
      blockers: Array<Record<string, unknown>>;
    };
    expect(report.site).toBe(ORIGIN);
    expect(report.release).toBe('18.4.0');
    expect(report.ready).toBe(false);
    expect(report.userKeysVisible).toBe(true);
    expect(typeof report.generatedAt).toBe('string');
    expect(typeof report.dataFetchedAt).toBe('string');
    expect(report.blockers.every((b) => typeof b.code === 'string' && typeof b.message === 'string')).toBe(true);
    expect(report.legacyKeys.map((k) => k.keyId)).toEqual(view.keys.map((k) => k.keyId));
    for (const entry of report.legacyKeys) {
      expect(Object.keys(entry.owner).sort()).toEqual(['disabled', 'id', 'kind', 'name']);
      expect(typeof entry.owner.disabled).toBe('boolean');
      expect(['admin', 'flywheel-support', 'owner']).toContain(entry.responsible);
      expect(entry.steps.map((s) => s.step)).toEqual([1, 2, 3, 4]);
      for (const step of entry.steps) expect(['done', 'pending', 'not-applicable']).toContain(step.state);
    }
    const userKey = report.legacyKeys.find((k) => k.keyId === 'legacy-user');
    expect(userKey?.deviceType).toBeNull();
    expect(JSON.stringify(report)).not.toMatch(/"(?:key|secret)"\s*:/);
  });

  it('is ready with no blockers', () => {
    const report = JSON.parse(readinessJson(readyView())) as { ready: boolean; blockers: unknown[]; legacyKeys: unknown[] };
    expect(report).toMatchObject({ ready: true, blockers: [], legacyKeys: [] });
  });
});

describe('readinessCsv', () => {
  const view = mixedView();
  const csv = readinessCsv(view);
  const lines = csv.trimEnd().split('\r\n');

  it('starts with the header row and has one row per legacy key', () => {
    expect(lines[0]).toBe(READINESS_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(1 + view.keys.length + view.deleted.length);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('neutralises formula cells and quotes cells with commas or quotes', () => {
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).not.toMatch(/(^|,)=/m);
  });

  it('carries the site, release, data time and verdict on every row, and each key its blocker', () => {
    // RFC 4180 cells: quoted cells may hold commas and doubled quotes.
    const cells = (line: string | undefined) =>
      [...(line ?? '').matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)]
        .slice(0, READINESS_CSV_COLUMNS.length)
        .map(([, cell = '']) => (cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell));
    const at = (name: (typeof READINESS_CSV_COLUMNS)[number]) => READINESS_CSV_COLUMNS.indexOf(name);
    for (const line of lines.slice(1)) {
      expect(cells(line)[at('site')]).toBe(ORIGIN);
      expect(cells(line)[at('data_fetched_at')]).toBe(view.dataFetchedAt);
      expect(cells(line)[at('site_ready')]).toBe(String(view.ready));
    }
    const blocking = view.blockers.find((blocker) => blocker.code === 'legacy-key');
    expect(blocking).toBeDefined();
    const row = lines.find((line) => line.startsWith(`${blocking?.keyId},`));
    expect(cells(row)[at('blocker')]).toBe(blocking?.message);
    const gone = lines.find((line) => line.startsWith('legacy-gone-user,'));
    expect(cells(gone)[at('blocker')]).toBe('');
  });

  it('writes booleans as true/false', () => {
    const disabledRow = lines.find((line) => line.startsWith('legacy-gone-user,'));
    const column = READINESS_CSV_COLUMNS.indexOf('owner_disabled');
    expect(disabledRow?.split(',')[column]).toBe('true');
    const enabledRow = lines.find((line) => line.startsWith('legacy-user,'));
    expect(enabledRow?.split(',')[column]).toBe('false');
  });
});

describe('readinessReport and readinessSummary', () => {
  it('names the file after the site and the time, with the right type', () => {
    const view = mixedView();
    expect(readinessReport(view, 'html')).toMatchObject({
      fileName: 'keywarden-readiness-flywheel.example.org-2026-11-26-12-00-00.html',
      mimeType: 'text/html',
      rows: view.keys.length,
    });
    expect(readinessReport(view, 'csv').mimeType).toBe('text/csv');
    expect(readinessReport(view, 'json').mimeType).toBe('application/json');
  });

  it('sums the verdict up in one line', () => {
    const view = mixedView();
    expect(readinessSummary(migrationSummaryOf(view))).toBe(`Not ready: ${view.blockers.length} blockers`);
    expect(readinessSummary(migrationSummaryOf(readyView()))).toBe('Ready: no blocker');
    expect(readinessSummary(migrationSummaryOf(mixedView({ release: '19.0.0' })))).toMatch(/site already on 19.0/);
    expect(readinessSummary(migrationSummaryOf(mixedView()))).not.toContain('\n');
  });

  it('groups the thousands of a large site', () => {
    expect(readinessSummary({ ...migrationSummaryOf(mixedView()), blockerCount: 12000 })).toBe('Not ready: 12,000 blockers');
    expect(readinessSummary({ ...migrationSummaryOf(readyView()), keyCount: 1500 })).toBe(
      'Ready: no blocker; 1,500 legacy keys of disabled owners left to delete',
    );
  });
});
