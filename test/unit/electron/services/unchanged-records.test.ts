/**
 * A refresh keeps the previous snapshot's object for a record only where every field of its schema is the same: a
 * record that changed in any field, or is new, is the fresh one. Records are looked for where the last match left
 * off, per stream, and by id where that fails.
 */
import { describe, expect, it } from 'vitest';
import {
  sameDeviceRecord,
  sameKeyRecord,
  sameUserRecord,
  UnchangedRecords,
} from '../../../../electron/services/unchanged-records.js';
import {
  deviceRecord,
  keyRecord,
  userRecord,
  type DeviceRecord,
  type KeyRecord,
  type UserRecord,
} from '../../../../shared/inventory.js';
import { testDevice } from '../../../support/records.js';

const key = (id: string, extra: Partial<KeyRecord> = {}): KeyRecord => ({
  id,
  label: `Key ${id}`,
  kind: 'enhanced',
  ownerType: 'device',
  ownerId: 'd1',
  ownerLabel: 'Scanner',
  ownerDisabled: false,
  created: '2026-01-01T00:00:00.000Z',
  expiresAt: null,
  lastUsed: null,
  isAppKey: false,
  ...extra,
});
const device = (id: string, notes: Partial<DeviceRecord['notes']> = {}): DeviceRecord =>
  testDevice({ id, interval: 60, notes: { location: 'MR 1', modality: '', contact: '', ...notes } });
const user = (id: string): UserRecord => ({
  id,
  name: 'Ada Lovelace',
  email: null,
  disabled: false,
  isSiteAdmin: false,
  keysVisible: true,
  lastLogin: null,
});
const sameKey = sameKeyRecord;

/** A value of the field's kind that differs from `value`. */
function changed(value: unknown): unknown {
  if (typeof value === 'string') return `${value}-changed`;
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'number') return value + 1;
  if (value === null) return 'now set';
  throw new Error(`no change for ${String(value)}`);
}

// From the schemas, so a field added to a record and not compared fails here.
describe.each([
  { name: 'key', schema: keyRecord, record: key('k1'), same: sameKeyRecord as (a: object, b: object) => boolean },
  { name: 'device', schema: deviceRecord, record: device('d1'), same: sameDeviceRecord as (a: object, b: object) => boolean },
  { name: 'user', schema: userRecord, record: user('u1'), same: sameUserRecord as (a: object, b: object) => boolean },
])('the $name records compared', ({ schema, record, same }) => {
  const fields = Object.keys(schema.shape);

  it('are the same for equal fields (a copy), and for one object with itself', () => {
    expect(schema.parse(record)).toEqual(record);
    expect(same(record, structuredClone(record))).toBe(true);
    expect(same(record, record)).toBe(true);
  });

  it.each(fields)('differ where %s differs, either way round', (field) => {
    const value = (record as Record<string, unknown>)[field];
    const variants =
      typeof value === 'object' && value !== null
        ? Object.keys(value).map((inner) => ({
            ...record,
            [field]: { ...value, [inner]: changed((value as Record<string, unknown>)[inner]) },
          }))
        : [{ ...record, [field]: changed(value) }, ...(value === null ? [] : [{ ...record, [field]: null }])];
    for (const other of variants) {
      expect(same(record, other)).toBe(false);
      expect(same(other, record)).toBe(false);
    }
  });
});

/**
 * A keeper over `records` whose streams are the admin's (ada's) keys and the rest by owner type, counting the records
 * of the last snapshot it looks at, by position.
 */
function adminStreamKeeper(records: KeyRecord[]) {
  let read = 0;
  const previous = new Proxy(records, {
    get(target, property, receiver) {
      if (typeof property === 'string' && /^\d+$/.test(property)) read += 1;
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  const { keep } = new UnchangedRecords(previous, sameKey, (record) => (record.ownerId === 'ada' ? 'self' : record.ownerType));
  return { keep, reads: () => read };
}

describe('UnchangedRecords', () => {
  it('answers the previous object for an equal record, and the fresh one where it changed or is new', () => {
    const previous = [key('k1'), key('k2'), key('k3')];
    const keep = new UnchangedRecords(previous, sameKey).keep;
    expect(keep(key('k1'))).toBe(previous[0]);
    const changed = key('k2', { label: 'Renamed' });
    expect(keep(changed)).toBe(changed);
    const added = key('k4');
    expect(keep(added)).toBe(added);
    expect(keep(key('k3'))).toBe(previous[2]);
  });

  it('finds records out of their last order, after one removed and before one added', () => {
    const previous = [key('k1'), key('k2'), key('k3'), key('k4')];
    const keep = new UnchangedRecords(previous, sameKey).keep;
    expect(keep(key('k4'))).toBe(previous[3]);
    expect(keep(key('k1'))).toBe(previous[0]);
    // k2 is gone from the site; k3 follows.
    expect(keep(key('k3'))).toBe(previous[2]);
    const added = key('k0');
    expect(keep(added)).toBe(added);
  });

  it('follows each stream in its own order: device and user keys arriving interleaved', () => {
    const previous = [key('d-1'), key('d-2'), key('u-1', { ownerType: 'user' }), key('u-2', { ownerType: 'user' })];
    const keep = new UnchangedRecords(previous, sameKey, (record) => record.ownerType).keep;
    expect(keep(key('u-1', { ownerType: 'user' }))).toBe(previous[2]);
    expect(keep(key('d-1'))).toBe(previous[0]);
    expect(keep(key('u-2', { ownerType: 'user' }))).toBe(previous[3]);
    expect(keep(key('d-2'))).toBe(previous[1]);
  });

  it('meets a stream again from its start without reading the whole last snapshot (the admin, met twice)', () => {
    const others = Array.from({ length: 1000 }, (_, i) => key(`u-${i}`, { ownerType: 'user', ownerId: `user-${i}` }));
    const own = [key('own-1', { ownerType: 'user', ownerId: 'ada' }), key('own-2', { ownerType: 'user', ownerId: 'ada' })];
    const records = [...others.slice(0, 500), ...own, ...others.slice(500)];
    const { keep, reads } = adminStreamKeeper(records);
    // The admin's keys from the users list, then again from /users/self.
    for (let round = 0; round < 2; round += 1) {
      expect(keep(key('own-1', { ownerType: 'user', ownerId: 'ada' }))).toBe(records[500]);
      expect(keep(key('own-2', { ownerType: 'user', ownerId: 'ada' }))).toBe(records[501]);
    }
    // Finding where the stream starts reads up to it once; no index of every record is built.
    expect(reads()).toBeLessThan(600);
  });

  it("finds the admin's app key, marked after the stream was passed, near the stream's start without an index", () => {
    const others = Array.from({ length: 1000 }, (_, i) => key(`u-${i}`, { ownerType: 'user', ownerId: `user-${i}` }));
    const own = ['own-1', 'own-2', 'own-3'].map((id) => key(id, { ownerType: 'user', ownerId: 'ada', isAppKey: id === 'own-3' }));
    const records = [...others.slice(0, 500), ...own, ...others.slice(500)];
    const { keep, reads } = adminStreamKeeper(records);
    for (const id of ['own-1', 'own-2', 'own-3']) keep(key(id, { ownerType: 'user', ownerId: 'ada' }));
    // The assembly marks the app key afterwards: the third of the stream, met again once all three were passed.
    expect(keep(key('own-3', { ownerType: 'user', ownerId: 'ada', isAppKey: true }))).toBe(records[502]);
    expect(reads()).toBeLessThan(600);
    // Beyond the first few of a stream, a record met again out of order is still found, by id.
    const many = Array.from({ length: 40 }, (_, i) => key(`d-${i}`));
    const keepMany = new UnchangedRecords(many, sameKey).keep;
    keepMany(key('d-0'));
    expect(keepMany(key('d-30'))).toBe(many[30]);
  });

  it('keeps nothing before a first snapshot', () => {
    const fresh = key('k1');
    expect(new UnchangedRecords<KeyRecord>([], sameKey).keep(fresh)).toBe(fresh);
  });

  it('matches by id and every field: the same id under another owner is a new record', () => {
    const previous = [key('k1', { ownerId: 'd1' })];
    const moved = key('k1', { ownerId: 'd2' });
    expect(new UnchangedRecords(previous, sameKey).keep(moved)).toBe(moved);
  });
});
