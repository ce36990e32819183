/**
 * The seed plans themselves, as the 19.0 migration page will read them: every legacy key older than every enhanced
 * key of its owner, no use before creation, at most 5 keys per owner, the demo's migration cases (DEMO_LEGACY_CASES)
 * with their stated dates, and the scale data showing a site in the middle of the migration.
 */
import { describe, expect, it } from 'vitest';
import type { KeyRow } from '../../../keyservice/db.js';
import { MAX_KEYS_PER_OWNER } from '../../../keyservice/routes/keys.js';
import { seededRandom } from '../../../keyservice/secrets.js';
import {
  DEMO_DEVICE_IDS,
  DEMO_LEGACY_CASES,
  DEMO_QUIET_DAYS,
  demoSeedPlan,
  type DemoLegacyConclusion,
} from '../../../keyservice/seed/demo.js';
import { DAY_MS, keyRow, type SeedPlan } from '../../../keyservice/seed/plan.js';
import { SCALE_TOTALS, scaleSeedPlan } from '../../../keyservice/seed/scale.js';

const NOW = new Date('2026-11-26T09:30:00.000Z');
const HOUR_MS = 60 * 60 * 1000;
const at = (iso: string): number => Date.parse(iso);
const isLegacy = (key: KeyRow): boolean => key.legacy_secret !== null;

function keysByOwner(plan: SeedPlan): Map<string, KeyRow[]> {
  const owners = new Map<string, KeyRow[]>();
  for (const key of plan.keys) {
    const owner = `${key.origin_type}:${key.origin_id}`;
    owners.set(owner, [...(owners.get(owner) ?? []), key]);
  }
  return owners;
}

function disabledOwners(plan: SeedPlan): Set<string> {
  return new Set([
    ...plan.users.filter((user) => user.disabled === 1).map((user) => `user:${user.id}`),
    ...plan.devices.filter((device) => device.disabled === 1).map((device) => `device:${device.id}`),
  ]);
}

/** The replacement as the brief states it: an enhanced key of the owner made after the legacy key, not expired; the used one first. */
function replacementOf(legacy: KeyRow, ownerKeys: readonly KeyRow[], now: Date): KeyRow | null {
  const candidates = ownerKeys.filter(
    (key) =>
      !isLegacy(key) && at(key.created) > at(legacy.created) && (key.expires_at === null || at(key.expires_at) > now.getTime()),
  );
  const rank = (key: KeyRow): number => (key.last_used ? 1e15 + at(key.last_used) : at(key.created));
  return candidates.sort((a, b) => rank(b) - rank(a))[0] ?? null;
}

/** Step 3's whole quiet days: from the later of the legacy key's last use and the new key's creation. */
function quietDays(legacy: KeyRow, replacement: KeyRow, now: Date): number {
  const since = Math.max(legacy.last_used ? at(legacy.last_used) : -Infinity, at(replacement.created));
  return Math.floor((now.getTime() - since) / DAY_MS);
}

/** What the migration page should conclude, read from the rows alone with the default 14 quiet days. */
function conclusionOf(legacy: KeyRow, ownerKeys: readonly KeyRow[], ownerDisabled: boolean, now: Date): DemoLegacyConclusion {
  if (ownerDisabled) return 'owner-disabled';
  const replacement = replacementOf(legacy, ownerKeys, now);
  if (!replacement) return 'no-replacement';
  if (replacement.last_used === null) return 'replacement-unused';
  const days = quietDays(legacy, replacement, now);
  if (days >= DEMO_QUIET_DAYS.required) return 'safe-to-delete';
  return days === 0 ? 'still-in-use' : 'quiet-in-progress';
}

/** The rules every seed keeps, whatever its size. */
function expectSoundDates(plan: SeedPlan): void {
  const ownerCreated = new Map<string, string>([
    ...plan.users.map((user) => [`user:${user.id}`, user.created] as const),
    ...plan.devices.map((device) => [`device:${device.id}`, device.created] as const),
  ]);
  const problems: string[] = [];
  for (const [owner, keys] of keysByOwner(plan)) {
    if (keys.length > MAX_KEYS_PER_OWNER) problems.push(`${owner}: ${keys.length} keys`);
    if (keys.filter(isLegacy).length > 1) problems.push(`${owner}: more than one legacy key`);
    const created = ownerCreated.get(owner);
    if (created === undefined) problems.push(`${owner}: no such owner`);
    for (const key of keys) {
      if (key.last_used !== null && at(key.last_used) < at(key.created)) problems.push(`${key.id}: used before made`);
      if (created !== undefined && at(key.created) < at(created)) problems.push(`${key.id}: made before its owner`);
    }
    for (const legacy of keys.filter(isLegacy)) {
      if (legacy.expires_at !== null || legacy.label !== 'Legacy Key') problems.push(`${legacy.id}: not shaped as legacy`);
      for (const enhanced of keys.filter((key) => !isLegacy(key))) {
        if (at(enhanced.created) <= at(legacy.created)) problems.push(`${legacy.id}: not older than ${enhanced.id}`);
      }
    }
  }
  expect(problems).toEqual([]);
}

describe('keyRow', () => {
  it('wants a legacy key to say when it was made, and refuses a use before creation', () => {
    const owner = { type: 'user' as const, id: 'someone@example.org' };
    const random = seededRandom(1);
    expect(() =>
      keyRow({ owner, label: 'Legacy Key', legacySecret: 'a'.repeat(18), expiresAt: null, lastUsed: null }, NOW, random),
    ).toThrow(/explicit created/);
    expect(() =>
      keyRow(
        {
          owner,
          label: 'Legacy Key',
          legacySecret: 'a'.repeat(18),
          expiresAt: null,
          lastUsed: new Date(NOW.getTime() - 10 * DAY_MS),
          created: new Date(NOW.getTime() - 5 * DAY_MS),
        },
        NOW,
        random,
      ),
    ).toThrow(/used before it is made/);
  });
});

describe('the demo seed plan', () => {
  const plan = demoSeedPlan(NOW);
  const owners = keysByOwner(plan);
  const disabled = disabledOwners(plan);
  const cases = Object.values(DEMO_LEGACY_CASES);
  const legacyOf = (owner: { type: string; id: string }): KeyRow | undefined =>
    owners.get(`${owner.type}:${owner.id}`)?.find(isLegacy);

  it('keeps the date rules: legacy keys older than their owner’s enhanced keys, no use before creation, at most 5 keys', () => {
    expectSoundDates(plan);
    for (const key of plan.keys.filter(isLegacy)) {
      const daysAgo = (NOW.getTime() - at(key.created)) / DAY_MS;
      expect(daysAgo, key.origin_id).toBeGreaterThanOrEqual(500);
      expect(daysAgo, key.origin_id).toBeLessThanOrEqual(900);
    }
  });

  it('holds exactly the legacy keys of DEMO_LEGACY_CASES, each with its stated dates and conclusion', () => {
    expect(plan.keys.filter(isLegacy)).toHaveLength(cases.length);
    expect(new Set(cases.map((c) => `${c.owner.type}:${c.owner.id}`)).size).toBe(cases.length);
    for (const c of cases) {
      const name = `${c.owner.type} ${c.owner.id}`;
      const legacy = legacyOf(c.owner);
      expect(legacy, name).toBeDefined();
      if (!legacy) continue;
      expect(legacy.created, name).toBe(new Date(NOW.getTime() - c.createdDaysAgo * DAY_MS).toISOString());
      expect(legacy.last_used, name).toBe(
        c.lastUsedAgoMs === null ? null : new Date(NOW.getTime() - c.lastUsedAgoMs).toISOString(),
      );
      const ownerKeys = owners.get(`${c.owner.type}:${c.owner.id}`) ?? [];
      const replacement = replacementOf(legacy, ownerKeys, NOW);
      expect(replacement?.label ?? null, name).toBe(c.replacement?.label ?? null);
      if (replacement && c.replacement) {
        expect(replacement.last_used, name).toBe(
          c.replacement.lastUsedAgoMs === null ? null : new Date(NOW.getTime() - c.replacement.lastUsedAgoMs).toISOString(),
        );
      }
      const ownerDisabled = disabled.has(`${c.owner.type}:${c.owner.id}`);
      expect(ownerDisabled, name).toBe(c.conclusion === 'owner-disabled');
      expect(conclusionOf(legacy, ownerKeys, ownerDisabled, NOW), name).toBe(c.conclusion);
      const counted = !ownerDisabled && replacement?.last_used ? quietDays(legacy, replacement, NOW) : null;
      expect(counted, name).toBe(c.quietDays);
      // Who replaces it: Flywheel support a Reaper's key, the admin another device's, users their own.
      const device = plan.devices.find((row) => row.id === c.owner.id);
      expect(device?.type ?? null, name).toBe(c.deviceType);
      expect(c.replacedBy, name).toBe(
        c.owner.type === 'user' ? 'owner' : device?.type === 'reaper' ? 'flywheel-support' : 'admin',
      );
    }
  });

  it('shows every state of the migration, with the replacements in use where the state needs it', () => {
    const withConclusion = (conclusion: DemoLegacyConclusion) => cases.filter((c) => c.conclusion === conclusion);
    expect(new Set(cases.map((c) => c.conclusion))).toEqual(
      new Set(['no-replacement', 'replacement-unused', 'quiet-in-progress', 'safe-to-delete', 'still-in-use', 'owner-disabled']),
    );
    const inUse = (c: (typeof cases)[number]): boolean =>
      c.replacement?.lastUsedAgoMs !== null &&
      c.replacement?.lastUsedAgoMs !== undefined &&
      c.replacement.lastUsedAgoMs <= 2 * DAY_MS;
    // Quiet for weeks while the new key is in use: step 3 done.
    expect(withConclusion('safe-to-delete').filter(inUse).length).toBeGreaterThanOrEqual(2);
    for (const c of withConclusion('safe-to-delete')) expect(c.lastUsedAgoMs).toBeGreaterThanOrEqual(30 * DAY_MS);
    // Both keys in use: the legacy one within the hour.
    expect(withConclusion('still-in-use').filter(inUse).length).toBeGreaterThanOrEqual(2);
    for (const c of withConclusion('still-in-use')) expect(c.lastUsedAgoMs).toBeLessThanOrEqual(HOUR_MS);
    // The admin's own: quiet for 3 of 14 days, the new key used today.
    expect(DEMO_LEGACY_CASES.admin).toMatchObject({ conclusion: 'quiet-in-progress', quietDays: DEMO_QUIET_DAYS.inProgress });
    expect(DEMO_LEGACY_CASES.admin.replacement.lastUsedAgoMs).toBeLessThan(DAY_MS);
    expect(DEMO_QUIET_DAYS.inProgress).toBeLessThan(DEMO_QUIET_DAYS.required);
    // Never used replacements, on a Reaper, an importer and a connector; no replacement at all.
    expect(withConclusion('replacement-unused').map((c) => c.deviceType ?? 'user')).toEqual(
      expect.arrayContaining(['user', 'reaper', 'importer', 'connector']),
    );
    // No replacement at all: a user's key, and a device's, where the guided swap starts.
    expect(withConclusion('no-replacement').map((c) => c.owner.id)).toEqual([
      'donald.knuth@example.org',
      DEMO_DEVICE_IDS.importerNoKeys,
    ]);
    // Disabled owners: the disabled user and the disabled Reaper.
    expect(
      withConclusion('owner-disabled')
        .map((c) => c.owner.id)
        .sort(),
    ).toEqual([DEMO_DEVICE_IDS.reaperDisabled, 'edsger.dijkstra@example.org'].sort());
    expect(withConclusion('safe-to-delete').some((c) => c.deviceType === 'importer')).toBe(true);
  });

  it('is deterministic and keeps the well-known secrets people paste', () => {
    const again = demoSeedPlan(NOW);
    expect(again.keys).toEqual(plan.keys);
    expect(plan.seedKeys).toEqual({
      admin: 'djEg29AmPhkO4dgH5p57vC05vxyraOgd3ZrbuImOc0lY3TDbAuheY-zRK',
      user: 'djECodZKMEQcrt_vgbfhM1JH1wAPcXlqioK2ShH25CjY9c_hmbNfIqQZu',
      legacy: 'jPonQQi50undM55rUG',
      disabledUser: 'djEajltZ2CQpnDuaxFLUY4lsYAmJz_eBht-DVDyHhydbF5scY5ORRxHPf',
      adminLegacy: 'RwlNg0PhunU628TZpb',
    });
    expect(legacyOf(DEMO_LEGACY_CASES.importerLegacy.owner)?.legacy_secret).toBe(plan.seedKeys.legacy);
    expect(legacyOf(DEMO_LEGACY_CASES.admin.owner)?.legacy_secret).toBe(plan.seedKeys.adminLegacy);
  });
});

describe('the scale seed plan', () => {
  const plan = scaleSeedPlan(NOW);
  const owners = keysByOwner(plan);
  const disabled = disabledOwners(plan);
  const legacyKeys = plan.keys.filter(isLegacy);
  const demoOwners = new Set(demoSeedPlan(NOW).keys.map((key) => `${key.origin_type}:${key.origin_id}`));
  const ownerOf = (key: KeyRow): string => `${key.origin_type}:${key.origin_id}`;
  /** The owner's most recently used enhanced key, if used in the last two days. */
  const recentEnhanced = (key: KeyRow): KeyRow | undefined =>
    owners
      .get(ownerOf(key))
      ?.find((other) => !isLegacy(other) && other.last_used !== null && NOW.getTime() - at(other.last_used) <= 2 * DAY_MS);

  it('keeps its totals and the date rules', () => {
    expect(plan.users).toHaveLength(SCALE_TOTALS.users);
    expect(plan.devices).toHaveLength(SCALE_TOTALS.devices);
    expect(plan.keys).toHaveLength(SCALE_TOTALS.keys);
    expect(legacyKeys).toHaveLength(SCALE_TOTALS.legacyKeys);
    expectSoundDates(plan);
    // Its own legacy keys are 731 to 1100 days old, older than any enhanced key (made within 730 days).
    const scaleLegacy = legacyKeys.filter((key) => !demoOwners.has(ownerOf(key)));
    const ages = scaleLegacy.map((key) => (NOW.getTime() - at(key.created)) / DAY_MS);
    expect(Math.min(...ages)).toBeGreaterThan(730);
    expect(Math.max(...ages)).toBeLessThanOrEqual(1100);
    const enhancedAges = plan.keys.filter((key) => !isLegacy(key)).map((key) => (NOW.getTime() - at(key.created)) / DAY_MS);
    expect(Math.max(...enhancedAges)).toBeLessThanOrEqual(730);
  });

  it('leaves the demo owners with exactly their demo keys', () => {
    const demo = demoSeedPlan(NOW);
    for (const owner of demoOwners) {
      expect(
        owners
          .get(owner)
          ?.map((key) => key.id)
          .sort(),
        owner,
      ).toEqual(
        demo.keys
          .filter((key) => ownerOf(key) === owner)
          .map((key) => key.id)
          .sort(),
      );
    }
  });

  it('has legacy keys of disabled users and of disabled devices', () => {
    const ofDisabled = legacyKeys.filter((key) => disabled.has(ownerOf(key)));
    expect(ofDisabled.filter((key) => key.origin_type === 'user').length).toBeGreaterThan(10);
    expect(ofDisabled.filter((key) => key.origin_type === 'device').length).toBeGreaterThan(3);
  });

  it('shows owners mid-migration: a new key used in the last 2 days, the legacy key quiet for weeks or still in use', () => {
    const migrating = legacyKeys.filter((key) => !disabled.has(ownerOf(key)) && recentEnhanced(key) !== undefined);
    const quietFor = (key: KeyRow): number => (key.last_used === null ? Infinity : NOW.getTime() - at(key.last_used));
    const quietLong = migrating.filter((key) => key.last_used !== null && quietFor(key) > DEMO_QUIET_DAYS.required * DAY_MS);
    const usedToday = migrating.filter((key) => quietFor(key) <= DAY_MS);
    const usedThisHour = migrating.filter((key) => quietFor(key) <= HOUR_MS);
    const inBetween = migrating.filter((key) => quietFor(key) > DAY_MS && quietFor(key) <= DEMO_QUIET_DAYS.required * DAY_MS);
    expect(migrating.length).toBeGreaterThan(500);
    expect(quietLong.length).toBeGreaterThan(100);
    expect(usedToday.length).toBeGreaterThan(100);
    expect(usedThisHour.length).toBeGreaterThan(20);
    expect(inBetween.length).toBeGreaterThan(100);
    // The legacy key's last use reaches months back.
    expect(Math.max(...quietLong.map(quietFor))).toBeGreaterThan(90 * DAY_MS);
  });

  it('still has legacy keys with no replacement at all', () => {
    const alone = legacyKeys.filter((key) => (owners.get(ownerOf(key)) ?? []).every(isLegacy));
    expect(alone.length).toBeGreaterThan(10);
  });
});
