/**
 * A refresh maps each list page as it arrives and keeps no wire object: the rows it keeps, the order of the keys,
 * whose keys are visible, which key is the app's, and no more than one Date.parse per date it reads.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  appKeyIdOf,
  assembleInventory,
  assembleInventorySteps,
  fetchedDeviceOf,
  fetchedUserOf,
  type InventoryParts,
} from '../../../../electron/services/inventory-mapping.js';
import type { KeyRecord } from '../../../../shared/inventory.js';
import type { ApiKeyWire, DeviceWire, UserWire } from '../../../../shared/wire.schema.js';

const FETCHED_AT = new Date('2026-11-26T12:00:00.000Z');
const minutesAgo = (minutes: number): string => new Date(FETCHED_AT.getTime() - minutes * 60_000).toISOString();

const key = (id: string, extra: Partial<ApiKeyWire> = {}): ApiKeyWire => ({
  _id: id,
  label: `Key ${id}`,
  created: '2026-01-01T00:00:00.000Z',
  expires_at: '2027-01-01T00:00:00.000Z',
  last_used: null,
  ...extra,
});
const device = (id: string, keys: ApiKeyWire[], extra: Partial<DeviceWire> = {}): DeviceWire => ({
  _id: id,
  label: `Device ${id}`,
  type: 'reaper',
  interval: 60,
  last_seen: minutesAgo(0.5),
  api_keys: keys,
  // A field the app does not read, as a newer site may send.
  ...({ extra_field: 'x'.repeat(100) } as object),
  ...extra,
});
const user = (id: string, keys: ApiKeyWire[] | undefined, extra: Partial<UserWire> = {}): UserWire => ({
  _id: id,
  firstname: id,
  lastname: 'Lovelace',
  ...(keys ? { api_keys: keys } : {}),
  ...extra,
});

function parts(overrides: Partial<InventoryParts> = {}): InventoryParts {
  const self = user('ada', [key('s1', { last_used: minutesAgo(1) }), key('s2', { last_used: minutesAgo(30) })], {
    roles: ['site_admin'],
  });
  return {
    site: { id: 'site-1', name: 'Site', origin: 'https://site.example.org', keyKind: 'enhanced' },
    fetchedAt: FETCHED_AT,
    devices: [device('d1', [key('k1'), key('k2')]), device('d2', [key('k3')], { disabled: true })].map((item) =>
      fetchedDeviceOf(item),
    ),
    status: null,
    users: [user('bob', [key('u1')]), self, user('cy', [key('u2')])].map((item) => fetchedUserOf(item)),
    self,
    notes: {},
    ...overrides,
  };
}

afterEach(() => vi.restoreAllMocks());

describe('a list page mapped as it arrives', () => {
  it('keeps a device without its keys or unknown wire fields, and its keys as records', () => {
    const fetched = fetchedDeviceOf(device('d1', [key('k1', { last_used: minutesAgo(5) })], { disabled: true }));
    expect(fetched.device).not.toHaveProperty('api_keys');
    expect(fetched.device).not.toHaveProperty('extra_field');
    expect(fetched.keys).toEqual([
      expect.objectContaining({ id: 'k1', ownerType: 'device', ownerId: 'd1', ownerLabel: 'Device d1', ownerDisabled: true }),
    ]);
  });

  it('keeps a user without their keys; null keys where the site did not list them', () => {
    const listed = fetchedUserOf(user('bob', [key('u1')], { disabled: true }));
    expect(listed.user).not.toHaveProperty('api_keys');
    expect(listed.keys?.map((k) => [k.id, k.ownerLabel, k.ownerDisabled])).toEqual([['u1', 'bob Lovelace', true]]);
    expect(fetchedUserOf(user('bob', undefined)).keys).toBeNull();
  });
});

describe('assembleInventory', () => {
  it('lists device keys, then user keys, in the order of the lists, with the app key marked', () => {
    const inventory = assembleInventory(parts());
    expect(inventory.keys.map((k) => k.id)).toEqual(['k1', 'k2', 'k3', 'u1', 's1', 's2', 'u2']);
    expect(inventory.keys.filter((k) => k.isAppKey).map((k) => k.id)).toEqual(['s1']);
    expect(inventory.devices.map((d) => [d.id, d.health, d.disabled])).toEqual([
      ['d1', 'ok', false],
      ['d2', 'ok', true],
    ]);
    expect(inventory.users.map((u) => [u.id, u.keysVisible, u.isSiteAdmin])).toEqual([
      ['bob', true, false],
      ['ada', true, true],
      ['cy', true, false],
    ]);
    expect(inventory.coverage).toEqual({ deviceKeys: true, users: true, userKeys: 'all' });
  });

  it("shows only the admin's own keys where the site lists no user's keys, and adds the admin when missing", () => {
    const inventory = assembleInventory(parts({ users: [user('bob', undefined)].map((item) => fetchedUserOf(item)) }));
    expect(inventory.keys.map((k) => k.id)).toEqual(['k1', 'k2', 'k3', 's1', 's2']);
    expect(inventory.users.map((u) => [u.id, u.keysVisible])).toEqual([
      ['bob', false],
      ['ada', true],
    ]);
    expect(inventory.coverage.userKeys).toBe('self');
  });

  it("takes every user's keys as visible where the site lists anyone's, a user it listed without keys too", () => {
    const users = [user('bob', undefined), user('cy', [key('u2')])].map((item) => fetchedUserOf(item));
    expect(users[0]?.user.keysVisible).toBe(false);
    const inventory = assembleInventory(parts({ users }));
    expect(inventory.users.map((u) => [u.id, u.keysVisible])).toEqual([
      ['bob', true],
      ['cy', true],
      ['ada', true],
    ]);
  });

  it('takes an owner with some hundred thousand keys whole (no spread of them as arguments)', () => {
    const many = 400_000;
    const listedDevice = fetchedDeviceOf(device('d1', [key('k1')]));
    const listed = fetchedUserOf(user('bob', [key('u1')]));
    const inventory = assembleInventory(
      parts({
        devices: [{ ...listedDevice, keys: Array<KeyRecord>(many).fill(listedDevice.keys[0]!) }],
        users: [{ ...listed, keys: Array<KeyRecord>(many).fill(listed.keys![0]!) }],
      }),
    );
    expect(inventory.keys.length).toBe(2 * many + 2);
  });

  it('covers what the site refused: no device list, no user list', () => {
    const inventory = assembleInventory(parts({ devices: null, users: null }));
    expect(inventory.keys.map((k) => k.id)).toEqual(['s1', 's2']);
    expect(inventory.coverage).toEqual({ deviceKeys: false, users: false, userKeys: 'self' });
  });

  it('reads each date at most once: a device last seen for its health, an own key last used for the app key', () => {
    const page = [device('d1', [key('k1', { last_used: minutesAgo(2) })]), device('d2', [key('k2')], { last_seen: null })];
    const spy = vi.spyOn(Date, 'parse');
    const input = parts({ devices: page.map((item) => fetchedDeviceOf(item)) });
    expect(spy).not.toHaveBeenCalled();
    assembleInventory(input);
    // d1's last_seen (d2 has none), and the admin's two keys' last uses; no other key's dates.
    expect(spy.mock.calls.map(([text]) => text).sort()).toEqual([minutesAgo(0.5), minutesAgo(1), minutesAgo(30)].sort());
  });
});

describe('assembleInventorySteps', () => {
  /** Runs the steps, counting the records added to the inventory's keys, devices and users between pauses. */
  function stepsOf(input: InventoryParts, perStep: number): { inventory: ReturnType<typeof assembleInventory>; pauses: number } {
    const steps = assembleInventorySteps(input, perStep);
    let pauses = 0;
    for (;;) {
      const step = steps.next();
      if (step.done) return { inventory: step.value, pauses };
      pauses += 1;
    }
  }

  it('makes the same inventory as the assembly at once, whatever the step', () => {
    const whole = assembleInventory(parts());
    for (const perStep of [1, 2, 3, 1000]) expect(stepsOf(parts(), perStep).inventory).toEqual(whole);
  });

  it('pauses after about the records of a step: owners mapped and keys taken', () => {
    // 2 devices (3 keys), 3 users (4 keys), then the admin's 4 visible user keys looked through for their own.
    expect(stepsOf(parts(), 1000).pauses).toBe(0);
    expect(stepsOf(parts(), 1).pauses).toBe(2 + 3 + 4);
    // Steps of 3 records: d1 and its 2 keys | d2 (2 records), bob and his key | ada and her 2 keys | cy (2), then the
    // first own-key look | the other three looks.
    expect(stepsOf(parts(), 3).pauses).toBe(5);
  });

  it('splits a large site into steps of at most about the records of a step', () => {
    const many = 10_000;
    const listed = fetchedDeviceOf(device('d1', [key('k1')]));
    const devices = Array.from({ length: many }, () => listed);
    let largest = 0;
    let before = 0;
    let count = 0;
    let pausesSeen = 0;
    const walked = new Proxy(devices, {
      get(target, property, receiver) {
        if (property === Symbol.iterator) {
          return function* () {
            for (const item of target) {
              count += 1 + item.keys.length;
              yield item;
            }
          };
        }
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const counted = assembleInventorySteps(parts({ devices: walked }), 2500);
    for (;;) {
      const step = counted.next();
      largest = Math.max(largest, count - before);
      before = count;
      if (step.done) break;
      pausesSeen += 1;
    }
    // Devices of two records each: a pause every 1,250 devices, the next device read before the pause.
    expect(largest).toBeLessThanOrEqual(2500 + 2);
    expect(pausesSeen).toBeGreaterThanOrEqual(many / 1250 - 1);
    expect(stepsOf(parts({ devices }), 2500).inventory.devices).toHaveLength(many);
  });
});

describe('appKeyIdOf', () => {
  const own = (id: string, lastUsed: string | null, kind: KeyRecord['kind'] = 'enhanced'): KeyRecord => ({
    id,
    label: id,
    kind,
    ownerType: 'user',
    ownerId: 'ada',
    ownerLabel: 'Ada',
    ownerDisabled: false,
    created: null,
    expiresAt: null,
    lastUsed,
    isAppKey: false,
  });

  it('is the own key of the right kind used last within ten minutes, the first of a tie', () => {
    const keys = [own('a', minutesAgo(3)), own('b', minutesAgo(1)), own('c', minutesAgo(1)), own('d', minutesAgo(0), 'legacy')];
    expect(appKeyIdOf(keys, 'enhanced', FETCHED_AT)).toBe('b');
    expect(appKeyIdOf(keys, 'legacy', FETCHED_AT)).toBe('d');
  });

  it('is none when no key was used within ten minutes of the fetch', () => {
    expect(appKeyIdOf([own('a', minutesAgo(10)), own('b', null), own('c', 'not a date')], 'enhanced', FETCHED_AT)).toBeNull();
    expect(appKeyIdOf([own('a', minutesAgo(9.9))], 'enhanced', FETCHED_AT)).toBe('a');
  });
});
