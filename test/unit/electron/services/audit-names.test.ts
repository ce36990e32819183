import { describe, expect, it } from 'vitest';
import type { AuditInput } from '../../../../electron/services/audit-log.js';
import { auditNamer } from '../../../../electron/services/audit-names.js';
import type { SiteProfile } from '../../../../electron/services/site-profiles.js';
import type { Inventory } from '../../../../shared/inventory.js';

const profile = (overrides: Partial<SiteProfile>): SiteProfile => ({
  id: 'p1',
  name: 'Research site',
  origin: 'https://flywheel.example.org',
  release: '18.4.2',
  userId: 'ada@example.org',
  userName: 'Ada Lovelace',
  isSiteAdmin: true,
  keyKind: 'enhanced',
  storage: 'keychain',
  notices: [],
  features: null,
  connectedAt: '2026-11-26T10:00:00.000Z',
  ...overrides,
});

const snapshot = {
  devices: [{ id: 'dev-1', label: 'MR Scanner 3' }],
  users: [{ id: 'bob@example.org', name: 'Bob Builder' }],
  keys: [{ id: 'key-1', ownerLabel: 'MR Scanner 3' }],
} as unknown as Inventory;

const entry = (overrides: Partial<AuditInput>): AuditInput => ({
  site: 'https://flywheel.example.org',
  actor: 'ada@example.org',
  action: 'create-key',
  targetType: 'device',
  targetId: 'dev-1',
  targetLabel: 'MR Scanner 3 / Primary',
  keyId: 'key-1',
  outcome: 'ok',
  detail: '',
  ...overrides,
});

const namer = auditNamer({
  profiles: () => [profile({}), profile({ id: 'p2', name: 'Research site (Bob)', userId: 'bob@example.org' })],
  snapshot: (siteId) => (siteId === 'p1' ? snapshot : null),
});

describe('auditNamer', () => {
  it("names the site by the actor's profile of that address, and a device owner by the snapshot", () => {
    expect(namer(entry({}))).toEqual({ siteName: 'Research site', ownerName: 'MR Scanner 3' });
    expect(namer(entry({ actor: 'bob@example.org' })).siteName).toBe('Research site (Bob)');
  });

  it("names a user by the snapshot, and the admin's own keys by the admin's name", () => {
    expect(namer(entry({ targetType: 'user', targetId: 'bob@example.org', keyId: null })).ownerName).toBe('Bob Builder');
    expect(namer(entry({ targetType: 'user', targetId: 'ada@example.org', keyId: 'k9' })).ownerName).toBe('Ada Lovelace');
  });

  it("a deleted device is named by the entry's own label; an unknown key's owner is not guessed", () => {
    expect(
      namer(entry({ action: 'remove-device', targetId: 'gone', targetLabel: 'Old PET Reaper', keyId: null })).ownerName,
    ).toBe('Old PET Reaper');
    expect(namer(entry({ targetId: 'gone', targetLabel: 'Gone / Primary', keyId: 'k-gone' })).ownerName).toBeNull();
    expect(namer(entry({ targetType: 'key', targetId: 'key-1', keyId: 'key-1' })).ownerName).toBe('MR Scanner 3');
  });

  it('an entry about a site has no owner; an unknown address no site name', () => {
    expect(namer(entry({ targetType: 'site', targetId: 'https://flywheel.example.org', keyId: null }))).toEqual({
      siteName: 'Research site',
      ownerName: null,
    });
    expect(namer(entry({ site: 'https://other.example.org' }))).toEqual({ siteName: null, ownerName: null });
  });
});
