import { describe, expect, it } from 'vitest';
import { keysToReport, neutraliseCell, reportRow, toCsv, toJson } from '../../../shared/credential-report.js';
import type { Inventory, KeyRecord } from '../../../shared/inventory.js';
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
      reportRow(record({ label: '=HYPERLINK("x")' }), NOW, DEFAULT_THRESHOLDS),
      reportRow(record({ id: 'k2', label: 'a,b' }), NOW, DEFAULT_THRESHOLDS),
    ];
    const lines = toCsv(rows, CONTEXT).trimEnd().split('\r\n');
    expect(lines).toContain('# site: https://flywheel.example.org');
    expect(lines).toContain('# data fetched at: 2026-11-26T11:00:00.000Z');
    expect(lines[4]).toBe('owner_type,owner_id,owner,owner_disabled,key_id,label,kind,status,usage,created,expires_at,last_used');
    expect(lines[5]).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(lines[6]).toContain(',"a,b",');
    expect(lines).toHaveLength(7);
  });

  it('reports status and usage in words', () => {
    const row = reportRow(record({ expiresAt: '2026-11-20T00:00:00.000Z' }), NOW, DEFAULT_THRESHOLDS);
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
        keys.map((k) => reportRow(k, NOW, DEFAULT_THRESHOLDS)),
        CONTEXT,
      ),
    ) as Record<string, unknown>;
    expect(parsed).toMatchObject({ site: CONTEXT.site, dataFetchedAt: CONTEXT.dataFetchedAt });
    expect((parsed.keys as unknown[]).length).toBe(2);
    expect(keysToReport(inventory, undefined)).toHaveLength(3);
  });
});
