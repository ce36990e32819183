/**
 * The credential report (AWS IAM's idea): one row per key, never a secret, with the site and the time of the
 * data written in the file. Pure functions; main builds the file, the renderer only downloads it.
 */
import type { Inventory, KeyRecord } from './inventory.js';
import { deviceTypeOf, deviceTypesById } from './inventory-stats.js';
import { keyStatus, keyUsage, KEY_STATUS_TEXT, KEY_USAGE_TEXT, type StatusThresholds } from './key-status.js';

export const REPORT_COLUMNS = [
  'owner_type',
  'owner_id',
  'owner',
  'owner_disabled',
  'device_type',
  'key_id',
  'label',
  'kind',
  'status',
  'usage',
  'created',
  'expires_at',
  'last_used',
] as const;

export type ReportRow = Readonly<Record<(typeof REPORT_COLUMNS)[number], string>>;

/**
 * `deviceType`: the owner device's type (inventory-stats.ts, deviceTypeOf), null for a user's key; the key record
 * does not carry it. A legacy key's `expires_at` stays empty (it has no expiry); its status says Legacy.
 */
export function reportRow(key: KeyRecord, deviceType: string | null, now: Date, thresholds: StatusThresholds): ReportRow {
  return {
    owner_type: key.ownerType,
    owner_id: key.ownerId,
    owner: key.ownerLabel,
    owner_disabled: key.ownerDisabled ? 'yes' : 'no',
    device_type: deviceType ?? '',
    key_id: key.id,
    label: key.label,
    kind: key.kind,
    status: KEY_STATUS_TEXT[keyStatus(key, now, thresholds)],
    usage: KEY_USAGE_TEXT[keyUsage(key, now, thresholds)],
    created: key.created ?? '',
    expires_at: key.expiresAt ?? '',
    last_used: key.lastUsed ?? '',
  };
}

/**
 * A cell a spreadsheet would run as a formula starts with =, +, -, @, tab, carriage return or line feed
 * (OWASP "CSV Injection", which added line feed in 2025: an importer that drops leading whitespace turns
 * "\n=cmd" into "=cmd", as it does with tab and carriage return): prefix it with a single quote so it is shown
 * as text.
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r\n]/.test(value) ? `'${value}` : value;
}

function csvCell(value: string): string {
  const safe = neutraliseCell(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export interface ReportContext {
  readonly site: string;
  readonly dataFetchedAt: string;
  readonly generatedAt: string;
}

export function toCsv(rows: readonly ReportRow[], context: ReportContext): string {
  const lines = [
    `# Keywarden credential report`,
    `# site: ${csvCell(context.site)}`,
    `# data fetched at: ${context.dataFetchedAt}`,
    `# generated at: ${context.generatedAt}`,
    REPORT_COLUMNS.join(','),
    ...rows.map((row) => REPORT_COLUMNS.map((column) => csvCell(row[column])).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

export function toJson(rows: readonly ReportRow[], context: ReportContext): string {
  return `${JSON.stringify({ report: 'keywarden-credential-report', ...context, keys: rows }, null, 2)}\n`;
}

/** The report rows of some of an inventory's keys (keysToReport), each with its owner device's type. */
export function reportRows(
  inventory: Inventory,
  keys: readonly KeyRecord[],
  now: Date,
  thresholds: StatusThresholds,
): ReportRow[] {
  const deviceTypes = deviceTypesById(inventory.devices);
  return keys.map((key) => reportRow(key, deviceTypeOf(key, deviceTypes), now, thresholds));
}

/** The keys to report: those asked for (in the snapshot), or all. Unknown ids are ignored. */
export function keysToReport(inventory: Inventory, keyIds: readonly string[] | undefined): KeyRecord[] {
  if (!keyIds) return [...inventory.keys];
  const wanted = new Set(keyIds);
  return inventory.keys.filter((key) => wanted.has(key.id));
}
