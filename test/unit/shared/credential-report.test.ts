import { describe, expect, it } from 'vitest';
import {
  REPORT_COLUMNS,
  credentialReportFile,
  fileNameTime,
  keysToReport,
  neutraliseCell,
  reportFileName,
  reportFilter,
  reportRow,
  reportRows,
  toCsv,
  toJson,
  type ReportContext,
  type ReportFilter,
} from '../../../shared/credential-report.js';
import type { DeviceRecord, Inventory, KeyRecord } from '../../../shared/inventory.js';
import { DEFAULT_THRESHOLDS } from '../../../shared/key-status.js';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const CONTEXT: ReportContext = {
  site: 'https://flywheel.example.org',
  siteName: 'Flywheel Example',
  dataFetchedAt: '2026-11-26T11:00:00.000Z',
  generatedAt: NOW.toISOString(),
  filter: null,
};
const HEADER = 'owner_type,owner_id,owner,owner_disabled,device_type,key_id,label,kind,status,usage,created,expires_at,last_used';

function record(overrides: Partial<KeyRecord> = {}): KeyRecord {
  return {
    id: 'k1',
    label: 'Primary',
    kind: 'enhanced',
    ownerType: 'device',
    ownerId: 'd1',
    ownerLabel: 'MRI Reaper',
    ownerDisabled: false,
    created: '2026-10-01T00:00:00.000Z',
    expiresAt: '2027-01-01T00:00:00.000Z',
    lastUsed: null,
    isAppKey: false,
    ...overrides,
  };
}

describe('neutraliseCell', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])('prefixes %j so a spreadsheet shows it as text', (value) => {
    expect(neutraliseCell(value)).toBe(`'${value}`);
  });

  it('leaves ordinary text alone', () => {
    expect(neutraliseCell('Primary key')).toBe('Primary key');
    expect(neutraliseCell('a=b')).toBe('a=b');
  });
});

describe('toCsv', () => {
  it('starts with its header row, then one quoted-where-needed row per key; no comment lines', () => {
    const rows = [
      reportRow(record({ label: '=HYPERLINK("x")' }), 'reaper', NOW, DEFAULT_THRESHOLDS),
      reportRow(record({ id: 'k2', label: 'a,b', ownerDisabled: true }), 'reaper', NOW, DEFAULT_THRESHOLDS),
    ];
    const csv = toCsv(rows);
    expect(csv.startsWith(`${HEADER}\r\n`)).toBe(true);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines.some((line) => line.startsWith('#'))).toBe(false);
    expect(lines[1]).toMatch(/^device,d1,MRI Reaper,no,reaper,k1,/);
    expect(lines[1]).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(lines[2]).toMatch(/^device,d1,MRI Reaper,yes,reaper,k2,"a,b",/);
    expect(lines).toHaveLength(3);
  });

  it('is only the header row without keys', () => {
    expect(toCsv([])).toBe(`${HEADER}\r\n`);
  });

  it("leaves missing dates and a user key's device type empty", () => {
    const row = reportRow(record({ ownerType: 'user', created: null, lastUsed: null }), null, NOW, DEFAULT_THRESHOLDS);
    const [, line] = toCsv([row]).trimEnd().split('\r\n');
    expect(line).toBe('user,d1,MRI Reaper,no,,k1,Primary,enhanced,Active,Never used,,2027-01-01T00:00:00.000Z,');
  });

  it('reports status and usage in words', () => {
    const row = reportRow(record({ expiresAt: '2026-11-20T00:00:00.000Z' }), null, NOW, DEFAULT_THRESHOLDS);
    expect(row.status).toBe('Expired');
    expect(row.usage).toBe('Never used');
  });
});

describe('toJson and keysToReport', () => {
  it('reports the asked keys only, in a document naming the site and time', () => {
    const inventory = { keys: [record(), record({ id: 'k2' }), record({ id: 'k3' })] } as unknown as Inventory;
    const keys = keysToReport(inventory, ['k3', 'k1', 'unknown']);
    expect(keys.map((k) => k.id)).toEqual(['k1', 'k3']);
    const parsed = JSON.parse(
      toJson(
        keys.map((k) => reportRow(k, null, NOW, DEFAULT_THRESHOLDS)),
        CONTEXT,
      ),
    ) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      report: 'keywarden-credential-report',
      site: CONTEXT.site,
      siteName: 'Flywheel Example',
      dataFetchedAt: CONTEXT.dataFetchedAt,
      generatedAt: CONTEXT.generatedAt,
      filter: null,
      rowCount: 2,
    });
    expect((parsed.keys as unknown[]).length).toBe(2);
    expect(keysToReport(inventory, undefined)).toHaveLength(3);
  });

  it("keeps the types: owner_disabled a boolean, missing dates and a user key's device type null", () => {
    const rows = [
      reportRow(record({ ownerDisabled: true }), 'reaper', NOW, DEFAULT_THRESHOLDS),
      reportRow(
        record({ id: 'k2', ownerType: 'user', kind: 'legacy', expiresAt: null, created: null }),
        null,
        NOW,
        DEFAULT_THRESHOLDS,
      ),
    ];
    const { keys } = JSON.parse(toJson(rows, CONTEXT)) as { keys: Array<Record<string, unknown>> };
    expect(keys[0]).toMatchObject({ owner_disabled: true, device_type: 'reaper', last_used: null });
    expect(keys[1]).toMatchObject({ owner_disabled: false, device_type: null, created: null, expires_at: null, last_used: null });
    const text = toJson(rows, CONTEXT);
    expect(text).not.toContain('"no"');
    expect(text).not.toContain('""');
  });

  it('records the filter in its metadata, the status in words as the rows have it', () => {
    const filter: ReportFilter = { status: 'expiring-soon', search: 'Bay 1', columns: ['Owner type is Device'] };
    const parsed = JSON.parse(toJson([], { ...CONTEXT, filter })) as { filter: unknown };
    expect(parsed.filter).toEqual({ status: 'Expiring soon', search: 'Bay 1', columns: ['Owner type is Device'], keys: null });
  });
});

describe('the file', () => {
  it('is named by the site, the time of the data and nothing else when no filter narrowed the rows', () => {
    expect(reportFileName(CONTEXT, 'csv')).toBe('keywarden-keys_flywheel.example.org_2026-11-26T1100Z.csv');
    expect(reportFileName({ ...CONTEXT, site: 'http://127.0.0.1:8443' }, 'json')).toBe(
      'keywarden-keys_127.0.0.1-8443_2026-11-26T1100Z.json',
    );
  });

  it('names the filter: the status, the search, column filters and a chosen set of keys', () => {
    const context: ReportContext = {
      ...CONTEXT,
      filter: { status: 'expired', search: 'Bay 1 / "CT"', columns: ['Type is Legacy'], keys: 'The keys of a notification' },
    };
    expect(reportFileName(context, 'csv')).toBe(
      'keywarden-keys_flywheel.example.org_2026-11-26T1100Z_expired_search-bay-1-ct_column-filters_chosen-keys.csv',
    );
    const name = reportFileName({ ...CONTEXT, filter: { search: '../../etc/passwd\u0000' + 'x'.repeat(100) } }, 'csv');
    expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(name.length).toBeLessThan(120);
  });

  it('has no colon in its time (Windows refuses them), and says so when the time is unknown', () => {
    expect(fileNameTime('2026-11-26T09:05:59.999Z')).toBe('2026-11-26T0905Z');
    expect(fileNameTime('not a time')).toBe('unknown-time');
  });

  it('comes with its type and row count in both formats', () => {
    const rows = [reportRow(record(), 'reaper', NOW, DEFAULT_THRESHOLDS)];
    expect(credentialReportFile('csv', rows, CONTEXT)).toMatchObject({ mimeType: 'text/csv', rows: 1 });
    expect(credentialReportFile('json', rows, CONTEXT)).toMatchObject({ mimeType: 'application/json', rows: 1 });
    expect(credentialReportFile('csv', rows, CONTEXT).content.startsWith('owner_type,')).toBe(true);
  });

  it('takes a strict filter from the renderer: known statuses, short texts, no other keys', () => {
    expect(reportFilter.safeParse({ status: 'expired', search: 'Bay 1' }).success).toBe(true);
    expect(reportFilter.safeParse({ status: 'soon' }).success).toBe(false);
    expect(reportFilter.safeParse({ search: 'x'.repeat(201) }).success).toBe(false);
    expect(reportFilter.safeParse({ search: '   ' }).success).toBe(false);
    expect(reportFilter.safeParse({ columns: [] }).success).toBe(false);
    expect(reportFilter.safeParse({ extra: 1 }).success).toBe(false);
    expect(reportFilter.safeParse(JSON.parse('{"__proto__": {"x": 1}}')).success).toBe(false);
  });
});

describe('device type', () => {
  const devices = [
    { id: 'd1', type: 'reaper' },
    { id: 'd2', type: 'importer' },
  ] as DeviceRecord[];
  const keys = [
    record({ id: 'k1', ownerId: 'd1' }),
    record({ id: 'k2', ownerId: 'd2', kind: 'legacy', expiresAt: null }),
    record({ id: 'k3', ownerType: 'user', ownerId: 'd1', ownerLabel: 'Ada Lovelace' }),
    record({ id: 'k4', ownerId: 'd-not-listed' }),
  ];
  const inventory = { keys, devices } as unknown as Inventory;

  it("gives a device's key its device's type, and none to a user's key (empty in CSV, null in JSON)", () => {
    const rows = reportRows(inventory, keysToReport(inventory, undefined), NOW, DEFAULT_THRESHOLDS);
    expect(rows.map((row) => [row.key_id, row.device_type])).toEqual([
      ['k1', 'reaper'],
      ['k2', 'importer'],
      ['k3', null],
      ['k4', null],
    ]);
    expect(REPORT_COLUMNS).toContain('device_type');
    const lines = toCsv(rows).trimEnd().split('\r\n');
    const header = lines[0]!.split(',');
    const cell = (line: number, column: string) => lines[line]!.split(',')[header.indexOf(column)];
    expect([1, 2, 3, 4].map((line) => cell(line, 'device_type'))).toEqual(['reaper', 'importer', '', '']);
    const json = JSON.parse(toJson(rows, CONTEXT)) as { keys: Array<Record<string, string | null>> };
    expect(json.keys.map((row) => row.device_type)).toEqual(['reaper', 'importer', null, null]);
  });

  it("keeps a legacy key's expiry empty: it is data, and the status says Legacy", () => {
    const [, legacy] = reportRows(inventory, keys, NOW, DEFAULT_THRESHOLDS);
    expect(legacy).toMatchObject({ kind: 'legacy', status: 'Legacy', expires_at: null });
  });

  it('reports the chosen keys only, with their types', () => {
    const rows = reportRows(inventory, keysToReport(inventory, ['k2']), NOW, DEFAULT_THRESHOLDS);
    expect(rows.map((row) => [row.key_id, row.device_type])).toEqual([['k2', 'importer']]);
  });
});

describe('a cell with a line break', () => {
  /** RFC 4180 records: a quoted field may hold commas, doubled quotes and line breaks. */
  function csvRecords(text: string): string[][] {
    const records: string[][] = [];
    let record: string[] = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const char = text[i];
      if (quoted) {
        if (char === '"' && text[i + 1] === '"') {
          field += '"';
          i++;
        } else if (char === '"') quoted = false;
        else field += char;
      } else if (char === '"') quoted = true;
      else if (char === ',') {
        record.push(field);
        field = '';
      } else if (char === '\r' && text[i + 1] === '\n') {
        record.push(field);
        records.push(record);
        record = [];
        field = '';
        i++;
      } else field += char;
    }
    return records;
  }

  it('is quoted: the break stays inside its cell, and every row keeps the columns of the header', () => {
    const labels = ['a\nb', 'c\r\nd', 'e\rf'];
    const rows = labels.map((label, index) => reportRow(record({ id: `k${index}`, label }), null, NOW, DEFAULT_THRESHOLDS));
    const csv = toCsv(rows);
    expect(csv).toContain(',"a\nb",');
    expect(csv).toContain(',"c\r\nd",');
    expect(csv).toContain(',"e\rf",');
    const [header, ...records] = csvRecords(csv);
    expect(header).toEqual([...REPORT_COLUMNS]);
    expect(records).toHaveLength(labels.length);
    for (const cells of records) expect(cells).toHaveLength(REPORT_COLUMNS.length);
    expect(records.map((cells) => cells[REPORT_COLUMNS.indexOf('label')])).toEqual(labels);
  });

  it('a line feed before a formula at the start of a cell is neutralised, like tab and carriage return', () => {
    // An importer that drops leading whitespace would read "\n=cmd" as the formula "=cmd" (OWASP lists line feed).
    expect(neutraliseCell('\n=cmd')).toBe("'\n=cmd");
    expect(neutraliseCell('\n')).toBe("'\n");
    const csv = toCsv([reportRow(record({ label: "\n=cmd|' /C calc'!A0" }), null, NOW, DEFAULT_THRESHOLDS)]);
    expect(csv).toContain(`,"'\n=cmd|' /C calc'!A0",`);
    const label = csvRecords(csv)[1]?.[REPORT_COLUMNS.indexOf('label')];
    expect(label).toBe("'\n=cmd|' /C calc'!A0");
  });

  it('a line break later in the cell needs no prefix: the cell does not start a formula', () => {
    expect(neutraliseCell('MRI\n=2')).toBe('MRI\n=2');
    expect(toCsv([reportRow(record({ label: 'MRI\n=2' }), null, NOW, DEFAULT_THRESHOLDS)])).toContain(',"MRI\n=2",');
  });
});
