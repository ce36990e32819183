/**
 * The credential report (AWS IAM's idea): one row per key, never a secret. Pure functions; main builds the file,
 * the renderer only downloads it. The CSV starts with its header row, so any spreadsheet or CSV reader takes it as
 * it is; the site, the time of the data and the filter that chose the rows are in the file name, and in the JSON's
 * metadata. JSON keeps the data's types: booleans, and null where there is no value.
 */
import { z } from 'zod';
import type { Inventory, KeyRecord, OwnerType } from './inventory.js';
import { deviceTypeOf, deviceTypesById } from './inventory-stats.js';
import { KEY_STATUSES, keyStatus, keyUsage, KEY_STATUS_TEXT, KEY_USAGE_TEXT, type StatusThresholds } from './key-status.js';

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

export interface ReportRow {
  readonly owner_type: OwnerType;
  readonly owner_id: string;
  readonly owner: string;
  readonly owner_disabled: boolean;
  /** The owner device's type; null for a user's key (or a device the inventory does not list). */
  readonly device_type: string | null;
  readonly key_id: string;
  readonly label: string;
  readonly kind: KeyRecord['kind'];
  /** In words, as the app shows it ("Expiring soon"). */
  readonly status: string;
  readonly usage: string;
  readonly created: string | null;
  /** Null for a legacy key: it has no expiry (its status says Legacy). */
  readonly expires_at: string | null;
  readonly last_used: string | null;
}

/**
 * `deviceType`: the owner device's type (inventory-stats.ts, deviceTypeOf), null for a user's key; the key record
 * does not carry it. A legacy key's `expires_at` stays null (it has no expiry); its status says Legacy.
 */
export function reportRow(key: KeyRecord, deviceType: string | null, now: Date, thresholds: StatusThresholds): ReportRow {
  return {
    owner_type: key.ownerType,
    owner_id: key.ownerId,
    owner: key.ownerLabel,
    owner_disabled: key.ownerDisabled,
    device_type: deviceType,
    key_id: key.id,
    label: key.label,
    kind: key.kind,
    status: KEY_STATUS_TEXT[keyStatus(key, now, thresholds)],
    usage: KEY_USAGE_TEXT[keyUsage(key, now, thresholds)],
    created: key.created,
    expires_at: key.expiresAt,
    last_used: key.lastUsed,
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

/** One CSV cell (RFC 4180): neutralised, then quoted where it holds a quote, a comma or a line break. */
export function csvCell(value: string): string {
  const safe = neutraliseCell(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A CSV text: the header row first, then one line per record, CRLF line ends (RFC 4180). */
export function csvText(header: readonly string[], records: readonly (readonly string[])[]): string {
  return `${[header.join(','), ...records.map((cells) => cells.map(csvCell).join(','))].join('\r\n')}\r\n`;
}

/** A value as CSV text: yes/no for a boolean, empty for null. */
function csvValue(value: string | boolean | null): string {
  return value === null ? '' : typeof value === 'boolean' ? (value ? 'yes' : 'no') : value;
}

/**
 * The filter that chose the exported rows, as the admin set it in the inventory (sent along by the renderer; main
 * records it, it does not select the rows: `keyIds` does). Each part only when it narrowed the rows.
 */
export const reportFilter = z.strictObject({
  /** The inventory's status filter. */
  status: z.enum(KEY_STATUSES).optional(),
  /** The search field's phrase. */
  search: z.string().trim().min(1).max(200).optional(),
  /** The grid's column filters, in words ("Owner type is Device"). */
  columns: z.array(z.string().trim().min(1).max(300)).min(1).max(20).optional(),
  /** A chosen set of keys, in words ("3 keys from a notification"). */
  keys: z.string().trim().min(1).max(200).optional(),
});
export type ReportFilter = z.infer<typeof reportFilter>;

export interface ReportContext {
  /** The site's address. */
  readonly site: string;
  /** The name the admin gave the site in the app. */
  readonly siteName: string;
  readonly dataFetchedAt: string;
  readonly generatedAt: string;
  /** Null when the rows are every key of the snapshot (nothing narrowed them). */
  readonly filter: ReportFilter | null;
}

/** The filter as the JSON metadata holds it: the status in words, as the rows have it. */
function filterMetadata(filter: ReportFilter | null) {
  if (!filter) return null;
  return {
    status: filter.status ? KEY_STATUS_TEXT[filter.status] : null,
    search: filter.search ?? null,
    columns: filter.columns ?? [],
    keys: filter.keys ?? null,
  };
}

/** The header row, then one row per key; nothing before the header. */
export function toCsv(rows: readonly ReportRow[]): string {
  return csvText(
    REPORT_COLUMNS,
    rows.map((row) => REPORT_COLUMNS.map((column) => csvValue(row[column]))),
  );
}

export function toJson(rows: readonly ReportRow[], context: ReportContext): string {
  const document = {
    report: 'keywarden-credential-report',
    site: context.site,
    siteName: context.siteName,
    dataFetchedAt: context.dataFetchedAt,
    generatedAt: context.generatedAt,
    filter: filterMetadata(context.filter),
    rowCount: rows.length,
    keys: rows,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Lower-case letters, digits and single dashes: safe in a file name on every system. */
export function fileNamePart(text: string, max = 40): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
}

/** An instant as a file name part: 2026-11-26T11:00:05.000Z gives 2026-11-26T1100Z (no colons: Windows refuses them). */
export function fileNameTime(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return 'unknown-time';
  const text = new Date(time).toISOString();
  return `${text.slice(0, 10)}T${text.slice(11, 13)}${text.slice(14, 16)}Z`;
}

/** The site's host (and port) for a file name: "flywheel.example.org", "127.0.0.1-8443". */
export function fileNameSite(site: string): string {
  let host = site;
  try {
    host = new URL(site).host;
  } catch {
    // Not an address: its text is made safe below.
  }
  return host.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^[.-]+|[.-]+$/g, '') || 'site';
}

/**
 * The report's file name: the site, the time of the data, and the filter when one narrowed the rows, e.g.
 * keywarden-keys_flywheel.example.org_2026-11-26T1100Z_expiring-soon_search-bay-1.csv
 */
export function reportFileName(context: ReportContext, extension: 'csv' | 'json'): string {
  const parts = ['keywarden-keys', fileNameSite(context.site), fileNameTime(context.dataFetchedAt)];
  const filter = context.filter;
  if (filter?.status) parts.push(filter.status);
  if (filter?.search) parts.push(`search-${fileNamePart(filter.search) || 'text'}`);
  if (filter?.columns) parts.push('column-filters');
  if (filter?.keys) parts.push('chosen-keys');
  return `${parts.join('_')}.${extension}`;
}

export interface ReportFile {
  readonly fileName: string;
  readonly mimeType: string;
  readonly content: string;
  readonly rows: number;
}

/** The credential report as a file to download. */
export function credentialReportFile(format: 'csv' | 'json', rows: readonly ReportRow[], context: ReportContext): ReportFile {
  return format === 'csv'
    ? { fileName: reportFileName(context, 'csv'), mimeType: 'text/csv', content: toCsv(rows), rows: rows.length }
    : {
        fileName: reportFileName(context, 'json'),
        mimeType: 'application/json',
        content: toJson(rows, context),
        rows: rows.length,
      };
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
