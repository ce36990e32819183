import { describe, expect, it } from 'vitest';
import {
  REPORT_COLUMNS,
  keysToReport,
  neutraliseCell,
  reportRow,
  reportRows,
  toCsv,
  toJson,
} from '../../../shared/credential-report.js';
import type { DeviceRecord, Inventory, KeyRecord } from '../../../shared/inventory.js';
import { DEFAULT_THRESHOLDS } from '../../../shared/key-status.js';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const CONTEXT = {
  site: 'https://flywheel.example.org',
  dataFetchedAt: '2026-11-26T11:00:00.000Z',
  generatedAt: NOW.toISOString(),
};

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
  it('writes the site and the data time, a header, and one quoted-where-needed row per key', () => {
    const rows = [
      reportRow(record({ label: '=HYPERLINK("x")' }), 'reaper', NOW, DEFAULT_THRESHOLDS),
      reportRow(record({ id: 'k2', label: 'a,b' }), 'reaper', NOW, DEFAULT_THRESHOLDS),
    ];
    const lines = toCsv(rows, CONTEXT).trimEnd().split('\r\n');
    expect(lines).toContain('# site: https://flywheel.example.org');
    expect(lines).toContain('# data fetched at: 2026-11-26T11:00:00.000Z');
    expect(lines[4]).toBe(
      'owner_type,owner_id,owner,owner_disabled,device_type,key_id,label,kind,status,usage,created,expires_at,last_used',
    );
    expect(lines[5]).toMatch(/^device,d1,MRI Reaper,no,reaper,k1,/);
    expect(lines[5]).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(lines[6]).toContain(',"a,b",');
    expect(lines).toHaveLength(7);
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
    expect(parsed).toMatchObject({ site: CONTEXT.site, dataFetchedAt: CONTEXT.dataFetchedAt });
    expect((parsed.keys as unknown[]).length).toBe(2);
    expect(keysToReport(inventory, undefined)).toHaveLength(3);
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

  it("gives a device's key its device's type, and leaves it empty for a user's key", () => {
    const rows = reportRows(inventory, keysToReport(inventory, undefined), NOW, DEFAULT_THRESHOLDS);
    expect(rows.map((row) => [row.key_id, row.device_type])).toEqual([
      ['k1', 'reaper'],
      ['k2', 'importer'],
      ['k3', ''],
      ['k4', ''],
    ]);
    expect(REPORT_COLUMNS).toContain('device_type');
    const lines = toCsv(rows, CONTEXT).trimEnd().split('\r\n');
    const header = lines[4]!.split(',');
    const cell = (line: number, column: string) => lines[line]!.split(',')[header.indexOf(column)];
    expect([5, 6, 7, 8].map((line) => cell(line, 'device_type'))).toEqual(['reaper', 'importer', '', '']);
    const json = JSON.parse(toJson(rows, CONTEXT)) as { keys: Array<Record<string, string>> };
    expect(json.keys.map((row) => row.device_type)).toEqual(['reaper', 'importer', '', '']);
  });

  it("keeps a legacy key's expiry empty: it is data, and the status says Legacy", () => {
    const [, legacy] = reportRows(inventory, keys, NOW, DEFAULT_THRESHOLDS);
    expect(legacy).toMatchObject({ kind: 'legacy', status: 'Legacy', expires_at: '' });
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
    const csv = toCsv(rows, CONTEXT);
    expect(csv).toContain(',"a\nb",');
    expect(csv).toContain(',"c\r\nd",');
    expect(csv).toContain(',"e\rf",');
    const [header, ...records] = csvRecords(csv).slice(4);
    expect(header).toEqual([...REPORT_COLUMNS]);
    expect(records).toHaveLength(labels.length);
    for (const cells of records) expect(cells).toHaveLength(REPORT_COLUMNS.length);
    expect(records.map((cells) => cells[REPORT_COLUMNS.indexOf('label')])).toEqual(labels);
  });

  it('a line feed before a formula at the start of a cell is neutralised, like tab and carriage return', () => {
    // An importer that drops leading whitespace would read "\n=cmd" as the formula "=cmd" (OWASP lists line feed).
    expect(neutraliseCell('\n=cmd')).toBe("'\n=cmd");
    expect(neutraliseCell('\n')).toBe("'\n");
    const csv = toCsv([reportRow(record({ label: "\n=cmd|' /C calc'!A0" }), null, NOW, DEFAULT_THRESHOLDS)], CONTEXT);
    expect(csv).toContain(`,"'\n=cmd|' /C calc'!A0",`);
    const label = csvRecords(csv)[5]?.[REPORT_COLUMNS.indexOf('label')];
    expect(label).toBe("'\n=cmd|' /C calc'!A0");
  });

  it('a line break later in the cell needs no prefix: the cell does not start a formula', () => {
    expect(neutraliseCell('MRI\n=2')).toBe('MRI\n=2');
    expect(toCsv([reportRow(record({ label: 'MRI\n=2' }), null, NOW, DEFAULT_THRESHOLDS)], CONTEXT)).toContain(',"MRI\n=2",');
  });
});
