/**
 * The readiness report for the 19.0 upgrade, from a migration view: JSON (for scripts and the headless check),
 * CSV (one row per legacy key, for spreadsheets) and a self-contained HTML page (for the audit file, printable
 * on A4 and Letter). Pure functions; never a secret, as the view holds none.
 */
import { countText } from './count-text.js';
import { neutraliseCell } from './credential-report.js';
import type { LegacyEntry, MigrationView } from './migration.js';
import type { MigrationSummary } from './migration-page.js';
import { RESPONSIBLE_TEXT } from './migration.js';
import { readinessHtml } from './migration-report-html.js';

export type ReadinessFormat = 'html' | 'json' | 'csv';

export interface ReadinessFile {
  readonly fileName: string;
  readonly mimeType: string;
  readonly content: string;
  /** Legacy keys in the report. */
  readonly rows: number;
}

function stepJson(entry: LegacyEntry) {
  return entry.steps.map((step) => ({
    step: step.step,
    title: step.title,
    state: step.state,
    evidence: step.evidence,
    source: step.source,
    manual: step.manual,
  }));
}

function keyJson(entry: LegacyEntry) {
  return {
    keyId: entry.keyId,
    label: entry.label,
    owner: { kind: entry.owner.kind, id: entry.owner.id, name: entry.owner.name, disabled: entry.owner.disabled },
    deviceType: entry.deviceType,
    created: entry.created,
    lastUsed: entry.lastUsed,
    quietForDays: entry.quietForDays,
    usedRecently: entry.usedRecently,
    responsible: entry.responsible,
    phase: entry.phase,
    replacement: entry.replacement,
    isAppKey: entry.isAppKey,
    deletedAt: entry.deletedAt,
    steps: stepJson(entry),
  };
}

/** The JSON report; its fields are the contract of `npm run readiness` (README). */
export function readinessJson(view: MigrationView): string {
  const report = {
    report: 'keywarden-19.0-readiness',
    site: view.site.origin,
    siteName: view.site.name,
    release: view.site.release,
    generatedAt: view.generatedAt,
    dataFetchedAt: view.dataFetchedAt,
    ready: view.ready,
    upgraded: view.upgraded,
    /** False where the site does not list other users' keys: their legacy keys cannot be in the report. */
    userKeysVisible: view.userKeysVisible,
    userKeysChecked: view.userKeysChecked,
    blockers: view.blockers.map((blocker) => ({ code: blocker.code, message: blocker.message, keyId: blocker.keyId })),
    settings: view.settings,
    forecast: view.forecast,
    legacyKeys: view.keys.map(keyJson),
    deletedLegacyKeys: view.deleted.map(keyJson),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

export const READINESS_CSV_COLUMNS = [
  'key_id',
  'label',
  'owner_kind',
  'owner_id',
  'owner',
  'owner_disabled',
  'device_type',
  'responsible',
  'last_used',
  'phase',
  'step1',
  'step1_evidence',
  'step2',
  'step2_evidence',
  'step3',
  'step3_evidence',
  'step4',
  'step4_evidence',
  'manual_ticks',
  'blocker',
  'site',
  'release',
  'data_fetched_at',
  'site_ready',
] as const;

function csvCell(value: string): string {
  const safe = neutraliseCell(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * A spreadsheet has no place for a report's header, so each row carries the site, its release, the data time
 * and the verdict, and the blocker it is (if any); blockers that are not a key (an old release, the app's own
 * key) show on every row as the release and the site_ready cell.
 */
function csvRow(entry: LegacyEntry, view: MigrationView, blockerOf: ReadonlyMap<string, string>): string[] {
  const steps = entry.steps.flatMap((step) => [step.source === 'manual' ? 'done (by hand)' : step.state, step.evidence]);
  const ticks = entry.steps
    .filter((step) => step.manual !== null)
    .map((step) => `step ${step.step} by ${step.manual?.actor} at ${step.manual?.time}: ${step.manual?.note}`)
    .join('; ');
  return [
    entry.keyId,
    entry.label,
    entry.owner.kind,
    entry.owner.id,
    entry.owner.name,
    entry.owner.disabled ? 'true' : 'false',
    entry.deviceType ?? '',
    RESPONSIBLE_TEXT[entry.responsible],
    entry.lastUsed ?? '',
    entry.phase,
    ...steps,
    ticks,
    blockerOf.get(entry.keyId) ?? '',
    view.site.origin,
    view.site.release ?? '',
    view.dataFetchedAt,
    view.ready ? 'true' : 'false',
  ];
}

/** One row per legacy key (those on the site, then those deleted), after the header row. */
export function readinessCsv(view: MigrationView): string {
  // Each key's first blocker, gathered once: a search of every blocker per row grows with the square of the site.
  const blockerOf = new Map<string, string>();
  for (const blocker of view.blockers) {
    if (blocker.keyId === null || blocker.code === 'app-key-legacy' || blockerOf.has(blocker.keyId)) continue;
    blockerOf.set(blocker.keyId, blocker.message);
  }
  const lines = [
    READINESS_CSV_COLUMNS.join(','),
    ...[...view.keys, ...view.deleted].map((entry) => csvRow(entry, view, blockerOf).map(csvCell).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** The verdict in one line (the headless check prints it on stderr): "Not ready: 6 blockers", ... */
export function readinessSummary(view: MigrationSummary): string {
  const parts: string[] = [];
  if (view.ready) {
    parts.push('Ready: no blocker');
    if (view.keyCount > 0) parts.push(`${countText(view.keyCount, 'legacy key')} of disabled owners left to delete`);
  } else {
    parts.push(`Not ready: ${countText(view.blockerCount, 'blocker')}`);
    if (view.upgraded) parts.push('site already on 19.0, legacy keys are rejected now');
  }
  if (!view.userKeysVisible) parts.push("other users' keys are not listed by this site and are not in the report");
  return parts.join('; ');
}

function fileStamp(view: MigrationView): string {
  const host = view.site.origin.replace(/^https?:\/\//, '').replace(/[^A-Za-z0-9.-]+/g, '-');
  return `${host}-${view.generatedAt.slice(0, 19).replace(/[:T]/g, '-')}`;
}

export function readinessReport(view: MigrationView, format: ReadinessFormat): ReadinessFile {
  const base = `keywarden-readiness-${fileStamp(view)}`;
  const rows = view.keys.length + view.deleted.length;
  switch (format) {
    case 'json':
      return { fileName: `${base}.json`, mimeType: 'application/json', content: readinessJson(view), rows };
    case 'csv':
      return { fileName: `${base}.csv`, mimeType: 'text/csv', content: readinessCsv(view), rows };
    case 'html':
      return { fileName: `${base}.html`, mimeType: 'text/html', content: readinessHtml(view), rows };
  }
}
