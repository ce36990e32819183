/**
 * The demo seed: deterministic (seeded PRNG, fixed secrets, dates relative to the service clock at seed time) and
 * holding every kind of thing the app shows. demoSeedPlan() is pure, so tests can compute what a seeded service holds.
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

export const DEMO_DEVICE_IDS = {
  /** reaper, status ok, 5 keys (two of them expiring on the shared day). */
  reaperOk: '5f1c00000000000000000001',
  /** reaper, status missing, a legacy key. */
  reaperMissing: '5f1c00000000000000000002',
  /** reaper, disabled. */
  reaperDisabled: '5f1c00000000000000000003',
  /** importer, status ok, holds the legacy key of the `legacy` seed key line. */
  importerLegacy: '5f1c00000000000000000004',
  /** importer, status error. */
  importerError: '5f1c00000000000000000005',
  /** connector, no interval: status unknown. */
  connectorUnknown: '5f1c00000000000000000006',
  /** cli, never seen, no keys. */
  cliNoKeys: '5f1c00000000000000000007',
  /** connector, status ok, a legacy key. */
  connectorOk: '5f1c00000000000000000008',
  /** importer, never seen, no keys. */
  importerNoKeys: '5f1c00000000000000000009',
  /** importer, status missing. */
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
      createdDaysAgo: 500,
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
    created: inDays(-400).toISOString(),
    modified: inDays(-5).toISOString(),
  });
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
    }),
    device(D.reaperDisabled, 'Old PET Reaper', 'reaper', {
      name: 'reaper-pet',
      version: '2.9.4',
      interval: 120,
      lastSeenAgoMs: 40 * DAY_MS,
      disabled: true,
    }),
    device(D.importerLegacy, 'Research PACS Importer', 'importer', {
      name: 'pacs-importer',
      version: '1.8.0',
      interval: 300,
      lastSeenAgoMs: MINUTE_MS,
    }),
    device(D.importerError, 'Clinical Trials Importer', 'importer', {
      name: 'ctrials-importer',
      version: '1.7.2',
      interval: 300,
      lastSeenAgoMs: 4 * MINUTE_MS,
      errors: ['DICOM association rejected by PACS (AE title CTRIALS)'],
    }),
    device(D.connectorUnknown, 'Siemens Connector', 'connector', { name: 'siemens-conn', lastSeenAgoMs: DAY_MS }),
    device(D.cliNoKeys, 'Nightly Sync CLI', 'cli', {}),
    device(D.connectorOk, 'GE Connector (Neuro)', 'connector', {
      name: 'ge-neuro',
      version: '0.9.0',
      interval: 600,
      lastSeenAgoMs: 5 * MINUTE_MS,
    }),
    device(D.importerNoKeys, 'Cardiology Importer', 'importer', {}),
    device(D.importerMissing, 'Ultrasound Importer', 'importer', {
      name: 'us-importer',
      version: '1.8.0',
      interval: 3600,
      lastSeenAgoMs: 2 * DAY_MS,
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
  const legacy = (owner: KeySpec['owner'], lastUsedAgoMs: number | null, secret?: string): KeySpec => ({
    owner,
    label: 'Legacy Key',
    legacySecret: secret ?? newLegacySecret(random),
    expiresAt: null,
    lastUsed: lastUsedAgoMs === null ? null : ago(lastUsedAgoMs),
  });

  const keySpecs: KeySpec[] = [
    // The admin: the admin key and a legacy key still to migrate.
    enhanced(user(DEMO_USER_IDS.admin), 'Keywarden admin', inDays(330), 10 * MINUTE_MS, secrets.admin),
    legacy(user(DEMO_USER_IDS.admin), 3 * DAY_MS, secrets.adminLegacy),
    // The non-admin user.
    enhanced(user(DEMO_USER_IDS.user), 'Analysis laptop', inDays(90), 2 * HOUR_MS, secrets.user),
    enhanced(user(DEMO_USER_IDS.user), 'Old laptop', inDays(-30), 40 * DAY_MS),
    // The disabled user: a valid key that must be rejected with 402.
    enhanced(user(DEMO_USER_IDS.disabled), 'Pipeline', inDays(120), 60 * DAY_MS, secrets.disabledUser),
    enhanced(user('alan.turing@example.org'), 'Jupyter', sharedDay(9), null),
    enhanced(user('alan.turing@example.org'), 'CI runner', inDays(200), DAY_MS),
    enhanced(user('katherine.johnson@example.org'), 'Batch export', sharedDay(10), 5 * DAY_MS),
    enhanced(user(DEMO_USER_IDS.secondAdmin), 'Admin scripts', inDays(365), null),
    legacy(user('donald.knuth@example.org'), 200 * DAY_MS),
    enhanced(user('margaret.hamilton@example.org'), 'Upload tool', inDays(1), 20 * MINUTE_MS),
    legacy(user('john.backus@example.org'), 2 * DAY_MS),
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
    legacy(dev(D.reaperMissing), 2 * HOUR_MS),
    enhanced(dev(D.reaperMissing), 'Primary', inDays(25), null),
    enhanced(dev(D.reaperDisabled), 'Primary', inDays(150), 40 * DAY_MS),
    // The legacy-key line: a legacy key on an enabled importer, plus its not yet used replacement.
    legacy(dev(D.importerLegacy), MINUTE_MS, secrets.legacy),
    enhanced(dev(D.importerLegacy), 'New importer key', inDays(3), null),
    enhanced(dev(D.importerError), 'Primary', inDays(-10), 10 * DAY_MS),
    enhanced(dev(D.connectorUnknown), 'Primary', inDays(6), DAY_MS),
    legacy(dev(D.connectorOk), 5 * MINUTE_MS),
    enhanced(dev(D.connectorOk), 'Migration key', inDays(80), null),
    enhanced(dev(D.importerMissing), 'Primary', inDays(14), 2 * DAY_MS),
  ];
  const keys: KeyRow[] = keySpecs.map((spec) => keyRow(spec, now, random));

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
