/**
 * Issue 10, "Say the right thing": main's confirmation texts for enabling an owner, replacing a compromised key,
 * deleting and disabling say what really happens: only the keys that will work again are listed as coming back
 * (an expired key is named apart), counts read as English ("1 key", never "1 key(s)"), and a device with another
 * active key is not said to stop when one of its keys is revoked.
 */
import { describe, expect, it } from 'vitest';
import { confirmationText } from '../../../../electron/services/confirmation-text.js';
import type { DeviceRecord, Inventory, KeyRecord, UserRecord } from '../../../../shared/inventory.js';
import { testDevice } from '../../../support/records.js';

const NOW = new Date('2026-11-26T10:00:00.000Z');

function key(overrides: Partial<KeyRecord> & Pick<KeyRecord, 'id' | 'label'>): KeyRecord {
  return {
    kind: 'enhanced',
    ownerType: 'device',
    ownerId: 'dev-1',
    ownerLabel: 'MR scanner 3',
    ownerDisabled: true,
    created: '2026-01-01T00:00:00.000Z',
    expiresAt: '2027-01-14T00:00:00.000Z',
    lastUsed: '2026-11-20T10:00:00.000Z',
    isAppKey: false,
    ...overrides,
  };
}

const device: DeviceRecord = testDevice({ id: 'dev-1', label: 'MR scanner 3', disabled: true });

const grace: UserRecord = {
  id: 'grace@example.org',
  name: 'Grace Hopper',
  email: null,
  disabled: true,
  isSiteAdmin: false,
  keysVisible: true,
  lastLogin: null,
};

function inventoryWith(keys: KeyRecord[]): Inventory {
  return {
    siteId: 'demo',
    siteName: 'Demo',
    origin: 'https://demo.example.org',
    fetchedAt: '2026-11-26T09:30:00.000Z',
    devices: [device],
    users: [grace],
    keys,
    coverage: { deviceKeys: true, users: true, userKeys: 'all' },
  };
}

const nightly = key({ id: 'k1', label: 'Nightly' });
const legacy = key({ id: 'k2', label: 'Legacy Key', kind: 'legacy', expiresAt: null });
const expired = key({ id: 'k3', label: 'Old upload', expiresAt: '2026-10-01T00:00:00.000Z' });

describe('enabling lists only the keys that will work again', () => {
  it('a device: its working keys once, the expired one apart, no "(s)"', () => {
    const text = confirmationText('enable-device', ['dev-1'], inventoryWith([nightly, legacy, expired]), NOW);
    expect(text.title).toBe('Enable device "MR scanner 3"?');
    expect(text.lines).toEqual([
      'These 2 keys will work again:',
      '"Nightly" (enhanced, expires 2027-01-14, last used 2026-11-20)',
      '"Legacy Key" (legacy, rejected from 19.0, last used 2026-11-20)',
      'Already expired, so still rejected: "Old upload", expired 2026-10-01.',
      'Revoke or rotate any you do not trust before enabling.',
    ]);
    expect(text.lines.filter((line) => line.includes('will work again'))).toHaveLength(1);
  });

  it('one key reads as one key', () => {
    const text = confirmationText('enable-device', ['dev-1'], inventoryWith([nightly]), NOW);
    expect(text.lines[0]).toBe('This key will work again:');
    expect(text.lines.join('\n')).not.toContain('(s)');
  });

  it('only expired keys: nothing comes back, and the dialog says why', () => {
    const text = confirmationText('enable-device', ['dev-1'], inventoryWith([expired]), NOW);
    expect(text.lines).toEqual(['No key comes back to life: its only key has expired ("Old upload", expired 2026-10-01).']);
  });

  it('a user: their keys, or that they have none', () => {
    const own = (k: KeyRecord) => ({ ...k, ownerType: 'user' as const, ownerId: grace.id, ownerLabel: grace.name });
    const withKeys = confirmationText('enable-user', [grace.id], inventoryWith([own(nightly), own(expired)]), NOW);
    expect(withKeys.lines.slice(0, 2)).toEqual([
      'This key will work again:',
      '"Nightly" (enhanced, expires 2027-01-14, last used 2026-11-20)',
    ]);
    expect(withKeys.lines).toContain('Already expired, so still rejected: "Old upload", expired 2026-10-01.');
    expect(confirmationText('enable-user', [grace.id], inventoryWith([]), NOW).lines).toEqual([
      'They have no keys: nothing comes back to life.',
    ]);
  });
});

describe('replacing a compromised key says what stops', () => {
  const active = (k: KeyRecord) => ({ ...k, ownerDisabled: false });

  it('the old key is revoked at once, never "keeps working"', () => {
    const text = confirmationText('rotate-compromised', ['k1'], inventoryWith([active(nightly)]), NOW);
    const said = text.lines.join('\n');
    expect(said).toContain('this key is revoked at once');
    expect(said).not.toMatch(/keeps working until/);
  });

  it('a device with another active key keeps running on it', () => {
    const spare = active(key({ id: 'k4', label: 'Spare' }));
    const text = confirmationText('rotate-compromised', ['k1'], inventoryWith([active(nightly), spare, active(expired)]), NOW);
    const said = text.lines.join('\n');
    expect(said).toContain(
      'Device "MR scanner 3" also has 1 other active key ("Spare"): whatever uses it keeps working. Only what uses "Nightly" stops, until it is given the new key.',
    );
    expect(said).not.toContain('stops sending data');
  });

  it('a device with no other active key stops sending data until it is given the new key', () => {
    const text = confirmationText('rotate-compromised', ['k1'], inventoryWith([active(nightly), active(expired)]), NOW);
    expect(text.lines).toContain(
      'Device "MR scanner 3" has no other active key: it stops sending data to the site until it is given the new key.',
    );
  });
});

describe('counts read as English', () => {
  it('deleting and disabling a device with one key, and with two', () => {
    const one = inventoryWith([nightly]);
    const two = inventoryWith([nightly, legacy]);
    expect(confirmationText('delete-device', ['dev-1'], one, NOW).lines[0]).toBe(
      'Its only key is deleted with it and stops working at once.',
    );
    expect(confirmationText('delete-device', ['dev-1'], two, NOW).lines[0]).toBe(
      'Its 2 keys are deleted with it and stop working at once.',
    );
    expect(confirmationText('disable-device', ['dev-1'], one, NOW).lines[0]).toBe(
      'Its only key is rejected by the site from then on:',
    );
    expect(confirmationText('disable-device', ['dev-1'], two, NOW).lines[0]).toBe(
      'Its 2 keys are rejected by the site from then on:',
    );
    for (const action of ['delete-device', 'disable-device', 'enable-device'] as const) {
      for (const inventory of [one, two]) {
        expect(confirmationText(action, ['dev-1'], inventory, NOW).lines.join('\n')).not.toContain('(s)');
      }
    }
  });
});
