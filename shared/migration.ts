/**
 * The 19.0 migration, as pure functions of values (design.md: "Evidence, not guesses").
 *
 * Flywheel 19.0 rejects every legacy key. Flywheel's guide ("How to Replace Legacy API Keys") gives four steps per
 * legacy key: the site runs 16.19.0 or later; a new (enhanced) key is created; every client is switched to it; the
 * legacy key is deleted. Each step here is ticked by the site's data where it proves it, or by the admin by hand
 * with a note where it cannot (the site does not report a use, say). A step is never done on a guess.
 *
 * The site reports only a key's last use, never its first. So "the legacy key has been quiet for N days since the
 * new key's first use" is counted from the later of the legacy key's last use and the new key's creation (the
 * earliest moment it can have been used), and only once the new key shows a use at all. In a guided swap the
 * legacy key is in use until the switch, so its last use is where the count starts, as the guide means it.
 *
 * Main keeps a small local state per site (settings, manual ticks, and the legacy keys it has seen, so a deleted
 * key still counts as done and the rate of retirement can be forecast); `trackLegacyKeys` updates it from a
 * snapshot and `buildMigration` turns snapshot + state + release into what the page and the reports show.
 */
import { z } from 'zod';
import { countText, groupedNumber } from './count-text.js';
import { LayeredMap } from './layered-map.js';
import { TrackedKeys } from './tracked-keys.js';
import type { Inventory, KeyRecord } from './inventory.js';
import { differingStretch } from './differing-stretch.js';
import { finishSteps, sortInSteps } from './steps.js';
import { calendarDay, DAY_MS } from './time.js';
import { ENHANCED_KEYS_FROM, LEGACY_REJECTED_FROM, isAtLeast, parseVersion } from './version.js';

export const DEFAULT_QUIET_DAYS = 14;
export const MAX_QUIET_DAYS = 365;
/** Blockers used within this many days come first: they are the ones that break something on upgrade day. */
export const RECENT_USE_DAYS = 30;
/**
 * The audit log keeps at most 500 characters of detail (electron/services/audit-log.ts); a tick's entry is the step
 * and its title (at most 70 characters) then the note, so the note must stay well below that to arrive whole.
 */
export const MAX_TICK_NOTE = 400;

const iso = z.string().max(64);

export const STEP_TITLES = {
  1: `The site runs ${ENHANCED_KEYS_FROM} or later`,
  2: 'A new enhanced key exists for the same owner',
  3: 'Every client uses the new key',
  4: 'The legacy key is deleted from the site',
} as const;

export type StepNumber = 1 | 2 | 3 | 4;
/** Steps the admin may tick by hand; step 4 is always proven by the site (the key is there or not). */
export const TICKABLE_STEPS = [1, 2, 3] as const;
export type TickableStep = (typeof TICKABLE_STEPS)[number];

export const stepState = z.enum(['done', 'pending', 'not-applicable']);
export type StepState = z.infer<typeof stepState>;

export const responsibleParty = z.enum(['admin', 'flywheel-support', 'owner']);
export type ResponsibleParty = z.infer<typeof responsibleParty>;

export const RESPONSIBLE_TEXT: Readonly<Record<ResponsibleParty, string>> = {
  admin: 'Site admin',
  'flywheel-support': 'Flywheel support',
  owner: 'Key owner',
};

export const manualTick = z.object({
  note: z.string().max(MAX_TICK_NOTE),
  time: iso,
  actor: z.string().max(300),
});
export type ManualTick = z.infer<typeof manualTick>;

export const migrationStep = z.object({
  step: z.number().int().min(1).max(4),
  title: z.string(),
  state: stepState,
  /** What the state rests on, in words for the admin and the auditor. */
  evidence: z.string(),
  /** What made it done: the site's data, or the admin's tick. Null while not done. */
  source: z.enum(['site', 'manual']).nullable(),
  /** The admin's tick, kept even when the site's data later proves the step too. */
  manual: manualTick.nullable(),
  /** Whether the admin may tick (or untick) this step by hand now. */
  tickable: z.boolean(),
});
export type MigrationStep = z.infer<typeof migrationStep>;

/** Where a legacy key stands, for a chip and for what to do next. */
export const legacyPhase = z.enum([
  'replace',
  'waiting-first-use',
  'quiet',
  'safe-to-delete',
  'owner-disabled',
  'rejected',
  'deleted',
]);
export type LegacyPhase = z.infer<typeof legacyPhase>;

export const PHASE_TEXT: Readonly<Record<LegacyPhase, string>> = {
  replace: 'Needs a new key',
  'waiting-first-use': "Waiting for the new key's first use",
  quiet: 'Watching the legacy key go quiet',
  'safe-to-delete': 'Safe to delete',
  'owner-disabled': 'Not a blocker: owner disabled',
  rejected: 'Rejected now (site on 19.0)',
  deleted: 'Deleted',
};

export const legacyOwner = z.object({
  kind: z.enum(['user', 'device']),
  id: z.string(),
  name: z.string(),
  disabled: z.boolean(),
  /** The user's e-mail (for the message to the owner); null for devices or where the site does not say. */
  email: z.string().nullable(),
});
export type LegacyOwner = z.infer<typeof legacyOwner>;

export const replacementKey = z.object({
  keyId: z.string(),
  label: z.string(),
  created: iso.nullable(),
  lastUsed: iso.nullable(),
});
export type ReplacementKey = z.infer<typeof replacementKey>;

export const legacyEntry = z.object({
  keyId: z.string(),
  label: z.string(),
  owner: legacyOwner,
  /** The device's type (reaper, importer, ...); null for a user's key. */
  deviceType: z.string().nullable(),
  created: iso.nullable(),
  lastUsed: iso.nullable(),
  /** Whole days since the legacy key's last use; null when it was never used. */
  quietForDays: z.number().nullable(),
  usedRecently: z.boolean(),
  responsible: responsibleParty,
  steps: z.array(migrationStep),
  phase: legacyPhase,
  /** The one next thing to do, in words. */
  next: z.string(),
  replacement: replacementKey.nullable(),
  /** Step 3's count: days quiet since the new key could be in use, of how many are needed. */
  quiet: z.object({ days: z.number(), of: z.number() }).nullable(),
  /** The key Keywarden itself is connected with. */
  isAppKey: z.boolean(),
  /** When the app first saw this key, and when it saw it gone from the site. */
  firstSeenAt: iso.nullable(),
  deletedAt: iso.nullable(),
});
export type LegacyEntry = z.infer<typeof legacyEntry>;

export const blockerCode = z.enum([
  'release-too-old',
  'legacy-key',
  'legacy-key-rejected',
  'app-key-legacy',
  'user-keys-unverified',
]);
export type BlockerCode = z.infer<typeof blockerCode>;

export const blocker = z.object({ code: blockerCode, message: z.string(), keyId: z.string().nullable() });
export type Blocker = z.infer<typeof blocker>;

export const forecast = z.object({
  upgradeDate: calendarDay.nullable(),
  /** Whole days until the planned upgrade (negative once past); null without a date. */
  daysLeft: z.number().nullable(),
  remaining: z.number(),
  retired: z.number(),
  /** Legacy keys retired per week so far; null before any was retired. */
  ratePerWeek: z.number().nullable(),
  /** Legacy keys that must go per week to finish in time; null without a date. */
  neededPerWeek: z.number().nullable(),
  /** When the work will be done at the rate so far (a day); null when it cannot be told. */
  projectedDone: calendarDay.nullable(),
  /** Will it be done in time? Null when it cannot be told (no date, or nothing retired yet). */
  onTrack: z.boolean().nullable(),
  summary: z.string(),
});
export type Forecast = z.infer<typeof forecast>;

export const migrationSettings = z.strictObject({
  quietDays: z.number().int().min(1).max(MAX_QUIET_DAYS),
  /** The planned 19.0 upgrade day (UTC), or null. */
  upgradeDate: calendarDay.nullable(),
});
export type MigrationSettings = z.infer<typeof migrationSettings>;

export const DEFAULT_MIGRATION_SETTINGS: MigrationSettings = { quietDays: DEFAULT_QUIET_DAYS, upgradeDate: null };

export const migrationView = z.object({
  site: z.object({ name: z.string(), origin: z.string(), release: z.string().nullable() }),
  generatedAt: iso,
  dataFetchedAt: iso,
  settings: migrationSettings,
  ready: z.boolean(),
  /** The site already runs 19.0 or later: remaining legacy keys are rejected now. */
  upgraded: z.boolean(),
  blockers: z.array(blocker),
  /** Legacy keys on the site now: blockers first (recently used first), then the rest. */
  keys: z.array(legacyEntry),
  /** Legacy keys the app saw and that are gone from the site since. */
  deleted: z.array(legacyEntry),
  forecast,
  /** Whether other users' keys are visible; where not, their legacy keys cannot be listed. */
  userKeysVisible: z.boolean(),
  /** Where they are not: the admin's record that every user has replaced theirs (a note, who, when). */
  userKeysChecked: manualTick.nullable(),
});
export type MigrationView = z.infer<typeof migrationView>;

/** What the app remembers of a legacy key, so it still counts once deleted (no secret, as everywhere). */
export const trackedLegacyKey = z.object({
  label: z.string(),
  owner: legacyOwner,
  deviceType: z.string().nullable(),
  created: iso.nullable(),
  lastUsed: iso.nullable(),
  firstSeenAt: iso,
  deletedAt: iso.nullable(),
});
export type TrackedLegacyKey = z.infer<typeof trackedLegacyKey>;

/** Main's local migration state of one site. */
export const migrationState = z.object({
  settings: migrationSettings,
  /** keyId → step → the admin's tick. */
  ticks: z.record(z.string(), z.partialRecord(z.enum(['1', '2', '3']), manualTick)),
  /** Read from the file's record into an immutable map (tracked-keys.ts); written back as a record. */
  tracked: z.record(z.string(), trackedLegacyKey).transform((record) => TrackedKeys.of(record)),
  /** The admin's record that other users' keys were checked, on a site that does not list them. */
  userKeysChecked: manualTick.nullable().default(null),
});
export type MigrationState = z.infer<typeof migrationState>;

export function emptyMigrationState(): MigrationState {
  return { settings: { ...DEFAULT_MIGRATION_SETTINGS }, ticks: {}, tracked: TrackedKeys.EMPTY, userKeysChecked: null };
}

/** Who replaces a legacy key (Flywheel's guide): Flywheel staff for Reapers, the admin for other devices, users themselves. */
export function responsibleFor(ownerKind: 'user' | 'device', deviceType: string | null): ResponsibleParty {
  if (ownerKind === 'user') return 'owner';
  return deviceType?.trim().toLowerCase() === 'reaper' ? 'flywheel-support' : 'admin';
}

export interface ReleaseFacts {
  readonly known: boolean;
  readonly supportsEnhancedKeys: boolean;
  readonly rejectsLegacyKeys: boolean;
}

export function releaseFacts(release: string | null): ReleaseFacts {
  // Asked twice for every legacy key of a view, always of the same release: the last answer is kept.
  if (lastRelease !== undefined && release === lastRelease.release) return lastRelease.facts;
  const known = release !== null && parseVersion(release) !== null;
  const facts: ReleaseFacts = Object.freeze({
    known,
    supportsEnhancedKeys: known && isAtLeast(release, ENHANCED_KEYS_FROM),
    rejectsLegacyKeys: known && isAtLeast(release, LEGACY_REJECTED_FROM),
  });
  lastRelease = { release, facts };
  return facts;
}

let lastRelease: { readonly release: string | null; readonly facts: ReleaseFacts } | undefined;

function time(value: string | null): number | null {
  if (value === null) return null;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}

/** A UTC time in ISO form before 24:00: its first ten characters are its day. */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):\d{2}(?::\d{2}(?:\.\d+)?)?Z$/;

function dayOf(value: string | number): string {
  // Most dates are the site's UTC strings: read, not parsed and printed again (27,000 legacy keys at 10x the scale
  // site, several dates each).
  if (typeof value === 'string' && ISO_UTC.test(value)) return value.slice(0, 10);
  return new Date(value).toISOString().slice(0, 10);
}

function wholeDays(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/**
 * The owner's enhanced key that replaces a legacy key: made after it and not expired. Among several, the one in
 * use most recently (a client runs on it), else the newest.
 */
export function replacementFor(legacy: KeyRecord, ownerKeys: readonly KeyRecord[], now: Date): KeyRecord | null {
  const legacyCreated = time(legacy.created);
  if (legacyCreated === null) return null;
  let best: KeyRecord | null = null;
  let bestRank = -Infinity;
  for (const key of ownerKeys) {
    if (key.kind !== 'enhanced' || key.id === legacy.id) continue;
    const created = time(key.created);
    if (created === null || created <= legacyCreated) continue;
    const expires = time(key.expiresAt);
    if (expires !== null && expires <= now.getTime()) continue;
    // Used keys outrank unused ones; then the later use, or the later creation. Each candidate is ranked once.
    const used = time(key.lastUsed);
    const rank = used !== null ? 1e15 + used : created;
    if (best === null || rank > bestRank) {
      best = key;
      bestRank = rank;
    }
  }
  return best;
}

export interface StepFacts {
  readonly release: string | null;
  readonly legacy: Pick<KeyRecord, 'created' | 'lastUsed'>;
  readonly ownerDisabled: boolean;
  /** Whether the legacy key is still on the site. */
  readonly present: boolean;
  readonly replacement: ReplacementKey | null;
  readonly quietDays: number;
  readonly ticks: Partial<Record<TickableStep, ManualTick>>;
  readonly deletedAt: string | null;
  readonly now: Date;
}

interface StepsOutcome {
  readonly steps: MigrationStep[];
  readonly quiet: { days: number; of: number } | null;
  /** A new key exists and the site reports no use of it yet. */
  readonly waitingFirstUse: boolean;
}

function step(
  number: StepNumber,
  proven: { state: StepState; evidence: string },
  tick: ManualTick | undefined,
  canTick: boolean,
): MigrationStep {
  // Written out, not spread: a view makes four of these for every legacy key of a site.
  const title = STEP_TITLES[number];
  const manual = tick ?? null;
  const { state, evidence } = proven;
  if (state === 'done')
    return { step: number, title, manual, state, evidence, source: 'site', tickable: canTick && tick !== undefined };
  if (state === 'not-applicable') return { step: number, title, manual, state, evidence, source: null, tickable: false };
  if (tick && canTick) {
    return {
      step: number,
      title,
      manual,
      state: 'done',
      evidence: `Ticked by hand: ${tick.note} (${evidence})`,
      source: 'manual',
      tickable: true,
    };
  }
  return { step: number, title, manual, state, evidence, source: null, tickable: canTick };
}

/** The four steps of one legacy key, each with its state and evidence. */
export function migrationSteps(facts: StepFacts): StepsOutcome {
  const { release, legacy, replacement, quietDays, ticks, now } = facts;
  const gates = releaseFacts(release);
  const step1 = step(
    1,
    gates.known
      ? gates.supportsEnhancedKeys
        ? { state: 'done', evidence: `The site reports release ${release}.` }
        : {
            state: 'pending',
            evidence: `The site reports release ${release}, older than ${ENHANCED_KEYS_FROM}: it cannot create enhanced keys. Upgrade the site to ${ENHANCED_KEYS_FROM} first.`,
          }
      : { state: 'pending', evidence: 'The site does not report a release the app can read.' },
    ticks[1],
    !gates.known,
  );

  if (!facts.present) {
    const gone = `The legacy key is no longer on the site${facts.deletedAt ? ` (gone by ${dayOf(facts.deletedAt)})` : ''}.`;
    const after = { state: 'done' as const, evidence: gone };
    // What the admin ticked before the key went stays the admin's word; the rest no longer applies.
    const closed = (number: 2 | 3): MigrationStep => {
      const tick = ticks[number];
      if (!tick) return step(number, { state: 'not-applicable', evidence: gone }, undefined, false);
      const { step: stepNumber, title } = step(number, after, tick, false);
      return {
        step: stepNumber,
        title,
        state: 'done',
        evidence: `Ticked by hand: ${tick.note}`,
        source: 'manual',
        manual: tick,
        tickable: false,
      };
    };
    return {
      steps: [step1, closed(2), closed(3), step(4, after, undefined, false)],
      quiet: null,
      waitingFirstUse: false,
    };
  }

  const step4 = step(4, { state: 'pending', evidence: 'The legacy key is still on the site.' }, undefined, false);
  if (facts.ownerDisabled) {
    const why = 'The owner is disabled, so nothing can use this key; no replacement is needed, but delete it.';
    return {
      steps: [
        step1,
        step(2, { state: 'not-applicable', evidence: why }, ticks[2], false),
        step(3, { state: 'not-applicable', evidence: why }, ticks[3], false),
        step4,
      ],
      quiet: null,
      waitingFirstUse: false,
    };
  }

  const step2 = step(
    2,
    replacement
      ? {
          state: 'done',
          evidence: `Enhanced key "${replacement.label}" (${replacement.keyId}) was created ${replacement.created ? dayOf(replacement.created) : ''}${legacy.created ? `, after the legacy key (${dayOf(legacy.created)})` : ''}.`,
        }
      : {
          state: 'pending',
          evidence:
            legacy.created === null
              ? 'The site does not say when the legacy key was made, so no new key can be shown to be newer.'
              : 'The owner has no enhanced key made after the legacy key that has not expired.',
        },
    ticks[2],
    true,
  );

  let quiet: { days: number; of: number } | null = null;
  let proven3: { state: StepState; evidence: string };
  const newUsed = replacement ? time(replacement.lastUsed) : null;
  if (!replacement) {
    proven3 = { state: 'pending', evidence: 'There is no new key for the clients to use yet.' };
  } else if (newUsed === null) {
    proven3 = {
      state: 'pending',
      evidence: `Waiting for the new key's first use: the site reports no use of "${replacement.label}" yet.`,
    };
  } else {
    const legacyUsed = time(legacy.lastUsed);
    const newCreated = time(replacement.created) ?? newUsed;
    const since = Math.max(legacyUsed ?? -Infinity, newCreated);
    const days = Math.max(0, wholeDays(now.getTime() - since));
    quiet = { days, of: quietDays };
    const from =
      legacyUsed !== null && legacyUsed >= newCreated
        ? `its last use on ${dayOf(legacyUsed)}`
        : `the new key was made (${dayOf(newCreated)})`;
    const text = `The new key was used on ${dayOf(newUsed)}; the legacy key has been quiet for ${countText(days, 'day')} of ${groupedNumber(quietDays)} since ${from}.`;
    proven3 = days >= quietDays ? { state: 'done', evidence: text } : { state: 'pending', evidence: text };
  }
  const step3 = step(3, proven3, ticks[3], true);
  return { steps: [step1, step2, step3, step4], quiet, waitingFirstUse: replacement !== null && newUsed === null };
}

/**
 * Remembers legacy keys seen in a snapshot, and marks gone (at `now`, when the app saw it) the ones the snapshot
 * should show and does not.
 */
export function trackLegacyKeys(state: MigrationState, inventory: Inventory, now: Date): MigrationState {
  return finishSteps(trackLegacyKeysSteps(state, inventory, now));
}

/** Tracked entries (or present keys) looked at per step of trackLegacyKeysSteps. */
const ENTRIES_PER_TRACKING_STEP = 5_000;

/**
 * The same, in steps: main observes every snapshot a refresh stores, and at 10x the scale site (250,000 keys,
 * 30,000 of them legacy) the whole rule held main for about 100-125 ms in one task at the end of each refresh.
 */
export function* trackLegacyKeysSteps(state: MigrationState, inventory: Inventory, now: Date): Generator<void, MigrationState> {
  // A small site's rule runs in one step, as before.
  const large = inventory.devices.length + inventory.users.length > ENTRIES_PER_TRACKING_STEP;
  // Not in the task that stored the snapshot (a refresh's end): it has work of its own.
  if (large) yield;
  const devices = byId(inventory.devices);
  if (large) yield;
  const owners: OwnerIndex = { devices, users: byId(inventory.users) };
  if (large) yield;
  const present = yield* legacyKeysSteps(inventory);
  const covered = coverageOf(inventory);
  const tracked = new Map<string, TrackedLegacyKey>();
  // Every snapshot passes through here (main observes each one): an unchanged state comes back as the same object,
  // so callers need neither a deep comparison nor a write to know nothing changed.
  let changed = false;
  let looked = 0;
  for (const [keyId, entry] of state.tracked) {
    if (++looked % ENTRIES_PER_TRACKING_STEP === 0) yield;
    const key = present.get(keyId);
    let next = entry;
    if (key) {
      const seen = { ...trackedOf(key, owners, entry.firstSeenAt), deletedAt: null };
      if (!sameTracked(seen, entry)) next = seen;
    } else if (entry.deletedAt === null && covered(entry.owner)) {
      next = { ...entry, deletedAt: now.toISOString() };
    }
    if (next !== entry) changed = true;
    tracked.set(keyId, next);
  }
  for (const [keyId, key] of present) {
    if (++looked % ENTRIES_PER_TRACKING_STEP === 0) yield;
    if (tracked.has(keyId)) continue;
    tracked.set(keyId, trackedOf(key, owners, inventory.fetchedAt));
    changed = true;
  }
  return changed ? { ...state, tracked: TrackedKeys.from(tracked) } : state;
}

/** How many keys two snapshots may differ in for `trackLegacyKeysSince` to look at those alone. */
export const MAX_KEYS_COMPARED = 256;

/**
 * The keys added and removed between two snapshots of a site (differingStretch), where nothing else changed: the
 * site, the coverage, and the devices and users, the same objects. Null where more changed, or too many keys.
 */
function keysChangedAlone(
  previous: Inventory,
  inventory: Inventory,
): { readonly removed: readonly KeyRecord[]; readonly added: readonly KeyRecord[] } | null {
  const keys = differingStretch(previous.keys, inventory.keys, MAX_KEYS_COMPARED);
  const alone =
    keys !== null &&
    previous.siteId === inventory.siteId &&
    sameCoverage(previous.coverage, inventory.coverage) &&
    differingStretch(previous.devices, inventory.devices, 0) !== null &&
    differingStretch(previous.users, inventory.users, 0) !== null;
  return alone ? keys : null;
}

/**
 * `trackLegacyKeys(state, inventory, now)`, found from the keys that differ between `inventory` and `previous`
 * instead of from every key, where `state` is what the rule answered for `previous` (or that with only its
 * settings, ticks or record changed). A patch after an action keeps every key, device and user object it does not
 * touch, so the differing keys are the stretch between the lists' longest common start and end, compared by
 * identity without reading a key; a key outside it is the same object, already tracked from `previous` and tracked
 * the same now. Key ids are the site's, one key each. Where the snapshots differ in more (a refresh), in their
 * owners, coverage or site, or where a user's first key makes the snapshot cover them (their missing keys then
 * count as deleted), the whole rule answers.
 */
export function trackLegacyKeysSince(state: MigrationState, previous: Inventory, inventory: Inventory, now: Date): MigrationState {
  return finishSteps(trackLegacyKeysSinceSteps(state, previous, inventory, now));
}

/** The same in steps: where the whole rule answers, it runs in steps (trackLegacyKeysSteps). */
export function* trackLegacyKeysSinceSteps(
  state: MigrationState,
  previous: Inventory,
  inventory: Inventory,
  now: Date,
): Generator<void, MigrationState> {
  const keys = keysChangedAlone(previous, inventory);
  const partialUserKeys = inventory.coverage.userKeys !== 'all';
  if (
    !keys ||
    (partialUserKeys && keys.added.some((key) => key.ownerType === 'user' && !hasUserKey(previous.keys, key.ownerId)))
  ) {
    return yield* trackLegacyKeysSteps(state, inventory, now);
  }
  const present = new Map<string, KeyRecord>();
  for (const key of keys.added) if (key.kind === 'legacy') present.set(key.id, key);
  const trackedNow = (keyId: string): TrackedLegacyKey | undefined => state.tracked.get(keyId);
  const updates = new Map<string, TrackedLegacyKey>();
  // As the whole rule: a present key is tracked from the snapshot (a new one from when it was fetched)...
  const owners = present.size > 0 ? ownerIndex(inventory, present.values()) : null;
  for (const [keyId, key] of present) {
    const entry = trackedNow(keyId);
    if (!entry) {
      updates.set(keyId, trackedOf(key, owners!, inventory.fetchedAt));
      continue;
    }
    const seen = { ...trackedOf(key, owners!, entry.firstSeenAt), deletedAt: null };
    if (!sameTracked(seen, entry)) updates.set(keyId, seen);
  }
  // ...and a legacy key gone from a list the snapshot covers is marked deleted now.
  const covered = (owner: LegacyOwner): boolean =>
    owner.kind === 'device'
      ? inventory.coverage.deviceKeys
      : inventory.coverage.userKeys === 'all' || hasUserKey(inventory.keys, owner.id);
  for (const key of keys.removed) {
    if (key.kind !== 'legacy' || present.has(key.id)) continue;
    const entry = trackedNow(key.id);
    if (entry && entry.deletedAt === null && covered(entry.owner)) {
      updates.set(key.id, { ...entry, deletedAt: now.toISOString() });
    }
  }
  if (updates.size === 0) return state;
  // In the order the whole rule adds them: a tracked key keeps its place, a new one goes last (TrackedKeys.with).
  return { ...state, tracked: state.tracked.with(updates) };
}

/**
 * Whether a user has a key in the list. From the end, where a snapshot lists the admin's own keys (the user keys
 * an action on a site that lists only those adds to).
 */
function hasUserKey(keys: readonly KeyRecord[], userId: string): boolean {
  for (let i = keys.length - 1; i >= 0; i -= 1) {
    const key = keys[i]!;
    if (key.ownerType === 'user' && key.ownerId === userId) return true;
  }
  return false;
}

function sameCoverage(a: Inventory['coverage'], b: Inventory['coverage']): boolean {
  return a.deviceKeys === b.deviceKeys && a.users === b.users && a.userKeys === b.userKeys;
}

function sameTracked(a: TrackedLegacyKey, b: TrackedLegacyKey): boolean {
  return (
    a.label === b.label &&
    a.owner.kind === b.owner.kind &&
    a.owner.id === b.owner.id &&
    a.owner.name === b.owner.name &&
    a.owner.disabled === b.owner.disabled &&
    a.owner.email === b.owner.email &&
    a.deviceType === b.deviceType &&
    a.created === b.created &&
    a.lastUsed === b.lastUsed &&
    a.firstSeenAt === b.firstSeenAt &&
    a.deletedAt === b.deletedAt
  );
}

/** The snapshot's legacy keys by id, in the snapshot's order. */
function legacyKeysOf(inventory: Inventory): Map<string, KeyRecord> {
  return finishSteps(legacyKeysSteps(inventory));
}

function* legacyKeysSteps(inventory: Inventory): Generator<void, Map<string, KeyRecord>> {
  const legacy = new Map<string, KeyRecord>();
  const { keys } = inventory;
  for (let at = 0; at < keys.length; at += 1) {
    const key = keys[at]!;
    if (key.kind === 'legacy') legacy.set(key.id, key);
    if ((at + 1) % KEYS_PER_STEP === 0) yield;
  }
  return legacy;
}

/**
 * Whether the snapshot lists an owner's keys at all: only then does a missing key mean a deleted one. The users
 * with keys are gathered once per snapshot, not searched for per tracked key.
 */
function coverageOf(inventory: Inventory): (owner: LegacyOwner) => boolean {
  let usersWithKeys: Set<string> | null = null;
  return (owner) => {
    if (owner.kind === 'device') return inventory.coverage.deviceKeys;
    if (inventory.coverage.userKeys === 'all') return true;
    usersWithKeys ??= new Set(inventory.keys.filter((key) => key.ownerType === 'user').map((key) => key.ownerId));
    return usersWithKeys.has(owner.id);
  };
}

/**
 * The keys of each owner of a legacy key, in the snapshot's order (so a tie between replacements goes the same way
 * as over the whole list). Only those owners are kept: the others have nothing to replace.
 */
/** Each legacy key's owner's keys, by the owner's kind and id. */
interface KeysByOwner {
  get(kind: 'user' | 'device', id: string): readonly KeyRecord[] | undefined;
}

/** One map per kind of owner: no key string made per key of the site (250,000 at 10x the scale site). */
/** Site keys gathered per step of keysByOwner (a pass over 250,000 keys at 10x the scale site took 35-80 ms). */
const KEYS_PER_STEP = 50_000;

function* keysByOwner(inventory: Inventory, legacy: ReadonlyMap<string, KeyRecord>): Generator<void, KeysByOwner> {
  const byKind = { device: new Map<string, KeyRecord[]>(), user: new Map<string, KeyRecord[]>() };
  for (const key of legacy.values()) byKind[key.ownerType].set(key.ownerId, []);
  const { keys } = inventory;
  for (let at = 0; at < keys.length; at += 1) {
    const key = keys[at]!;
    byKind[key.ownerType].get(key.ownerId)?.push(key);
    if ((at + 1) % KEYS_PER_STEP === 0) yield;
  }
  return { get: (kind, id) => byKind[kind].get(id) };
}

/**
 * The keys of some owners, in the snapshot's order (as keysByOwner gathers them), and their legacy keys by id: one
 * pass over the site's keys, for the entries of those owners made again after a tick or an action.
 */
function keysOfOwners(
  inventory: Inventory,
  owners: Iterable<Pick<LegacyOwner, 'kind' | 'id'>>,
): { readonly byOwner: KeysByOwner; readonly legacy: ReadonlyMap<string, KeyRecord> } {
  const byKind = { device: new Map<string, KeyRecord[]>(), user: new Map<string, KeyRecord[]>() };
  for (const owner of owners) byKind[owner.kind].set(owner.id, []);
  const legacy = new Map<string, KeyRecord>();
  for (const key of inventory.keys) {
    const own = byKind[key.ownerType].get(key.ownerId);
    if (!own) continue;
    own.push(key);
    if (key.kind === 'legacy') legacy.set(key.id, key);
  }
  return { byOwner: { get: (kind, id) => byKind[kind].get(id) }, legacy };
}

/** For an entry whose key is gone: it has no replacement, so its owner's keys are never read. */
const NO_OWNER_KEYS: KeysByOwner = { get: () => undefined };

function ownerKey(kind: 'user' | 'device', id: string): string {
  return `${kind}\u0000${id}`;
}

interface OwnerIndex {
  readonly devices: ReadonlyMap<string, Inventory['devices'][number]>;
  readonly users: ReadonlyMap<string, Inventory['users'][number]>;
}

/** Records by their id. */
function byId<T extends { readonly id: string }>(records: readonly T[]): Map<string, T> {
  return new Map(records.map((record) => [record.id, record]));
}

/** The snapshot's devices and users by id; with `keys`, only their owners. */
function ownerIndex(inventory: Inventory, keys?: Iterable<KeyRecord>): OwnerIndex {
  if (!keys) return { devices: byId(inventory.devices), users: byId(inventory.users) };
  const wanted = new Set<string>();
  for (const key of keys) wanted.add(ownerKey(key.ownerType, key.ownerId));
  return {
    devices: new Map(inventory.devices.filter((d) => wanted.has(ownerKey('device', d.id))).map((d) => [d.id, d])),
    users: new Map(inventory.users.filter((u) => wanted.has(ownerKey('user', u.id))).map((u) => [u.id, u])),
  };
}

function trackedOf(key: KeyRecord, owners: OwnerIndex, firstSeenAt: string): TrackedLegacyKey {
  const device = key.ownerType === 'device' ? owners.devices.get(key.ownerId) : undefined;
  const user = key.ownerType === 'user' ? owners.users.get(key.ownerId) : undefined;
  return {
    label: key.label,
    owner: {
      kind: key.ownerType,
      id: key.ownerId,
      name: key.ownerLabel,
      disabled: key.ownerDisabled,
      email: user?.email ?? null,
    },
    deviceType: device?.type ?? null,
    created: key.created,
    lastUsed: key.lastUsed,
    firstSeenAt,
    deletedAt: null,
  };
}

export interface MigrationSite {
  readonly name: string;
  readonly origin: string;
  readonly release: string | null;
  /** The kind of key the app itself is connected with. */
  readonly keyKind: 'enhanced' | 'legacy';
  /** The signed-in admin: their own user keys they delete themselves; other users' keys only their owner can. */
  readonly userId?: string;
}

export interface MigrationInput {
  readonly inventory: Inventory;
  readonly site: MigrationSite;
  /** Already updated with `trackLegacyKeys` for this snapshot. */
  readonly state: MigrationState;
  readonly now: Date;
}

function ticksOf(state: MigrationState, keyId: string): Partial<Record<TickableStep, ManualTick>> {
  const ticks = state.ticks[keyId] ?? {};
  return { 1: ticks['1'], 2: ticks['2'], 3: ticks['3'] };
}

function nextStep(entry: Omit<LegacyEntry, 'next'>, userId: string | undefined): string {
  const who = entry.responsible;
  // Only a user deletes their own keys (Flywheel's docs): for another user's key the admin can only ask.
  const othersUserKey = entry.owner.kind === 'user' && entry.owner.id !== userId;
  switch (entry.phase) {
    case 'deleted':
      return 'Nothing: the legacy key is gone.';
    case 'rejected':
      return othersUserKey
        ? `The site already rejects this key: ask ${entry.owner.name} to replace it where a client still needs it, then delete it.`
        : 'The site already rejects this key: replace it where a client still needs it, then delete it.';
    case 'owner-disabled':
      return othersUserKey
        ? 'Nothing for now: its owner is disabled, so nothing uses it and it blocks nothing; only the owner can delete a user key.'
        : 'Delete this key: its owner is disabled, so nothing uses it.';
    case 'safe-to-delete':
      return othersUserKey
        ? `Ask ${entry.owner.name} to delete the legacy key on their profile: their new key has taken over.`
        : 'Delete the legacy key.';
    case 'quiet':
      if (entry.replacement === null) {
        return 'Tick step 3 by hand once every client uses the new key: the site shows no new key whose use the app could watch.';
      }
      return `Wait until the legacy key has been quiet for ${groupedNumber(entry.quiet?.of ?? DEFAULT_QUIET_DAYS)} days (${groupedNumber(entry.quiet?.days ?? 0)} so far), or tick step 3 if you know every client has switched.`;
    case 'waiting-first-use':
      return who === 'owner'
        ? 'Ask the owner to switch their clients to the new key.'
        : who === 'flywheel-support'
          ? 'Flywheel support switches the Reaper to the new key.'
          : 'Put the new key on the device (or its client) and let it run once.';
    case 'replace':
      return who === 'owner'
        ? 'Ask the owner to create an enhanced key and switch to it.'
        : who === 'flywheel-support'
          ? 'Send Flywheel support the prepared request: their staff replace Reaper keys.'
          : 'Create the replacement key for this device.';
  }
}

function phaseOf(outcome: StepsOutcome, present: boolean, ownerDisabled: boolean, rejected: boolean): LegacyPhase {
  if (!present) return 'deleted';
  if (rejected) return 'rejected';
  if (ownerDisabled) return 'owner-disabled';
  const [, step2, step3] = outcome.steps;
  if (step2?.state !== 'done') return 'replace';
  if (step3?.state === 'done') return 'safe-to-delete';
  return outcome.waitingFirstUse ? 'waiting-first-use' : 'quiet';
}

function entryOf(
  keyId: string,
  tracked: TrackedLegacyKey,
  present: KeyRecord | null,
  byOwner: KeysByOwner,
  input: MigrationInput,
): LegacyEntry {
  const { now, state, site } = input;
  const gates = releaseFacts(site.release);
  const ownerKeys = present ? (byOwner.get(present.ownerType, present.ownerId) ?? []) : [];
  const replacementRecord = present ? replacementFor(present, ownerKeys, now) : null;
  const replacement: ReplacementKey | null = replacementRecord
    ? {
        keyId: replacementRecord.id,
        label: replacementRecord.label,
        created: replacementRecord.created,
        lastUsed: replacementRecord.lastUsed,
      }
    : null;
  const outcome = migrationSteps({
    release: site.release,
    legacy: { created: tracked.created, lastUsed: tracked.lastUsed },
    ownerDisabled: tracked.owner.disabled,
    present: present !== null,
    replacement,
    quietDays: state.settings.quietDays,
    ticks: ticksOf(state, keyId),
    deletedAt: tracked.deletedAt,
    now,
  });
  const used = time(tracked.lastUsed);
  const quietForDays = used === null ? null : Math.max(0, wholeDays(now.getTime() - used));
  const partial = {
    keyId,
    label: tracked.label,
    owner: tracked.owner,
    deviceType: tracked.deviceType,
    created: tracked.created,
    lastUsed: tracked.lastUsed,
    quietForDays,
    usedRecently: quietForDays !== null && quietForDays < RECENT_USE_DAYS,
    responsible: responsibleFor(tracked.owner.kind, tracked.deviceType),
    steps: outcome.steps,
    phase: phaseOf(outcome, present !== null, tracked.owner.disabled, gates.rejectsLegacyKeys),
    replacement,
    quiet: outcome.quiet,
    isAppKey: present?.isAppKey ?? false,
    firstSeenAt: tracked.firstSeenAt,
    deletedAt: present ? null : tracked.deletedAt,
  };
  return { ...partial, next: nextStep(partial, site.userId) };
}

/** `localeCompare` with the default locale, built once rather than per comparison (the same order). */
const collator = new Intl.Collator();

/**
 * Blockers first (recently used first, then by last use, newest first), then keys of disabled owners; ties by the
 * owner's name, then the key. What the order reads of each entry is read once into columns before sorting, and the
 * entries are sorted by place: at 10x the scale site (30,000 legacy keys) a comparison reading the entries and a
 * map of their last uses took about 190 ms a build.
 */
function* sortByUrgency(entries: LegacyEntry[]): Generator<void, LegacyEntry[]> {
  const count = entries.length;
  // Smaller comes first: an enabled owner's key (0) before a disabled one's (2), a recently used one (0) before not (1).
  const group = new Uint8Array(count);
  const used = new Float64Array(count);
  for (let at = 0; at < count; at += 1) {
    const entry = entries[at]!;
    group[at] = (entry.owner.disabled ? 2 : 0) + (entry.usedRecently ? 0 : 1);
    used[at] = time(entry.lastUsed) ?? -Infinity;
  }
  const places = Array.from({ length: count }, (_, at) => at);
  const order = yield* sortInSteps(places, (a, b) => {
    if (group[a] !== group[b]) return group[a]! - group[b]!;
    const later = used[b]! - used[a]!;
    if (later !== 0 && !Number.isNaN(later)) return later;
    const x = entries[a]!;
    const y = entries[b]!;
    return collator.compare(x.owner.name, y.owner.name) || collator.compare(x.keyId, y.keyId);
  });
  const sorted = order.map((at) => entries[at]!);
  for (let at = 0; at < count; at += 1) entries[at] = sorted[at]!;
  return entries;
}

function lastUseText(entry: LegacyEntry): string {
  return entry.lastUsed === null ? 'never used' : `last used ${dayOf(entry.lastUsed)}`;
}

function ownerText(entry: LegacyEntry): string {
  const kind = entry.owner.kind === 'device' ? `${entry.deviceType ?? 'device'}` : 'user';
  return `${kind} ${entry.owner.name}`;
}

/** What the app can see of other users' keys: all of them, or (on sites that hide them) the admin's record. */
export interface UserKeysCoverage {
  readonly visible: boolean;
  readonly checked: ManualTick | null;
}

export function blockersOf(
  site: MigrationSite,
  keys: readonly LegacyEntry[],
  userKeys: UserKeysCoverage = { visible: true, checked: null },
): Blocker[] {
  return finishSteps(blockerSteps(site, keys, userKeys));
}

/** blockersOf in steps: one blocker per present key, PASSES_PER_STEP at a time (each a message of its own). */
function* blockerSteps(site: MigrationSite, keys: readonly LegacyEntry[], userKeys: UserKeysCoverage): Generator<void, Blocker[]> {
  const gates = releaseFacts(site.release);
  const blockers: Blocker[] = [];
  // Real Flywheel sites do not list other users' keys: the app cannot see their legacy keys, so "ready" would be
  // a guess until the admin records that every user has replaced theirs.
  if (!userKeys.visible && userKeys.checked === null) {
    blockers.push({
      code: 'user-keys-unverified',
      message:
        "This site does not show other users' keys to the app, so their legacy keys cannot be checked here. Ask every user to replace theirs (each sees their own keys on their Flywheel profile), then record it with a note.",
      keyId: null,
    });
  }
  if (gates.known && !gates.supportsEnhancedKeys) {
    blockers.push({
      code: 'release-too-old',
      message: `The site runs ${site.release}, older than ${ENHANCED_KEYS_FROM}: enhanced keys cannot be created until it is upgraded to ${ENHANCED_KEYS_FROM}.`,
      keyId: null,
    });
  }
  if (site.keyKind === 'legacy') {
    blockers.push({
      code: 'app-key-legacy',
      message: 'Keywarden itself is connected with a legacy key: connect it with an enhanced key before the upgrade.',
      keyId: keys.find((key) => key.isAppKey)?.keyId ?? null,
    });
  }
  for (let at = 0; at < keys.length; at += 1) {
    if ((at + 1) % PASSES_PER_STEP === 0) yield;
    const entry = keys[at]!;
    if (entry.owner.disabled) continue;
    blockers.push(
      gates.rejectsLegacyKeys
        ? {
            code: 'legacy-key-rejected',
            message: `Legacy key ${entry.keyId} of ${ownerText(entry)} is rejected now (${lastUseText(entry)}).`,
            keyId: entry.keyId,
          }
        : {
            code: 'legacy-key',
            message: `Legacy key ${entry.keyId} of ${ownerText(entry)} is still on the site (${lastUseText(entry)}${entry.usedRecently ? ', in use' : ''}).`,
            keyId: entry.keyId,
          },
    );
  }
  return blockers;
}

/** Countdown and forecast: at the rate legacy keys have gone so far, is the work done by the planned date? */
export function forecastOf(
  upgradeDate: string | null,
  remaining: number,
  tracked: Iterable<TrackedLegacyKey>,
  now: Date,
): Forecast {
  return forecastFromCounts(upgradeDate, remaining, trackedCountsOf(tracked), now);
}

/** What the forecast reads of the tracked keys: how many are deleted, and the first time any was seen. */
interface TrackedCounts {
  readonly retired: number;
  /** Milliseconds; Infinity when none has a readable time. */
  readonly firstSeen: number;
}

function trackedCountsOf(tracked: Iterable<TrackedLegacyKey>): TrackedCounts {
  return finishSteps(trackedCountSteps(tracked));
}

function* trackedCountSteps(tracked: Iterable<TrackedLegacyKey>): Generator<void, TrackedCounts> {
  let retired = 0;
  // A loop, not Math.min(...list): a spread of every tracked key overflows the stack on a large site.
  let firstSeen = Infinity;
  let seen = 0;
  for (const entry of tracked) {
    if (entry.deletedAt !== null) retired += 1;
    firstSeen = Math.min(firstSeen, time(entry.firstSeenAt) ?? Infinity);
    if (++seen % PASSES_PER_STEP === 0) yield;
  }
  return { retired, firstSeen };
}

/** The counts of a site's tracked keys, made once per map (a view after a patch derives them from the last). */
const countsOfTracked = new WeakMap<TrackedKeys, TrackedCounts>();

function countsOf(tracked: TrackedKeys): TrackedCounts {
  return finishSteps(countSteps(tracked));
}

function* countSteps(tracked: TrackedKeys): Generator<void, TrackedCounts> {
  let counts = countsOfTracked.get(tracked);
  if (!counts) {
    counts = yield* trackedCountSteps(tracked.values());
    countsOfTracked.set(tracked, counts);
  }
  return counts;
}

function forecastFromCounts(upgradeDate: string | null, remaining: number, counts: TrackedCounts, now: Date): Forecast {
  const { retired, firstSeen } = counts;
  const elapsedDays = Number.isFinite(firstSeen) ? Math.max(1, (now.getTime() - firstSeen) / DAY_MS) : null;
  const ratePerDay = retired > 0 && elapsedDays !== null ? retired / elapsedDays : null;
  const ratePerWeek = ratePerDay === null ? null : round1(ratePerDay * 7);
  const projectedDone =
    remaining === 0
      ? dayOf(now.getTime())
      : ratePerDay
        ? dayOf(now.getTime() + Math.ceil(remaining / ratePerDay) * DAY_MS)
        : null;
  const base = { upgradeDate, remaining, retired, ratePerWeek, projectedDone };
  if (upgradeDate === null) {
    return {
      ...base,
      daysLeft: null,
      neededPerWeek: null,
      onTrack: null,
      summary:
        remaining === 0
          ? 'No legacy key is left.'
          : 'Set the planned upgrade date to see a countdown and whether the work will be done in time.',
    };
  }
  const upgradeAt = Date.parse(`${upgradeDate}T00:00:00Z`);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const daysLeft = Math.round((upgradeAt - today) / DAY_MS);
  const neededPerWeek = remaining === 0 ? 0 : daysLeft > 0 ? round1((remaining / daysLeft) * 7) : null;
  const left =
    daysLeft > 0
      ? `${countText(daysLeft, 'day')} to the upgrade on ${upgradeDate}`
      : daysLeft === 0
        ? `The upgrade is today (${upgradeDate})`
        : `The planned upgrade day ${upgradeDate} has passed`;
  if (remaining === 0)
    return { ...base, daysLeft, neededPerWeek, onTrack: true, summary: `${left}. No legacy key is left: ready.` };
  if (daysLeft <= 0) {
    return {
      ...base,
      daysLeft,
      neededPerWeek,
      onTrack: false,
      summary: `${left} and ${countText(remaining, 'legacy key')} remain.`,
    };
  }
  const need = `${countText(remaining, 'legacy key')} remain: about ${groupedNumber(neededPerWeek ?? 0)} a week must go to finish in time`;
  if (ratePerDay === null || projectedDone === null) {
    return {
      ...base,
      daysLeft,
      neededPerWeek,
      onTrack: null,
      summary: `${left}. ${need}; none has been retired yet, so there is no rate to forecast from.`,
    };
  }
  const onTrack = projectedDone < upgradeDate;
  return {
    ...base,
    daysLeft,
    neededPerWeek,
    onTrack,
    summary: `${left}. ${need}. At ${groupedNumber(ratePerWeek ?? 0)} a week so far the work ends about ${projectedDone}: ${onTrack ? 'in time' : 'too late'}.`,
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Everything the migration page and the readiness report show, from a snapshot, the local state and now. */
export function buildMigration(input: MigrationInput): MigrationView {
  return finishSteps(migrationBuild(input));
}

/** Legacy keys' entries made per step of migrationBuild: about 25 µs each at 10x the scale site. */
const ENTRIES_PER_STEP = 500;
/** Entries passed per step where little is made of each (blockers, the view's index, the forecast's counts). */
const PASSES_PER_STEP = 5000;

/**
 * buildMigration in steps (shared/steps.ts), each a bounded slice of the work: the site's keys gathered by owner
 * KEYS_PER_STEP at a time, the entries ENTRIES_PER_STEP at a time, the order a merge sort in steps, the blockers,
 * the forecast's counts and the view's index PASSES_PER_STEP at a time. At 10x the scale site (30,000 legacy keys)
 * a whole build is 0.8-1.2 s, which in one task held every other question to main (a page switch, a refresh's
 * progress) until it was done; in a step per part, the order, the blockers and the view's index were still
 * 65-200 ms each.
 */
export function* migrationBuild(input: MigrationInput): Generator<void, MigrationView> {
  const { inventory, site, state, now } = input;
  const gates = releaseFacts(site.release);
  const present = legacyKeysOf(inventory);
  yield;
  const keys: LegacyEntry[] = [];
  const deleted: LegacyEntry[] = [];
  // The state is tracked from this snapshot already (MigrationInput), so every key is found there; the owners are
  // indexed (two maps over every device and user) only for a key that is not.
  let owners: OwnerIndex | null = null;
  const byOwner = yield* keysByOwner(inventory, present);
  yield;
  for (const [keyId, key] of present) {
    const tracked = state.tracked.get(keyId) ?? trackedOf(key, (owners ??= ownerIndex(inventory)), inventory.fetchedAt);
    keys.push(entryOf(keyId, tracked, key, byOwner, input));
    if (keys.length % ENTRIES_PER_STEP === 0) yield;
  }
  let passed = 0;
  for (const [keyId, tracked] of state.tracked) {
    if (!present.has(keyId) && tracked.deletedAt !== null) deleted.push(entryOf(keyId, tracked, null, byOwner, input));
    if (++passed % ENTRIES_PER_STEP === 0) yield;
  }
  yield;
  yield* sortByUrgency(keys);
  deleted.sort((a, b) => collator.compare(b.deletedAt ?? '', a.deletedAt ?? ''));
  yield;
  const userKeysVisible = inventory.coverage.userKeys === 'all';
  const blockers = yield* blockerSteps(site, keys, { visible: userKeysVisible, checked: state.userKeysChecked });
  yield;
  const counts = yield* countSteps(state.tracked);
  const view: MigrationView = {
    site: { name: site.name, origin: site.origin, release: site.release },
    generatedAt: now.toISOString(),
    dataFetchedAt: inventory.fetchedAt,
    settings: state.settings,
    ready: blockers.length === 0,
    upgraded: gates.rejectsLegacyKeys,
    blockers,
    keys,
    deleted,
    forecast: forecastFromCounts(state.settings.upgradeDate, keys.length, counts, now),
    userKeysVisible,
    userKeysChecked: userKeysVisible ? null : state.userKeysChecked,
  };
  yield;
  // Made with the view, so the first action after it does not pay for it (viewAfterPatch).
  yield* viewIndexSteps(view);
  return view;
}

/**
 * What viewAfterPatch reads of a view without a pass over its entries: each present entry and its blocker by key
 * id, and each owner's present legacy keys. Kept beside the view, not in it (the view is the page's answer); made
 * with a whole build, carried from view to view by viewAfterPatch, made on demand for any other view.
 */
interface ViewIndex {
  readonly entries: LayeredMap<LegacyEntry>;
  /** The blocker of each present key that has one (a key of a disabled owner has none). */
  readonly blockers: LayeredMap<Blocker>;
  /** Each owner's present legacy key ids, by ownerKey. */
  readonly owners: LayeredMap<readonly string[]>;
}

const viewIndexes = new WeakMap<MigrationView, ViewIndex>();

function viewIndexOf(view: MigrationView): ViewIndex {
  return finishSteps(viewIndexSteps(view));
}

/** viewIndexOf in steps: the entries and owners PASSES_PER_STEP keys at a time, then the blockers likewise. */
function* viewIndexSteps(view: MigrationView): Generator<void, ViewIndex> {
  let index = viewIndexes.get(view);
  if (!index) {
    const entries = new Map<string, LegacyEntry>();
    const owners = new Map<string, string[]>();
    let passed = 0;
    for (const entry of view.keys) {
      entries.set(entry.keyId, entry);
      const owner = ownerKey(entry.owner.kind, entry.owner.id);
      const ids = owners.get(owner);
      if (ids) ids.push(entry.keyId);
      else owners.set(owner, [entry.keyId]);
      if (++passed % PASSES_PER_STEP === 0) yield;
    }
    // After the site's own blockers, one per key in the keys' order: the key's own is the last with its id.
    const blockers = new Map<string, Blocker>();
    for (const blocker of view.blockers) {
      if (blocker.keyId !== null) blockers.set(blocker.keyId, blocker);
      if (++passed % PASSES_PER_STEP === 0) yield;
    }
    index = { entries: new LayeredMap(entries), blockers: new LayeredMap(blockers), owners: new LayeredMap(owners) };
    viewIndexes.set(view, index);
  }
  return index;
}

/** How many present keys are in each phase, and how many have a disabled owner: the page's summary. */
export interface EntryCounts {
  readonly phaseCounts: Partial<Record<LegacyPhase, number>>;
  readonly disabledOwnerKeys: number;
}

const entryCountsOfView = new WeakMap<MigrationView, EntryCounts>();

export function entryCountsOf(view: MigrationView): EntryCounts {
  let counts = entryCountsOfView.get(view);
  if (!counts) {
    const phaseCounts: Partial<Record<LegacyPhase, number>> = {};
    let disabledOwnerKeys = 0;
    for (const entry of view.keys) {
      phaseCounts[entry.phase] = (phaseCounts[entry.phase] ?? 0) + 1;
      if (entry.owner.disabled) disabledOwnerKeys += 1;
    }
    counts = { phaseCounts, disabledOwnerKeys };
    entryCountsOfView.set(view, counts);
  }
  return counts;
}

/**
 * The keys whose hand ticks differ between two states that are otherwise the same objects (a tick or an untick
 * since), or null where anything else changed: then only a whole build says what the view is.
 */
export function tickedSince(before: MigrationState, after: MigrationState): Set<string> | null {
  if (
    before.settings !== after.settings ||
    before.tracked !== after.tracked ||
    before.userKeysChecked !== after.userKeysChecked
  ) {
    return null;
  }
  const changed = new Set<string>();
  for (const keyId of Object.keys(before.ticks)) if (before.ticks[keyId] !== after.ticks[keyId]) changed.add(keyId);
  for (const keyId of Object.keys(after.ticks)) if (before.ticks[keyId] !== after.ticks[keyId]) changed.add(keyId);
  return changed;
}

/**
 * `buildMigration(input)`, from `before`, the view of the same inventory, site and now under a state that differed
 * from `input.state` only in the hand ticks of `keyIds` (tickedSince). A tick decides only its key's steps, phase
 * and next step: a key's place in the order, the blockers, the forecast and the verdict do not depend on ticks. So
 * those entries are made again and the rest is kept: a tick on a site with 30,000 legacy keys costs one pass over
 * the keys, not a whole build (about a second at 10x the scale site).
 */
export function withEntriesRebuilt(before: MigrationView, input: MigrationInput, keyIds: ReadonlySet<string>): MigrationView {
  if (keyIds.size === 0) return before;
  const { inventory, state } = input;
  // One pass over the site's keys: the ticked keys themselves, and their owners' keys (for the replacement).
  const owners = [...before.keys, ...before.deleted].filter((entry) => keyIds.has(entry.keyId)).map((entry) => entry.owner);
  const { byOwner, legacy: present } = keysOfOwners(inventory, owners);
  const rebuilt = (entry: LegacyEntry): LegacyEntry => {
    if (!keyIds.has(entry.keyId)) return entry;
    const key = present.get(entry.keyId) ?? null;
    // Main tracks every snapshot's legacy keys before a view is built, so the first case is the usual one.
    const tracked =
      state.tracked.get(entry.keyId) ?? (key ? trackedOf(key, ownerIndex(inventory, [key]), inventory.fetchedAt) : null);
    return tracked ? entryOf(entry.keyId, tracked, key, byOwner, input) : entry;
  };
  return { ...before, keys: before.keys.map(rebuilt), deleted: before.deleted.map(rebuilt) };
}

/** The snapshot and state a view was built from (viewAfterPatch). */
export interface BuiltFrom {
  readonly inventory: Inventory;
  readonly state: MigrationState;
}

/**
 * `buildMigration(input)`, from `before`, the view of the snapshot and state in `from` as of the same `now`, where
 * `input.inventory` is that snapshot patched by an action: keys added or removed, each untouched key, device and
 * user the same object (differingStretch). Answers null where a whole build is needed: more changed, a legacy key
 * added or changed (its place in the order), the app's own key gone, the devices, users, coverage, settings, ticks or
 * the admin's record changed, or a tracked key changed that the patch did not remove.
 *
 * What such a patch changes: the entries of the owners whose keys changed (a new or revoked key decides their
 * replacement and steps), the revoked legacy keys (gone from the keys, now deleted), the counts of the forecast. The
 * order of the keys and each remaining key's blocker come from its tracked record and `now`, which are the same. The
 * work follows the patch, not the site (the view's index, viewIndexOf, and the tracked keys' own changes say what
 * to touch): a revoke on the migration page at 10x the scale site (30,000 legacy keys) costs main a few ms, not a
 * whole build (0.7-1.1 s).
 */
export function viewAfterPatch(before: MigrationView, from: BuiltFrom, input: MigrationInput): MigrationView | null {
  const { inventory, state, now } = input;
  const previous = from.inventory;
  if (before.generatedAt !== now.toISOString()) return null;
  const change = keysChangedAlone(previous, inventory);
  if (
    !change ||
    state.settings !== from.state.settings ||
    state.ticks !== from.state.ticks ||
    state.userKeysChecked !== from.state.userKeysChecked ||
    change.added.some((key) => key.kind === 'legacy') ||
    change.removed.some((key) => key.isAppKey)
  ) {
    return null;
  }
  const revoked = new Set(change.removed.filter((key) => key.kind === 'legacy').map((key) => key.id));
  // Only the revoked keys' tracked records may have changed (deleted now): anything else needs the whole build.
  // The changes are read from the tracked map itself where it can tell them (TrackedKeys.changedSince).
  const trackedChanged =
    state.tracked === from.state.tracked ? new Set<string>() : state.tracked.changedSince(from.state.tracked);
  if (trackedChanged === null) {
    if (state.tracked.size !== from.state.tracked.size) return null;
  } else {
    for (const keyId of trackedChanged) if (!revoked.has(keyId)) return null;
  }
  const index = viewIndexOf(before);

  // The entries made again: the present legacy keys of the owners whose keys changed (their replacement may have).
  const touchedOwners = new Set<string>();
  for (const key of [...change.removed, ...change.added]) touchedOwners.add(ownerKey(key.ownerType, key.ownerId));
  const remade = new Map<string, LegacyEntry>();
  const remaining: string[] = [];
  for (const owner of touchedOwners) {
    for (const keyId of index.owners.get(owner) ?? []) if (!revoked.has(keyId)) remaining.push(keyId);
  }
  if (remaining.length > 0) {
    const owners = remaining.map((keyId) => index.entries.get(keyId)!.owner);
    const { byOwner, legacy: present } = keysOfOwners(inventory, owners);
    for (const keyId of remaining) {
      const key = present.get(keyId);
      const tracked = state.tracked.get(keyId);
      if (!key || !tracked) return null;
      remade.set(keyId, entryOf(keyId, tracked, key, byOwner, input));
    }
  }

  // The keys, in the order they had: the revoked ones out, the remade ones in their places (the order comes from
  // the tracked records and `now`, which did not change). Places are found by identity, without reading entries.
  const keys = before.keys.slice();
  const blockers = before.blockers.slice();
  const entryChanges = new Map<string, LegacyEntry | null>();
  const blockerChanges = new Map<string, Blocker | null>();
  for (const keyId of revoked) {
    const entry = index.entries.get(keyId);
    if (!entry) continue;
    const at = keys.indexOf(entry);
    // The index and the view disagree: only a whole build can tell.
    if (at < 0) return null;
    keys.splice(at, 1);
    entryChanges.set(keyId, null);
    const blocker = index.blockers.get(keyId);
    if (blocker) {
      const place = blockers.indexOf(blocker);
      if (place < 0) return null;
      blockers.splice(place, 1);
      blockerChanges.set(keyId, null);
    }
  }
  for (const [keyId, entry] of remade) {
    const at = keys.indexOf(index.entries.get(keyId)!);
    if (at < 0) return null;
    keys[at] = entry;
    entryChanges.set(keyId, entry);
  }
  const entries = index.entries.with(entryChanges);
  const ownerChanges = new Map<string, readonly string[] | null>();
  for (const owner of touchedOwners) {
    const ids = index.owners.get(owner);
    if (!ids) continue;
    const left = ids.filter((keyId) => !revoked.has(keyId));
    ownerChanges.set(owner, left.length > 0 ? left : null);
  }

  // The deleted keys, as the whole build lists them: in the tracked keys' order, then by deletion, latest first. A
  // single key deleted by the patch goes in its place among them; more, or a tie, take a pass over the tracked keys.
  const newlyDeleted = [...(trackedChanged ?? revoked)].filter((keyId) => {
    const tracked = state.tracked.get(keyId);
    return tracked !== undefined && tracked.deletedAt !== null && !entries.has(keyId);
  });
  let deleted: LegacyEntry[] | null = null;
  if (trackedChanged !== null && newlyDeleted.length === 0) deleted = before.deleted;
  if (trackedChanged !== null && newlyDeleted.length === 1) {
    const keyId = newlyDeleted[0]!;
    const tracked = state.tracked.get(keyId)!;
    // A revoked key was present, so it is not among the deleted before.
    const at = insertionPlace(before.deleted, tracked.deletedAt!);
    if (at !== null) {
      deleted = before.deleted.slice();
      deleted.splice(at, 0, entryOf(keyId, tracked, null, NO_OWNER_KEYS, input));
    }
  }
  if (deleted === null) {
    const deletedBefore = new Map(before.deleted.map((entry) => [entry.keyId, entry]));
    const list: LegacyEntry[] = [];
    for (const [keyId, tracked] of state.tracked) {
      const unchanged = from.state.tracked.get(keyId) === tracked;
      if (!unchanged && !revoked.has(keyId)) return null;
      if (tracked.deletedAt === null || entries.has(keyId)) continue;
      const kept = unchanged ? deletedBefore.get(keyId) : undefined;
      list.push(kept ?? entryOf(keyId, tracked, null, NO_OWNER_KEYS, input));
    }
    list.sort((a, b) => collator.compare(b.deletedAt ?? '', a.deletedAt ?? ''));
    deleted = list;
  }

  const view: MigrationView = {
    ...before,
    dataFetchedAt: inventory.fetchedAt,
    ready: blockers.length === 0,
    blockers,
    keys,
    deleted,
    forecast: forecastFromCounts(
      state.settings.upgradeDate,
      keys.length,
      trackedCountsAfter(from.state.tracked, state.tracked, trackedChanged),
      now,
    ),
  };
  viewIndexes.set(view, { entries, blockers: index.blockers.with(blockerChanges), owners: index.owners.with(ownerChanges) });
  const counts = entryCountsOfView.get(before);
  if (counts) entryCountsOfView.set(view, countsAfter(counts, revoked, remade, index));
  return view;
}

/**
 * Where an entry deleted at `deletedAt` goes among `deleted` (by deletion, latest first); null where an entry was
 * deleted at the same time, whose order with it only the tracked keys' order tells.
 */
function insertionPlace(deleted: readonly LegacyEntry[], deletedAt: string): number | null {
  let low = 0;
  let high = deleted.length;
  // The first entry deleted before `deletedAt` (the list is sorted latest first).
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (collator.compare(deleted[middle]!.deletedAt ?? '', deletedAt) > 0) low = middle + 1;
    else high = middle;
  }
  if (low < deleted.length && collator.compare(deleted[low]!.deletedAt ?? '', deletedAt) === 0) return null;
  return low;
}

/** The tracked keys' counts after a patch, from those before where the changes are known; else counted again. */
function trackedCountsAfter(before: TrackedKeys, after: TrackedKeys, changed: ReadonlySet<string> | null): TrackedCounts {
  if (before === after) return countsOf(after);
  const known = countsOfTracked.get(before);
  if (!known || changed === null) return countsOf(after);
  let { retired } = known;
  for (const keyId of changed) {
    const was = before.get(keyId);
    const now = after.get(keyId);
    // A first-seen time that changed may have been the earliest: only a count of all can tell.
    if (!was || !now || was.firstSeenAt !== now.firstSeenAt) return countsOf(after);
    retired += (now.deletedAt !== null ? 1 : 0) - (was.deletedAt !== null ? 1 : 0);
  }
  const counts = { retired, firstSeen: known.firstSeen };
  countsOfTracked.set(after, counts);
  return counts;
}

/** The page's counts after a patch: the revoked keys' phases out, the remade keys' old phases out and new in. */
function countsAfter(
  counts: EntryCounts,
  revoked: ReadonlySet<string>,
  remade: ReadonlyMap<string, LegacyEntry>,
  index: ViewIndex,
): EntryCounts {
  const phaseCounts = { ...counts.phaseCounts };
  let { disabledOwnerKeys } = counts;
  const take = (entry: LegacyEntry, sign: 1 | -1) => {
    const count = (phaseCounts[entry.phase] ?? 0) + sign;
    if (count === 0) delete phaseCounts[entry.phase];
    else phaseCounts[entry.phase] = count;
    if (entry.owner.disabled) disabledOwnerKeys += sign;
  };
  for (const keyId of revoked) {
    const entry = index.entries.get(keyId);
    if (entry) take(entry, -1);
  }
  for (const [keyId, entry] of remade) {
    take(index.entries.get(keyId)!, -1);
    take(entry, 1);
  }
  return { phaseCounts, disabledOwnerKeys };
}

/** Records the admin's tick of a step, or removes it (note null). Pure: main stores the result. */
export function withTick(
  state: MigrationState,
  keyId: string,
  stepNumber: TickableStep,
  tick: ManualTick | null,
): MigrationState {
  const current = { ...(state.ticks[keyId] ?? {}) };
  if (tick) current[String(stepNumber) as '1' | '2' | '3'] = tick;
  else delete current[String(stepNumber) as '1' | '2' | '3'];
  const ticks = { ...state.ticks };
  if (Object.keys(current).length > 0) ticks[keyId] = current;
  else delete ticks[keyId];
  return { ...state, ticks };
}
