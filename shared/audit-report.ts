/**
 * The audit log as a file (issue 10; product.md, "Exports for audits: ... the action log"): CSV with its header
 * row first and cells a spreadsheet would run neutralised (security.md E5, as in the credential report), or JSON
 * with booleans and null. Newest entry first, as the log is shown. Entries never hold a secret (security.md E4).
 */
import { csvText, fileNameTime, type ReportFile } from './credential-report.js';
import type { AuditEntry } from './ipc-contract.js';

export const AUDIT_COLUMNS = [
  'time',
  'site',
  'site_name',
  'actor',
  'action',
  'target_type',
  'target_id',
  'target_label',
  'owner',
  'key_id',
  'outcome',
  'detail',
] as const;

export interface AuditReportRow {
  readonly time: string;
  /** The site's address. */
  readonly site: string;
  /** The name the admin gave the site; null in entries written before the log kept it. */
  readonly site_name: string | null;
  readonly actor: string;
  readonly action: string;
  readonly target_type: string;
  readonly target_id: string;
  readonly target_label: string;
  /** The name of the device or user whose key or record it was; null where unknown. */
  readonly owner: string | null;
  readonly key_id: string | null;
  readonly outcome: AuditEntry['outcome'];
  readonly detail: string;
}

export function auditReportRow(entry: AuditEntry): AuditReportRow {
  return {
    time: entry.time,
    site: entry.site,
    site_name: entry.siteName ?? null,
    actor: entry.actor,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId,
    target_label: entry.targetLabel,
    owner: entry.ownerName ?? null,
    key_id: entry.keyId,
    outcome: entry.outcome,
    detail: entry.detail,
  };
}

export function auditCsv(entries: readonly AuditEntry[]): string {
  return csvText(
    AUDIT_COLUMNS,
    entries.map(auditReportRow).map((row) => AUDIT_COLUMNS.map((column) => row[column] ?? '')),
  );
}

export function auditJson(entries: readonly AuditEntry[], generatedAt: string): string {
  const document = {
    report: 'keywarden-audit-log',
    generatedAt,
    rowCount: entries.length,
    entries: entries.map(auditReportRow),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** The audit log as a file to download, named by the time it was made: keywarden-audit-log_2026-11-26T1100Z.csv */
export function auditReportFile(format: 'csv' | 'json', entries: readonly AuditEntry[], generatedAt: string): ReportFile {
  const fileName = `keywarden-audit-log_${fileNameTime(generatedAt)}.${format}`;
  return format === 'csv'
    ? { fileName, mimeType: 'text/csv', content: auditCsv(entries), rows: entries.length }
    : { fileName, mimeType: 'application/json', content: auditJson(entries, generatedAt), rows: entries.length };
}
