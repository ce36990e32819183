/**
 * A snapshot's keys as rows read back as the same keys, every field; snapshots with keys as objects (written from
 * the records, and every one written before rows) still read; a document whose rows do not fit is no inventory.
 */
import { describe, expect, it } from 'vitest';
import { inventoryOfDocument, KEY_FIELDS, keyRow, rowsDocument } from '../../../../electron/services/snapshot-format.js';
import { keyRecord, type Inventory, type KeyRecord } from '../../../../shared/inventory.js';

const key = (id: string, extra: Partial<KeyRecord> = {}): KeyRecord => ({
  id,
  label: `Key "${id}" ✓`,
  kind: 'legacy',
  ownerType: 'user',
  ownerId: 'ada',
  ownerLabel: 'Ada Lovelace',
  ownerDisabled: true,
  created: '2026-01-01T00:00:00.000Z',
  expiresAt: null,
  lastUsed: '2026-11-30T10:00:00.000Z',
  isAppKey: true,
  ...extra,
});
const snapshot = (keys: KeyRecord[]): Inventory => ({
  siteId: 'site-1',
  siteName: 'Site',
  origin: 'https://site.example.org',
  fetchedAt: '2026-12-01T00:00:00.000Z',
  devices: [],
  users: [],
  keys,
  coverage: { deviceKeys: true, users: true, userKeys: 'all' },
});
/** The document as the writer puts it on disk and the app reads it back. */
const onDisk = (document: unknown): unknown => JSON.parse(JSON.stringify(document));
const rowsOf = (keys: KeyRecord[]) => keys.map(keyRow);

describe('keys as rows', () => {
  it("name every field of a key record, in the schema's order", () => {
    expect(KEY_FIELDS).toEqual(Object.keys(keyRecord.shape));
  });

  it.each(KEY_FIELDS)('carry %s where KEY_FIELDS puts it', (field) => {
    const record = key('k1', { expiresAt: '2027-01-01T00:00:00.000Z' });
    expect(keyRow(record)[KEY_FIELDS.indexOf(field)]).toBe(record[field]);
    expect(keyRow(record)).toHaveLength(KEY_FIELDS.length);
  });

  it('read back as the inventory, key for key and in order', () => {
    const inventory = snapshot([key('k1'), key('k2', { kind: 'enhanced', expiresAt: '2027-01-01T00:00:00.000Z' })]);
    const document = onDisk(rowsDocument(inventory, rowsOf(inventory.keys)));
    expect(document).not.toHaveProperty('keys');
    expect(inventoryOfDocument(document)).toEqual(inventory);
    expect(inventoryOfDocument(onDisk(rowsDocument(snapshot([]), [])))).toEqual(snapshot([]));
  });

  it('keys as objects still read: snapshots written from the records, and those from before rows', () => {
    const inventory = snapshot([key('k1'), key('k2')]);
    expect(inventoryOfDocument(onDisk(inventory))).toEqual(inventory);
  });

  it('read by the names the file gives, in whatever order', () => {
    const inventory = snapshot([key('k1')]);
    const reversed = [...KEY_FIELDS].reverse();
    const document = {
      ...(onDisk(inventory) as object),
      keys: undefined,
      keyFields: reversed,
      keyRows: [keyRow(key('k1')).reverse()],
    };
    expect(inventoryOfDocument(onDisk(document))).toEqual(inventory);
  });

  it.each([
    ['a row too short', (rows: unknown[][]) => ({ keyRows: [rows[0]!.slice(1)] })],
    ['a row too long', (rows: unknown[][]) => ({ keyRows: [[...rows[0]!, 'more']] })],
    ['a row that is no list', () => ({ keyRows: [{ id: 'k1' }] })],
    ['rows that are no list', () => ({ keyRows: { 0: [] } })],
    ['a value of the wrong kind', (rows: unknown[][]) => ({ keyRows: [[42, ...rows[0]!.slice(1)]] })],
    ['no field names', () => ({ keyFields: undefined })],
    ['a field name it does not know', () => ({ keyFields: ['__proto__', ...KEY_FIELDS.slice(1)] })],
    ['a field name twice', () => ({ keyFields: ['label', ...KEY_FIELDS.slice(1)] })],
  ])('are no inventory with %s', (_what, change) => {
    const rows = rowsOf([key('k1')]);
    const document = { ...(onDisk(rowsDocument(snapshot([]), rows)) as object), ...change(rows) };
    expect(inventoryOfDocument(onDisk(document))).toBeNull();
  });
});
