/**
 * The demo seed: deterministic (seeded PRNG, fixed secrets, dates relative to the service clock at seed time) and
 * holding every kind of thing the app shows. demoSeedPlan() is pure, so tests can compute what a seeded service holds.
 *
 * It holds every state of the 19.0 legacy-key migration (DEMO_LEGACY_CASES) as a real site shows them: one legacy
 * key per owner (a 2019 site gave each user and device one key), made 520 to 900 days ago, before 16.19.0, so
 * before every enhanced key of its owner (those are at most 120 days old here); and each one's last use on or
 * after its creation.
 */
import type { DeviceRow, KeyRow, UserRow } from '../db.js';
import { newEnhancedSecret, newLegacySecret, seededRandom, type RandomSource } from '../secrets.js';
import { DAY_MS, keyRow, type KeySpec, type SeedPlan } from './plan.js';

const HOUR_MS = 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;
export const DEMO_SEED = 0x4b455957;

export const DEMO_USER_IDS = {
  admin: 'ada.lovelace@example.org',
  user: 'grace.hopper@example.org',
  disabled: 'edsger.dijkstra@example.org',
  secondAdmin: 'barbara.liskov@example.org',
  noKeys: 'claude.shannon@example.org',
} as const;

/**
 * The demo devices. The ones with a legacy key (see DEMO_LEGACY_CASES) were registered with it, on the day the key
 * was made; the others 400 days ago.
 */
export const DEMO_DEVICE_IDS = {
  /** reaper, status ok, 5 keys (two of them expiring on the shared day), no legacy key: no room for another key. */
  reaperOk: '5f1c00000000000000000001',
  /** reaper, status missing, a legacy key in use (2 h ago) and its never used replacement: Flywheel support's job. */
  reaperMissing: '5f1c00000000000000000002',
  /** reaper, disabled, a legacy key beside its enhanced one: not a blocker, but delete it. */
  reaperDisabled: '5f1c00000000000000000003',
  /** importer, status ok, holds the legacy key of the `legacy` seed key line, and its never used replacement. */
  importerLegacy: '5f1c00000000000000000004',
  /** importer, status error, no legacy key. */
  importerError: '5f1c00000000000000000005',
  /** connector, no interval: status unknown; a legacy key still in use (12 min ago) beside its replacement in use. */
  connectorUnknown: '5f1c00000000000000000006',
  /** cli, never seen, no keys. */
  cliNoKeys: '5f1c00000000000000000007',
  /** connector, status ok, a legacy key in use and its never used replacement. */
  connectorOk: '5f1c00000000000000000008',
  /**
   * importer, no interval (status unknown); its only key is a legacy key in use with no replacement yet: where the
   * guided swap starts (create the replacement, watch it take over, delete). Its id name predates that key.
   */
  importerNoKeys: '5f1c00000000000000000009',
  /** importer, status missing; a legacy key quiet for 45 days since its replacement took over: safe to delete. */
  importerMissing: '5f1c0000000000000000000a',
} as const;

/** Expected device health in the demo seed, at seed time (GET /api/devices/status). */
export const DEMO_DEVICE_STATUS: Readonly<Record<keyof typeof DEMO_DEVICE_IDS, 'ok' | 'missing' | 'error' | 'unknown'>> = {
  reaperOk: 'ok',
  reaperMissing: 'missing',
  reaperDisabled: 'missing',
  importerLegacy: 'ok',
  importerError: 'error',
  connectorUnknown: 'unknown',
  cliNoKeys: 'unknown',
  connectorOk: 'ok',
  importerNoKeys: 'unknown',
  importerMissing: 'missing',
};

/** Days from the seed day to the UTC day on which 5 keys expire (like keys given one expiry on the 17.4 upgrade). */
export const DEMO_SHARED_EXPIRY_DAY_OFFSET = 45;

/**
 * The quiet periods of the demo's legacy keys whose replacement is in use (step 3 of the migration counts the days
 * since the later of the legacy key's last use and the new key's creation; here always the legacy key's last use).
 */
export const DEMO_QUIET_DAYS = {
  /** The migration page's default: a legacy key quiet this long, while its new key is used, is safe to delete. */
  required: 14,
  /** The admin's own legacy key: quiet for 3 of 14 days, the new key used 10 minutes before seed time. */
  inProgress: 3,
  /** Quiet for weeks, step 3 done: Grace Hopper's legacy key. */
  done: 30,
  /** Quiet for longer, step 3 done: the ultrasound importer's legacy key. */
  doneLong: 45,
} as const;

/**
 * What the migration page should conclude for a legacy key, at seed time with the default 14 quiet days:
 * - `no-replacement`: the owner has no enhanced key made after the legacy key (step 2 open);
 * - `replacement-unused`: a newer enhanced key exists but the site reports no use of it yet (step 3 waits);
 * - `quiet-in-progress`: the new key is used and the legacy key has been quiet for fewer than 14 days;
 * - `still-in-use`: the new key is used and so is the legacy key, within the hour (quiet for 0 days);
 * - `safe-to-delete`: the new key is used and the legacy key has been quiet for 14 days or more (step 3 done);
 * - `owner-disabled`: the owner (user or device) is disabled: not a blocker, nothing can use it, delete it.
 */
export type DemoLegacyConclusion =
  'no-replacement' | 'replacement-unused' | 'quiet-in-progress' | 'still-in-use' | 'safe-to-delete' | 'owner-disabled';

export interface DemoLegacyCase {
  /** The owner of the legacy key; every demo owner holds at most one legacy key. */
  readonly owner: { readonly type: 'user' | 'device'; readonly id: string };
  /** The device's type, null for a user. */
  readonly deviceType: 'reaper' | 'importer' | 'connector' | null;
  /** Who replaces it (Flywheel's guide): Flywheel support a Reaper's, the admin another device's, a user their own. */
  readonly replacedBy: 'flywheel-support' | 'admin' | 'owner';
  readonly conclusion: DemoLegacyConclusion;
  /** The legacy key's `created`, in whole days before seed time (older than every enhanced key of the owner). */
  readonly createdDaysAgo: number;
  /** The legacy key's `last_used`, in ms before seed time; null for never. */
  readonly lastUsedAgoMs: number | null;
  /**
   * The owner's enhanced key that replaces it (made after it and not expired; among several, the used one), with
   * its `last_used` in ms before seed time; null when the owner has none.
   */
  readonly replacement: { readonly label: string; readonly lastUsedAgoMs: number | null } | null;
  /** Step 3's whole quiet days at seed time; null where step 3 does not count them (no used replacement, owner disabled). */
  readonly quietDays: number | null;
}

/**
 * Every legacy key of the demo seed (12 keys), and what the migration page should conclude for each. The seed reads
 * the legacy keys' dates from here, so the two cannot drift apart.
 */
export const DEMO_LEGACY_CASES = {
  /** The admin's own legacy key (the `adminLegacy` seed key line): its new key, the app's, is in use. */
  admin: {
    owner: { type: 'user', id: DEMO_USER_IDS.admin },
    deviceType: null,
    replacedBy: 'owner',
    conclusion: 'quiet-in-progress',
    createdDaysAgo: 760,
    lastUsedAgoMs: DEMO_QUIET_DAYS.inProgress * DAY_MS,
    replacement: { label: 'Keywarden admin', lastUsedAgoMs: 10 * MINUTE_MS },
    quietDays: DEMO_QUIET_DAYS.inProgress,
  },
  grace: {
    owner: { type: 'user', id: DEMO_USER_IDS.user },
    deviceType: null,
    replacedBy: 'owner',
    conclusion: 'safe-to-delete',
    createdDaysAgo: 560,
    lastUsedAgoMs: DEMO_QUIET_DAYS.done * DAY_MS,
    replacement: { label: 'Analysis laptop', lastUsedAgoMs: 2 * HOUR_MS },
    quietDays: DEMO_QUIET_DAYS.done,
  },
  alan: {
    owner: { type: 'user', id: 'alan.turing@example.org' },
    deviceType: null,
    replacedBy: 'owner',
    conclusion: 'still-in-use',
    createdDaysAgo: 820,
    lastUsedAgoMs: 40 * MINUTE_MS,
    replacement: { label: 'CI runner', lastUsedAgoMs: DAY_MS },
    quietDays: 0,
  },
  donald: {
    owner: { type: 'user', id: 'donald.knuth@example.org' },
    deviceType: null,
    replacedBy: 'owner',
    conclusion: 'no-replacement',
    createdDaysAgo: 900,
    lastUsedAgoMs: 200 * DAY_MS,
    replacement: null,
    quietDays: null,
  },
  john: {
    owner: { type: 'user', id: 'john.backus@example.org' },
    deviceType: null,
    replacedBy: 'owner',
    conclusion: 'replacement-unused',
    createdDaysAgo: 880,
    lastUsedAgoMs: 2 * DAY_MS,
    replacement: { label: 'Notebook', lastUsedAgoMs: null },
    quietDays: null,
  },
  /** The disabled user: a legacy key beside the enhanced key that the site rejects with 402. */
  edsger: {
    owner: { type: 'user', id: DEMO_USER_IDS.disabled },
    deviceType: null,
    replacedBy: 'owner',
    conclusion: 'owner-disabled',
    createdDaysAgo: 650,
    lastUsedAgoMs: 150 * DAY_MS,
    replacement: { label: 'Pipeline', lastUsedAgoMs: 60 * DAY_MS },
    quietDays: null,
  },
  reaperMissing: {
    owner: { type: 'device', id: DEMO_DEVICE_IDS.reaperMissing },
    deviceType: 'reaper',
    replacedBy: 'flywheel-support',
    conclusion: 'replacement-unused',
    createdDaysAgo: 700,
    lastUsedAgoMs: 2 * HOUR_MS,
    replacement: { label: 'Primary', lastUsedAgoMs: null },
    quietDays: null,
  },
  reaperDisabled: {
    owner: { type: 'device', id: DEMO_DEVICE_IDS.reaperDisabled },
    deviceType: 'reaper',
    replacedBy: 'flywheel-support',
    conclusion: 'owner-disabled',
    createdDaysAgo: 800,
    lastUsedAgoMs: 120 * DAY_MS,
    replacement: { label: 'Primary', lastUsedAgoMs: 40 * DAY_MS },
    quietDays: null,
  },
  /** The `legacy` seed key line. */
  importerLegacy: {
    owner: { type: 'device', id: DEMO_DEVICE_IDS.importerLegacy },
    deviceType: 'importer',
    replacedBy: 'admin',
    conclusion: 'replacement-unused',
    createdDaysAgo: 650,
    lastUsedAgoMs: MINUTE_MS,
    replacement: { label: 'New importer key', lastUsedAgoMs: null },
    quietDays: null,
  },
  importerMissing: {
    owner: { type: 'device', id: DEMO_DEVICE_IDS.importerMissing },
    deviceType: 'importer',
    replacedBy: 'admin',
    conclusion: 'safe-to-delete',
    createdDaysAgo: 720,
    lastUsedAgoMs: DEMO_QUIET_DAYS.doneLong * DAY_MS,
    replacement: { label: 'Primary', lastUsedAgoMs: 2 * DAY_MS },
    quietDays: DEMO_QUIET_DAYS.doneLong,
  },
  connectorOk: {
    owner: { type: 'device', id: DEMO_DEVICE_IDS.connectorOk },
    deviceType: 'connector',
    replacedBy: 'admin',
    conclusion: 'replacement-unused',
    createdDaysAgo: 600,
    lastUsedAgoMs: 5 * MINUTE_MS,
    replacement: { label: 'Migration key', lastUsedAgoMs: null },
    quietDays: null,
  },
  /** A device the admin replaces that has no new key yet: the guided swap's start. */
  importerNoKeys: {
    owner: { type: 'device', id: DEMO_DEVICE_IDS.importerNoKeys },
    deviceType: 'importer',
    replacedBy: 'admin',
    conclusion: 'no-replacement',
    createdDaysAgo: 540,
    lastUsedAgoMs: 3 * HOUR_MS,
    replacement: null,
    quietDays: null,
  },
  connectorUnknown: {
    owner: { type: 'device', id: DEMO_DEVICE_IDS.connectorUnknown },
    deviceType: 'connector',
    replacedBy: 'admin',
    conclusion: 'still-in-use',
    createdDaysAgo: 520,
    lastUsedAgoMs: 12 * MINUTE_MS,
    replacement: { label: 'Primary', lastUsedAgoMs: DAY_MS },
    quietDays: 0,
  },
} as const satisfies Readonly<Record<string, DemoLegacyCase>>;

interface UserSpec {
  id: string;
  firstname: string;
  lastname: string;
  roles: string[];
  disabled?: boolean;
  createdDaysAgo: number;
  lastloginAgoMs: number | null;
}

export function demoSeedPlan(now: Date, adminSecret?: string): SeedPlan {
  const random: RandomSource = seededRandom(DEMO_SEED);
  const t = now.getTime();
  const ago = (ms: number): Date => new Date(t - ms);
  const inDays = (days: number): Date => new Date(t + days * DAY_MS);
  const startOfDay = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const sharedDay = (hours: number): Date => new Date(startOfDay + DEMO_SHARED_EXPIRY_DAY_OFFSET * DAY_MS + hours * HOUR_MS);

  // Secrets are drawn in a fixed order so they are the same on every run.
  const secrets = {
    admin: newEnhancedSecret(random),
    user: newEnhancedSecret(random),
    disabledUser: newEnhancedSecret(random),
    legacy: newLegacySecret(random),
    adminLegacy: newLegacySecret(random),
  };
  if (adminSecret !== undefined) secrets.admin = adminSecret;

  const userSpecs: UserSpec[] = [
    {
      id: DEMO_USER_IDS.admin,
      firstname: 'Ada',
      lastname: 'Lovelace',
      roles: ['site_admin'],
      createdDaysAgo: 800,
      lastloginAgoMs: HOUR_MS,
    },
    {
      id: DEMO_USER_IDS.user,
      firstname: 'Grace',
      lastname: 'Hopper',
      roles: ['developer'],
      createdDaysAgo: 600,
      lastloginAgoMs: 2 * HOUR_MS,
    },
    {
      id: DEMO_USER_IDS.disabled,
      firstname: 'Edsger',
      lastname: 'Dijkstra',
      roles: ['user'],
      disabled: true,
      createdDaysAgo: 700,
      lastloginAgoMs: 90 * DAY_MS,
    },
    {
      id: 'alan.turing@example.org',
      firstname: 'Alan',
      lastname: 'Turing',
      roles: ['developer'],
      // Older than his legacy key (DEMO_LEGACY_CASES.alan).
      createdDaysAgo: 980,
      lastloginAgoMs: DAY_MS,
    },
    {
      id: 'katherine.johnson@example.org',
      firstname: 'Katherine',
      lastname: 'Johnson',
      roles: ['user'],
      createdDaysAgo: 420,
      lastloginAgoMs: 5 * DAY_MS,
    },
    {
      id: DEMO_USER_IDS.secondAdmin,
      firstname: 'Barbara',
      lastname: 'Liskov',
      roles: ['site_admin'],
      createdDaysAgo: 780,
      lastloginAgoMs: 3 * DAY_MS,
    },
    {
      id: 'donald.knuth@example.org',
      firstname: 'Donald',
      lastname: 'Knuth',
      roles: ['user'],
      createdDaysAgo: 1500,
      lastloginAgoMs: 200 * DAY_MS,
    },
    {
      id: 'margaret.hamilton@example.org',
      firstname: 'Margaret',
      lastname: 'Hamilton',
      roles: ['developer'],
      createdDaysAgo: 300,
      lastloginAgoMs: 20 * MINUTE_MS,
    },
    {
      id: DEMO_USER_IDS.noKeys,
      firstname: 'Claude',
      lastname: 'Shannon',
      roles: ['user'],
      createdDaysAgo: 30,
      lastloginAgoMs: null,
    },
    {
      id: 'john.backus@example.org',
      firstname: 'John',
      lastname: 'Backus',
      roles: ['user'],
      createdDaysAgo: 1200,
      lastloginAgoMs: 2 * DAY_MS,
    },
    {
      id: 'frances.allen@example.org',
      firstname: 'Frances',
      lastname: 'Allen',
      roles: ['user'],
      createdDaysAgo: 250,
      lastloginAgoMs: 3 * DAY_MS,
    },
    {
      id: 'radia.perlman@example.org',
      firstname: 'Radia',
      lastname: 'Perlman',
      roles: ['developer'],
      createdDaysAgo: 90,
      lastloginAgoMs: 6 * DAY_MS,
    },
    {
      id: 'ken.thompson@example.org',
      firstname: 'Ken',
      lastname: 'Thompson',
      roles: ['user'],
      createdDaysAgo: 900,
      lastloginAgoMs: 12 * DAY_MS,
    },
  ];
  const users: UserRow[] = userSpecs.map((spec) => ({
    id: spec.id,
    firstname: spec.firstname,
    lastname: spec.lastname,
    email: spec.id,
    roles: JSON.stringify(spec.roles),
    disabled: spec.disabled ? 1 : 0,
    created: inDays(-spec.createdDaysAgo).toISOString(),
    modified: inDays(-Math.min(spec.createdDaysAgo, 10)).toISOString(),
    lastlogin: spec.lastloginAgoMs === null ? null : ago(spec.lastloginAgoMs).toISOString(),
  }));

  const device = (
    id: string,
    label: string,
    type: string,
    extra: Partial<Pick<DeviceRow, 'version' | 'name' | 'interval'>> & {
      lastSeenAgoMs?: number;
      errors?: string[];
      disabled?: boolean;
      /** Default 400; a device with a legacy key was registered with it, on the day the key was made. */
      createdDaysAgo?: number;
    },
  ): DeviceRow => ({
    id,
    label,
    type,
    version: extra.version ?? null,
    name: extra.name ?? null,
    errors: JSON.stringify(extra.errors ?? []),
    info: JSON.stringify(extra.version ? { site: 'Main campus' } : {}),
    interval: extra.interval ?? null,
    last_seen: extra.lastSeenAgoMs === undefined ? null : ago(extra.lastSeenAgoMs).toISOString(),
    disabled: extra.disabled ? 1 : 0,
    created: inDays(-(extra.createdDaysAgo ?? 400)).toISOString(),
    modified: inDays(-5).toISOString(),
  });
  const C = DEMO_LEGACY_CASES;
  const D = DEMO_DEVICE_IDS;
  const devices: DeviceRow[] = [
    device(D.reaperOk, 'MRI Reaper (Bay 1)', 'reaper', {
      name: 'reaper-bay1',
      version: '3.2.1',
      interval: 60,
      lastSeenAgoMs: 30_000,
    }),
    device(D.reaperMissing, 'CT Reaper (Bay 2)', 'reaper', {
      name: 'reaper-bay2',
      version: '3.1.0',
      interval: 60,
      lastSeenAgoMs: 2 * HOUR_MS,
      createdDaysAgo: C.reaperMissing.createdDaysAgo,
    }),
    device(D.reaperDisabled, 'Old PET Reaper', 'reaper', {
      name: 'reaper-pet',
      version: '2.9.4',
      interval: 120,
      lastSeenAgoMs: 40 * DAY_MS,
      disabled: true,
      createdDaysAgo: C.reaperDisabled.createdDaysAgo,
    }),
    device(D.importerLegacy, 'Research PACS Importer', 'importer', {
      name: 'pacs-importer',
      version: '1.8.0',
      interval: 300,
      lastSeenAgoMs: MINUTE_MS,
      createdDaysAgo: C.importerLegacy.createdDaysAgo,
    }),
    device(D.importerError, 'Clinical Trials Importer', 'importer', {
      name: 'ctrials-importer',
      version: '1.7.2',
      interval: 300,
      lastSeenAgoMs: 4 * MINUTE_MS,
      errors: ['DICOM association rejected by PACS (AE title CTRIALS)'],
    }),
    // Seen when its legacy key was last used; without an interval its status stays unknown.
    device(D.connectorUnknown, 'Siemens Connector', 'connector', {
      name: 'siemens-conn',
      lastSeenAgoMs: C.connectorUnknown.lastUsedAgoMs,
      createdDaysAgo: C.connectorUnknown.createdDaysAgo,
    }),
    device(D.cliNoKeys, 'Nightly Sync CLI', 'cli', {}),
    device(D.connectorOk, 'GE Connector (Neuro)', 'connector', {
      name: 'ge-neuro',
      version: '0.9.0',
      interval: 600,
      lastSeenAgoMs: 5 * MINUTE_MS,
      createdDaysAgo: C.connectorOk.createdDaysAgo,
    }),
    // Seen when its legacy key was last used; without an interval its status stays unknown.
    device(D.importerNoKeys, 'Cardiology Importer', 'importer', {
      name: 'cardio-importer',
      lastSeenAgoMs: C.importerNoKeys.lastUsedAgoMs,
      createdDaysAgo: C.importerNoKeys.createdDaysAgo,
    }),
    device(D.importerMissing, 'Ultrasound Importer', 'importer', {
      name: 'us-importer',
      version: '1.8.0',
      interval: 3600,
      lastSeenAgoMs: 2 * DAY_MS,
      createdDaysAgo: C.importerMissing.createdDaysAgo,
    }),
  ];

  const user = (id: string) => ({ type: 'user' as const, id });
  const dev = (id: string) => ({ type: 'device' as const, id });
  const enhanced = (
    owner: KeySpec['owner'],
    label: string,
    expiresAt: Date,
    lastUsedAgoMs: number | null,
    secret?: string,
  ): KeySpec => ({
    owner,
    label,
    enhancedSecret: secret ?? newEnhancedSecret(random),
    expiresAt,
    lastUsed: lastUsedAgoMs === null ? null : ago(lastUsedAgoMs),
  });
  // A legacy key takes its owner and dates from its migration case: made long before 16.19.0, so before every
  // enhanced key of its owner (keyRow's default `created` would make it look newer than its replacement).
  const legacy = (spec: DemoLegacyCase, secret?: string): KeySpec => ({
    owner: spec.owner,
    label: 'Legacy Key',
    legacySecret: secret ?? newLegacySecret(random),
    expiresAt: null,
    lastUsed: spec.lastUsedAgoMs === null ? null : ago(spec.lastUsedAgoMs),
    created: inDays(-spec.createdDaysAgo),
  });

  const keySpecs: KeySpec[] = [
    // The admin: the admin key and a legacy key still to migrate (quiet for 3 of 14 days).
    enhanced(user(DEMO_USER_IDS.admin), 'Keywarden admin', inDays(330), 10 * MINUTE_MS, secrets.admin),
    legacy(C.admin, secrets.adminLegacy),
    // The non-admin user.
    enhanced(user(DEMO_USER_IDS.user), 'Analysis laptop', inDays(90), 2 * HOUR_MS, secrets.user),
    enhanced(user(DEMO_USER_IDS.user), 'Old laptop', inDays(-30), 40 * DAY_MS),
    // The disabled user: a valid key that must be rejected with 402.
    enhanced(user(DEMO_USER_IDS.disabled), 'Pipeline', inDays(120), 60 * DAY_MS, secrets.disabledUser),
    enhanced(user('alan.turing@example.org'), 'Jupyter', sharedDay(9), null),
    enhanced(user('alan.turing@example.org'), 'CI runner', inDays(200), DAY_MS),
    enhanced(user('katherine.johnson@example.org'), 'Batch export', sharedDay(10), 5 * DAY_MS),
    enhanced(user(DEMO_USER_IDS.secondAdmin), 'Admin scripts', inDays(365), null),
    legacy(C.donald),
    enhanced(user('margaret.hamilton@example.org'), 'Upload tool', inDays(1), 20 * MINUTE_MS),
    legacy(C.john),
    enhanced(user('john.backus@example.org'), 'Notebook', sharedDay(13), null),
    enhanced(user('frances.allen@example.org'), 'Grant report', inDays(-1), 3 * DAY_MS),
    enhanced(user('radia.perlman@example.org'), 'Network monitor', inDays(5), null),
    enhanced(user('ken.thompson@example.org'), 'Scripts', inDays(60), 12 * DAY_MS),
    // The reaper with the full 5 keys.
    enhanced(dev(D.reaperOk), 'Primary', sharedDay(15.5), 30_000),
    enhanced(dev(D.reaperOk), 'Backup', sharedDay(18), null),
    enhanced(dev(D.reaperOk), 'Rotation spare', inDays(300), null),
    enhanced(dev(D.reaperOk), 'Old primary', inDays(-3), 4 * DAY_MS),
    enhanced(dev(D.reaperOk), 'Vendor access', inDays(180), 15 * DAY_MS),
    legacy(C.reaperMissing),
    enhanced(dev(D.reaperMissing), 'Primary', inDays(25), null),
    enhanced(dev(D.reaperDisabled), 'Primary', inDays(150), 40 * DAY_MS),
    // The legacy-key line: a legacy key on an enabled importer, plus its not yet used replacement.
    legacy(C.importerLegacy, secrets.legacy),
    enhanced(dev(D.importerLegacy), 'New importer key', inDays(3), null),
    enhanced(dev(D.importerError), 'Primary', inDays(-10), 10 * DAY_MS),
    enhanced(dev(D.connectorUnknown), 'Primary', inDays(6), DAY_MS),
    legacy(C.connectorOk),
    enhanced(dev(D.connectorOk), 'Migration key', inDays(80), null),
    enhanced(dev(D.importerMissing), 'Primary', inDays(14), 2 * DAY_MS),
  ];
  const keys: KeyRow[] = keySpecs.map((spec) => keyRow(spec, now, random));

  // The other migration cases, on owners that already hold the replacement: drawn after every key above, so the
  // secrets and ids of those stay as they were.
  const migrationSpecs: KeySpec[] = [
    legacy(C.grace),
    legacy(C.alan),
    legacy(C.edsger),
    legacy(C.reaperDisabled),
    legacy(C.importerMissing),
    legacy(C.connectorUnknown),
    legacy(C.importerNoKeys),
  ];
  keys.push(...migrationSpecs.map((spec) => keyRow(spec, now, random)));

  return {
    users,
    devices,
    keys,
    seedKeys: {
      admin: secrets.admin,
      user: secrets.user,
      legacy: secrets.legacy,
      disabledUser: secrets.disabledUser,
      adminLegacy: secrets.adminLegacy,
    },
  };
}
