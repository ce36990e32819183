/**
 * Main's own words for a bulk action (issue 10): the count, the owners, each key (up to a limit), and what stops
 * working per owner; for a bulk rotation, that nothing stops and which owners have no room for a new key.
 */
import { describe, expect, it } from 'vitest';
import { confirmationText, confirmRequestOf } from '../../../../electron/services/confirmation-text.js';
import type { Inventory, KeyRecord } from '../../../../shared/inventory.js';

const NOW = new Date('2026-11-26T10:00:00.000Z');

function key(id: string, ownerId: string, overrides: Partial<KeyRecord> = {}): KeyRecord {
  return {
    id,
    label: `Key ${id}`,
    kind: 'enhanced',
    ownerType: 'device',
    ownerId,
    ownerLabel: `Device ${ownerId}`,
    ownerDisabled: false,
    created: '2026-01-01T00:00:00.000Z',
    expiresAt: '2027-01-01T00:00:00.000Z',
    lastUsed: '2026-11-20T10:00:00.000Z',
    isAppKey: false,
    ...overrides,
  };
}

function inventoryOf(keys: KeyRecord[]): Inventory {
  return {
    siteId: 'demo',
    siteName: 'Demo',
    origin: 'https://demo.example.org',
    fetchedAt: NOW.toISOString(),
    devices: [],
    users: [],
    keys,
    coverage: { deviceKeys: true, users: true, userKeys: 'all' },
  };
}

describe('a bulk revoke', () => {
  const keys = [
    key('a1', 'A'),
    key('a2', 'A'),
    key('a3', 'A', { expiresAt: '2026-11-01T00:00:00.000Z' }), // expired: not a working key
    key('b1', 'B'),
    key('b2', 'B'),
    key('c1', 'C', { ownerDisabled: true }),
    key('me', 'ada', { ownerType: 'user', ownerLabel: 'Ada Lovelace', label: 'Keywarden', isAppKey: true }),
  ];

  it('names the count and the owners, each key, and what stops working per owner', () => {
    const text = confirmationText('revoke-key', ['a1', 'a2', 'b1', 'c1'], inventoryOf(keys), NOW);
    expect(text.title).toBe('Revoke 4 keys?');
    expect(text.typeToConfirm).toBeNull();
    expect(text.lines[0]).toBe('4 keys of 3 owners: device "Device A" (2), device "Device B" (1), device "Device C" (1).');
    expect(text.lines).toContain('"Key a1" of device "Device A" (last used 2026-11-20)');
    expect(text.lines).toContain(
      'device "Device A" is left with no working key: it stops sending data to the site until it is given a new key.',
    );
    expect(text.lines).toContain(
      'device "Device B" keeps 1 other working key: whatever uses its key "Key b1" stops, clients on the other keys go on.',
    );
    expect(text.lines).toContain(
      'device "Device C" is disabled: its key "Key c1" is rejected already; revoking removes it for good.',
    );
    expect(text.lines.at(-1)).toBe('Anything still using these keys is rejected from then on. This cannot be undone.');
    expect(confirmRequestOf('revoke-key', ['a1', 'a2', 'b1', 'c1'], text).confirmLabel).toBe('Revoke 4 keys');
  });

  it("says the app's own key is left out, and counts keys it does not know", () => {
    const text = confirmationText('revoke-key', ['me', 'b1', 'zz'], inventoryOf(keys), NOW);
    expect(text.lines[0]).toBe('3 keys of 2 owners: user "Ada Lovelace" (1), device "Device B" (1), 1 key not in the inventory.');
    expect(text.lines.join('\n')).toContain(
      '"Keywarden" of user "Ada Lovelace" (last used 2026-11-20) — the key this app is connected with: it is left out',
    );
  });

  it('names at most 20 keys, then counts the rest', () => {
    const many = Array.from({ length: 30 }, (_, index) => key(`m${index}`, `D${index}`));
    const text = confirmationText(
      'revoke-key',
      many.map((k) => k.id),
      inventoryOf(many),
      NOW,
    );
    expect(text.lines.filter((line) => line.startsWith('"Key m'))).toHaveLength(20);
    expect(text.lines).toContain('…and 10 more keys.');
    expect(text.lines.filter((line) => line.includes('is left with no working key'))).toHaveLength(20);
    expect(text.lines).toContain('…and what uses the keys of 10 more owners.');
    expect(text.lines[0]).toMatch(/^30 keys of 30 owners: .*, 10 more owners\.$/);
  });

  it('groups the thousands of its counts, as the grids do', () => {
    const many = Array.from({ length: 1200 }, (_, index) => key(`m${index}`, `D${index}`));
    const ids = many.map((k) => k.id);
    const revoke = confirmationText('revoke-key', ids, inventoryOf(many), NOW);
    expect(revoke.title).toBe('Revoke 1,200 keys?');
    expect(revoke.lines).toContain('…and 1,180 more keys.');
    expect(revoke.lines).toContain('…and what uses the keys of 1,180 more owners.');
    expect(revoke.lines[0]).toMatch(/^1,200 keys of 1,200 owners: .*, 1,180 more owners\.$/);
    expect(confirmationText('bulk-rotate', ids, inventoryOf(many), NOW).title).toBe('Rotate 1,200 keys?');
  });

  it('one key keeps the one-key text', () => {
    expect(confirmationText('revoke-key', ['b1'], inventoryOf(keys), NOW).title).toBe(
      'Revoke key "Key b1" of device "Device B"?',
    );
  });
});

describe('a bulk rotation', () => {
  it('says nothing stops, the secrets are not shown, and which owners have no room for a new key', () => {
    const full = ['f1', 'f2', 'f3', 'f4', 'f5'].map((id) => key(id, 'F'));
    const four = ['g1', 'g2', 'g3', 'g4'].map((id) => key(id, 'G'));
    const text = confirmationText('bulk-rotate', ['f1', 'f2', 'g1', 'g2', 'x'], inventoryOf([...full, ...four]), NOW);
    expect(text.title).toBe('Rotate 5 keys?');
    expect(text.lines[0]).toBe('5 keys of 2 owners: device "Device F" (2), device "Device G" (2), 1 key not in the inventory.');
    expect(text.lines).toContain('"Key f1" of device "Device F" (expires 2027-01-01)');
    expect(text.lines.join('\n')).toContain('Nothing stops working now: the old keys are kept');
    expect(text.lines.join('\n')).toContain('The new secrets are not shown');
    expect(text.lines).toContain(
      'device "Device F" has 5 keys, the most Flywheel allows: its 2 rotations fail until older keys are revoked.',
    );
    expect(text.lines).toContain(
      'device "Device G" has 4 keys and Flywheel allows 5: only 1 of its 2 rotations can be made; the rest fail until older keys are revoked.',
    );
    expect(confirmRequestOf('bulk-rotate', ['f1', 'f2', 'g1', 'g2', 'x'], text)).toMatchObject({
      title: 'Rotate 5 keys?',
      confirmLabel: 'Rotate 5 keys',
      destructive: true,
    });
  });
});
