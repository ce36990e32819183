import { describe, expect, it } from 'vitest';
import { AUDIT_COLUMNS, auditCsv, auditJson, auditReportFile } from '../../../shared/audit-report.js';
import type { AuditEntry } from '../../../shared/ipc-contract.js';

const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  time: '2026-11-26T10:15:00.000Z',
  site: 'https://flywheel.example.org',
  actor: 'ada@example.org',
  action: 'create-key',
  targetType: 'device',
  targetId: 'dev-1',
  targetLabel: 'MR Scanner 3 / Primary',
  keyId: 'key-9',
  outcome: 'ok',
  detail: 'Expires 2026-12-26T00:00:00.000Z.',
  siteName: 'Research site',
  ownerName: 'MR Scanner 3',
  ...overrides,
});

describe('the audit log export', () => {
  it('CSV: the header row first, then one row per entry with the site, its name and the owner', () => {
    const lines = auditCsv([entry(), entry({ action: 'connect-site', keyId: null, ownerName: null })])
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(AUDIT_COLUMNS.join(','));
    expect(lines[0]).toBe('time,site,site_name,actor,action,target_type,target_id,target_label,owner,key_id,outcome,detail');
    expect(lines[1]).toBe(
      '2026-11-26T10:15:00.000Z,https://flywheel.example.org,Research site,ada@example.org,create-key,device,dev-1,MR Scanner 3 / Primary,MR Scanner 3,key-9,ok,Expires 2026-12-26T00:00:00.000Z.',
    );
    expect(lines[2]).toContain(',connect-site,device,dev-1,MR Scanner 3 / Primary,,,ok,');
    expect(lines).toHaveLength(3);
  });

  it('CSV: a cell a spreadsheet would run is neutralised, as in the credential report', () => {
    const csv = auditCsv([entry({ targetLabel: '=HYPERLINK("x")', ownerName: '@SUM(A1)', detail: '-2, then +1' })]);
    expect(csv).toContain(`,"'=HYPERLINK(""x"")",'@SUM(A1),`);
    expect(csv).toContain(`,"'-2, then +1"`);
  });

  it('JSON: null where there is no value, older entries without names included', () => {
    const older: AuditEntry = { ...entry({ keyId: null }) };
    delete older.siteName;
    delete older.ownerName;
    const parsed = JSON.parse(auditJson([entry(), older], '2026-11-27T08:00:00.000Z')) as {
      report: string;
      generatedAt: string;
      rowCount: number;
      entries: Array<Record<string, unknown>>;
    };
    expect(parsed).toMatchObject({ report: 'keywarden-audit-log', generatedAt: '2026-11-27T08:00:00.000Z', rowCount: 2 });
    expect(parsed.entries[0]).toMatchObject({ site_name: 'Research site', owner: 'MR Scanner 3', key_id: 'key-9' });
    expect(parsed.entries[1]).toMatchObject({ site_name: null, owner: null, key_id: null });
  });

  it('is a file named by when it was made', () => {
    expect(auditReportFile('csv', [entry()], '2026-11-27T08:00:00.000Z')).toMatchObject({
      fileName: 'keywarden-audit-log_2026-11-27T0800Z.csv',
      mimeType: 'text/csv',
      rows: 1,
    });
    expect(auditReportFile('json', [], '2026-11-27T08:00:00.000Z')).toMatchObject({
      fileName: 'keywarden-audit-log_2026-11-27T0800Z.json',
      mimeType: 'application/json',
      rows: 0,
    });
  });
});
