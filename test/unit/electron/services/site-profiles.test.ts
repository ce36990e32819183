import { describe, expect, it } from 'vitest';
import { SiteProfiles, type SiteProfile } from '../../../../electron/services/site-profiles.js';
import { MemoryStore } from '../../support.js';

const profile = (id: string, overrides: Partial<SiteProfile> = {}): SiteProfile => ({
  id,
  name: `Site ${id}`,
  origin: `https://${id}.example.org`,
  release: '18.4.0',
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

describe('SiteProfiles', () => {
  it('starts empty with no active site', () => {
    const profiles = new SiteProfiles(new MemoryStore());
    expect(profiles.list()).toEqual([]);
    expect(profiles.active()).toBeUndefined();
    expect(profiles.activeSiteId()).toBeNull();
    expect(profiles.problems).toEqual([]);
  });

  it('save adds a profile and persists it; saving the same id replaces it', () => {
    const store = new MemoryStore();
    const profiles = new SiteProfiles(store);
    profiles.save(profile('a'));
    profiles.save(profile('b'));
    profiles.save(profile('a', { name: 'Renamed' }));
    expect(profiles.list().map((p) => [p.id, p.name])).toEqual([
      ['a', 'Renamed'],
      ['b', 'Site b'],
    ]);
    expect(new SiteProfiles(store).list()).toHaveLength(2);
  });

  it('findByOriginAndUser matches both', () => {
    const profiles = new SiteProfiles(new MemoryStore());
    profiles.save(profile('a'));
    expect(profiles.findByOriginAndUser('https://a.example.org', 'ada@example.org')?.id).toBe('a');
    expect(profiles.findByOriginAndUser('https://a.example.org', 'bob@example.org')).toBeUndefined();
    expect(profiles.findByOriginAndUser('https://b.example.org', 'ada@example.org')).toBeUndefined();
  });

  it('activate sets and persists the active site; an unknown id is refused', () => {
    const store = new MemoryStore();
    const profiles = new SiteProfiles(store);
    profiles.save(profile('a'));
    profiles.save(profile('b'));
    expect(profiles.activate('zzz')).toBe(false);
    expect(profiles.activate('b')).toBe(true);
    expect(profiles.active()?.id).toBe('b');
    expect(new SiteProfiles(store).activeSiteId()).toBe('b');
  });

  it('without a stored active id, the first profile is active', () => {
    const store = new MemoryStore();
    store.set('sites', [profile('a'), profile('b')]);
    expect(new SiteProfiles(store).activeSiteId()).toBe('a');
  });

  it('a stored active id that names no profile falls back to the first', () => {
    const store = new MemoryStore();
    store.set('sites', [profile('a'), profile('b')]);
    store.set('activeSiteId', 'gone');
    expect(new SiteProfiles(store).activeSiteId()).toBe('a');
  });

  it('removing the active site falls back to the first remaining one', () => {
    const store = new MemoryStore();
    const profiles = new SiteProfiles(store);
    profiles.save(profile('a'));
    profiles.save(profile('b'));
    profiles.activate('a');
    profiles.remove('a');
    expect(profiles.activeSiteId()).toBe('b');
    expect(store.get('activeSiteId')).toBe('b');
    expect(profiles.list().map((p) => p.id)).toEqual(['b']);
  });

  it('removing the last site leaves no active site and deletes the stored id', () => {
    const store = new MemoryStore();
    const profiles = new SiteProfiles(store);
    profiles.save(profile('a'));
    profiles.activate('a');
    profiles.remove('a');
    expect(profiles.activeSiteId()).toBeNull();
    expect(store.get('activeSiteId')).toBeUndefined();
    expect(store.get('sites')).toEqual([]);
  });

  it('removing an inactive site keeps the active one', () => {
    const profiles = new SiteProfiles(new MemoryStore());
    profiles.save(profile('a'));
    profiles.save(profile('b'));
    profiles.activate('b');
    profiles.remove('a');
    expect(profiles.activeSiteId()).toBe('b');
  });

  it('an invalid entry is set aside under sitesDamaged and reported; valid ones are kept', () => {
    const store = new MemoryStore();
    const bad = { id: 'BAD ID', name: 'x' };
    store.set('sites', [profile('a'), bad, profile('b', { keyKind: 'nope' as 'legacy' })]);
    const profiles = new SiteProfiles(store);
    expect(profiles.list().map((p) => p.id)).toEqual(['a']);
    expect(store.get('sitesDamaged')).toEqual([bad, profile('b', { keyKind: 'nope' as 'legacy' })]);
    expect((store.get('sites') as unknown[]).length).toBe(1);
    expect(profiles.problems).toHaveLength(1);
    expect(profiles.problems[0]).toMatch(/2 saved site profile/);
  });

  it('earlier damaged entries are kept when more are set aside', () => {
    const store = new MemoryStore();
    store.set('sitesDamaged', ['old']);
    store.set('sites', [42]);
    new SiteProfiles(store);
    expect(store.get('sitesDamaged')).toEqual(['old', 42]);
  });

  it('a non-array "sites" value is set aside, not dropped', () => {
    const store = new MemoryStore();
    store.set('sites', { not: 'an array' });
    const profiles = new SiteProfiles(store);
    expect(profiles.list()).toEqual([]);
    expect(store.get('sitesDamaged')).toEqual([{ not: 'an array' }]);
    expect(profiles.problems).toEqual([
      'A saved site profile could not be read and was set aside in the settings file. Connect to that site again.',
    ]);
  });

  it("carries over the store's own problems", () => {
    const profiles = new SiteProfiles(new MemoryStore(['settings file kept aside']));
    expect(profiles.problems).toEqual(['settings file kept aside']);
  });
});
