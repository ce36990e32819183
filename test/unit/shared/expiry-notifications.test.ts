/**
 * The expiry-notification rule (issue 8) at each of its boundaries, on fixed dates (no real clock): which stage a key
 * is at, what one check notifies and ledgers, snoozes, extended and vanished keys, the summary above SUMMARY_ABOVE,
 * which keys are in scope, what a notification says and where clicking it leads, and the badge count.
 */
import { describe, expect, it } from 'vitest';
import {
  attentionCount,
  checkExpiries,
  DEFAULT_NOTIFY_DAYS,
  EXPIRED,
  notificationOf,
  stageOf,
  SUMMARY_ABOVE,
  watchedKeys,
  type CheckInput,
  type LedgerEntry,
  type Snooze,
  type WatchedKey,
} from '../../../shared/expiry-notifications.js';
import type { DeviceRecord, Inventory, KeyRecord, UserRecord } from '../../../shared/inventory.js';
import { DAY_MS } from '../../../shared/time.js';
import { testDevice } from '../../support/records.js';

const NOW = new Date('2026-11-26T10:00:00.000Z');
const THRESHOLDS = [...DEFAULT_NOTIFY_DAYS];
const SITE_ID = 'demo-site';
const SITE_NAME = 'Demo';
const SELF = 'ada@example.org';

const at = (ms: number): Date => new Date(NOW.getTime() + ms);
const inDays = (days: number, extraMs = 0): string => at(days * DAY_MS + extraMs).toISOString();

function watched(overrides: Partial<WatchedKey> = {}): WatchedKey {
  return {
    keyId: 'key-1',
    label: 'Primary',
    ownerType: 'device',
    ownerId: 'dev-1',
    ownerLabel: 'MR Scanner',
    location: null,
    isOwnKey: false,
    legacy: false,
    due: inDays(20),
    ...overrides,
  };
}

function input(keys: readonly WatchedKey[], overrides: Partial<CheckInput> = {}): CheckInput {
  return {
    siteId: SITE_ID,
    siteName: SITE_NAME,
    keys,
    thresholds: THRESHOLDS,
    ledger: [],
    snoozes: [],
    now: NOW,
    offline: false,
    presentKeyIds: new Set(keys.map((key) => key.keyId)),
    ...overrides,
  };
}

/** Runs checks one after the other, each on the ledger and snoozes the previous one kept. */
function sequence(keys: readonly WatchedKey[], times: readonly Date[], snoozes: Snooze[] = []) {
  let ledger: LedgerEntry[] = [];
  let kept = snoozes;
  return times.map((now) => {
    const outcome = checkExpiries(input(keys, { now, ledger, snoozes: kept }));
    ledger = outcome.ledger;
    kept = outcome.snoozes;
    return outcome;
  });
}

describe('stageOf', () => {
  it('is 30 exactly 30 days before the expiry, and nothing 1 ms earlier', () => {
    expect(stageOf(inDays(30), THRESHOLDS, NOW)).toBe(30);
    expect(stageOf(inDays(30, 1), THRESHOLDS, NOW)).toBeNull();
  });

  it('is the most urgent threshold in reach between two thresholds', () => {
    expect(stageOf(inDays(20), THRESHOLDS, NOW)).toBe(30);
    expect(stageOf(inDays(14), THRESHOLDS, NOW)).toBe(14);
    expect(stageOf(inDays(10), THRESHOLDS, NOW)).toBe(14);
    expect(stageOf(inDays(7, 1), THRESHOLDS, NOW)).toBe(14);
    expect(stageOf(inDays(7), THRESHOLDS, NOW)).toBe(7);
    expect(stageOf(inDays(5), THRESHOLDS, NOW)).toBe(7);
    expect(stageOf(inDays(1), THRESHOLDS, NOW)).toBe(1);
    expect(stageOf(at(1).toISOString(), THRESHOLDS, NOW)).toBe(1);
  });

  it('is EXPIRED at the expiry instant itself and after it', () => {
    expect(stageOf(NOW.toISOString(), THRESHOLDS, NOW)).toBe(EXPIRED);
    expect(stageOf(inDays(-400), THRESHOLDS, NOW)).toBe(EXPIRED);
  });

  it('does not depend on the order of the thresholds', () => {
    expect(stageOf(inDays(5), [1, 30, 7, 14], NOW)).toBe(7);
  });
});

describe('checkExpiries: once per key and threshold', () => {
  it('notifies a key exactly 30 days before its expiry, and not one 30 days + 1 ms before', () => {
    const due = watched({ keyId: 'due', due: inDays(30) });
    const early = watched({ keyId: 'early', due: inDays(30, 1) });
    const outcome = checkExpiries(input([due, early]));
    expect(outcome.notifications.map((n) => n.keyIds)).toEqual([['due']]);
    expect(outcome.notifications[0]?.title).toBe('Key expires in 30 days');
    expect(outcome.ledger).toEqual([{ keyId: 'due', due: due.due, stage: 30, notifiedAt: NOW.toISOString() }]);
  });

  it('notifies "Key expired" at the expiry instant (stage 0)', () => {
    const key = watched({ due: NOW.toISOString() });
    const outcome = checkExpiries(input([key]));
    expect(outcome.notifications).toHaveLength(1);
    expect(outcome.notifications[0]?.title).toBe('Key expired');
    expect(outcome.ledger[0]?.stage).toBe(EXPIRED);
  });

  it('notifies a key first seen at 5 days once, at 7 (titled with the 5 days really left), then at 1 day left, and nothing on a repeated check', () => {
    const key = watched({ due: inDays(5) });
    const [first, again, oneDay, sameAgain, expired] = sequence(
      [key],
      [NOW, at(DAY_MS), at(4 * DAY_MS), at(4 * DAY_MS), at(5 * DAY_MS)],
    );
    expect(first?.notifications.map((n) => n.title)).toEqual(['Key expires in 5 days']);
    expect(first?.ledger.map((e) => e.stage)).toEqual([7]);
    expect(again?.notifications).toEqual([]);
    expect(oneDay?.notifications.map((n) => n.title)).toEqual(['Key expires in 1 day']);
    expect(oneDay?.ledger.map((e) => e.stage)).toEqual([7, 1]);
    expect(sameAgain?.notifications).toEqual([]);
    expect(sameAgain?.ledger).toEqual(oneDay?.ledger);
    expect(expired?.notifications.map((n) => n.title)).toEqual(['Key expired']);
  });

  it('the same check twice notifies nothing new', () => {
    const keys = [watched({ keyId: 'a', due: inDays(3) }), watched({ keyId: 'b', due: inDays(-2) })];
    const [first, second] = sequence(keys, [NOW, NOW]);
    expect(first?.notifications).toHaveLength(2);
    expect(second?.notifications).toEqual([]);
    expect(second?.ledger).toEqual(first?.ledger);
  });

  it('an extended expiry (same key id, new expiresAt) starts its thresholds afresh', () => {
    const before = watched({ due: inDays(3) });
    const first = checkExpiries(input([before]));
    expect(first.notifications).toHaveLength(1);

    const extended = watched({ due: inDays(20) });
    const second = checkExpiries(input([extended], { ledger: first.ledger }));
    expect(second.notifications.map((n) => n.title)).toEqual(['Key expires in 20 days']);
    expect(second.ledger).toEqual([{ keyId: 'key-1', due: extended.due, stage: 30, notifiedAt: NOW.toISOString() }]);

    const extendedFar = watched({ due: inDays(200) });
    const third = checkExpiries(input([extendedFar], { ledger: first.ledger }));
    expect(third.notifications).toEqual([]);
    expect(third.ledger).toEqual([]);
  });

  it('a key gone from the site leaves the ledger; a key present but out of scope keeps its entries', () => {
    const gone = watched({ keyId: 'gone', due: inDays(3) });
    const hidden = watched({ keyId: 'hidden', due: inDays(3) });
    const first = checkExpiries(input([gone, hidden]));
    expect(first.ledger.map((e) => e.keyId)).toEqual(['gone', 'hidden']);
    const second = checkExpiries(input([], { ledger: first.ledger, presentKeyIds: new Set(['hidden']) }));
    expect(second.ledger.map((e) => e.keyId)).toEqual(['hidden']);
  });

  it('a snoozed key is not notified at its snoozed stage, but is at the next; the snooze then goes', () => {
    const key = watched({ due: inDays(5) });
    const snoozes: Snooze[] = [{ keyId: key.keyId, due: key.due, stage: 7 }];
    const [snoozed, later, oneDay] = sequence([key], [NOW, at(DAY_MS), at(4 * DAY_MS)], snoozes);
    expect(snoozed?.notifications).toEqual([]);
    expect(snoozed?.ledger).toEqual([]);
    expect(snoozed?.snoozes).toEqual(snoozes);
    expect(later?.notifications).toEqual([]);
    expect(later?.snoozes).toEqual(snoozes);
    expect(oneDay?.notifications.map((n) => n.title)).toEqual(['Key expires in 1 day']);
    expect(oneDay?.snoozes).toEqual([]);
  });

  it('drops a snooze once the key is at another stage, or its expiry changed', () => {
    const key = watched({ due: inDays(5) });
    const stale: Snooze[] = [{ keyId: key.keyId, due: key.due, stage: 14 }];
    const outcome = checkExpiries(input([key], { snoozes: stale }));
    expect(outcome.snoozes).toEqual([]);
    expect(outcome.notifications).toHaveLength(1);

    const extended = watched({ due: inDays(6) });
    const old: Snooze[] = [{ keyId: key.keyId, due: key.due, stage: 7 }];
    const afterExtension = checkExpiries(input([extended], { snoozes: old }));
    expect(afterExtension.snoozes).toEqual([]);
    expect(afterExtension.notifications).toHaveLength(1);
  });
});

describe('checkExpiries: no storm', () => {
  const keys = (count: number, due = inDays(3)): WatchedKey[] =>
    Array.from({ length: count }, (_, i) => watched({ keyId: `key-${i}`, label: `Key ${i}`, due }));

  it(`exactly SUMMARY_ABOVE (${SUMMARY_ABOVE}) new notifications are shown one by one`, () => {
    const outcome = checkExpiries(input(keys(SUMMARY_ABOVE)));
    expect(outcome.notifications).toHaveLength(SUMMARY_ABOVE);
    expect(outcome.notifications.every((n) => n.keyIds.length === 1)).toBe(true);
  });

  it('one more gives one summary opening the inventory on all of them, and all of them ledgered', () => {
    const many = keys(SUMMARY_ABOVE + 1);
    const outcome = checkExpiries(input(many));
    expect(outcome.notifications).toHaveLength(1);
    const [summary] = outcome.notifications;
    const ids = many.map((key) => key.keyId);
    expect(summary?.keyIds).toEqual(ids);
    expect(summary?.target).toEqual({ page: 'inventory', keyIds: ids });
    expect(summary?.title).toBe(`${SUMMARY_ABOVE + 1} keys need attention on ${SITE_NAME}`);
    expect(outcome.ledger.map((e) => e.keyId)).toEqual(ids);
    expect(checkExpiries(input(many, { ledger: outcome.ledger })).notifications).toEqual([]);
  });

  it('counts only new notifications toward the summary', () => {
    const many = keys(SUMMARY_ABOVE + 1);
    const first = checkExpiries(input(many.slice(0, 1)));
    const second = checkExpiries(input(many, { ledger: first.ledger }));
    expect(second.notifications).toHaveLength(SUMMARY_ABOVE);
  });

  it('says how many expired and when the first of the others expires', () => {
    const expired = keys(2, inDays(-3)).map((key, i) => ({ ...key, keyId: `old-${i}` }));
    const expiring = [...keys(3, inDays(6)), watched({ keyId: 'soonest', due: inDays(2) })];
    const [summary] = checkExpiries(input([...expired, ...expiring])).notifications;
    expect(summary?.body).toContain('2 expired; 4 expiring, the first on ' + inDays(2).slice(0, 10));
    const offline = checkExpiries(input([...expired, ...expiring], { offline: true })).notifications[0];
    expect(offline?.body).toContain('from the last data');
  });

  it('groups the thousands of a large site in the summary, as the grids do', () => {
    const expired = keys(2000, inDays(-3)).map((key, i) => ({ ...key, keyId: `old-${i}` }));
    const expiring = [...keys(9999, inDays(6)), watched({ keyId: 'soonest', due: inDays(2) })];
    const [summary] = checkExpiries(input([...expired, ...expiring])).notifications;
    expect(summary?.title).toBe(`12,000 keys need attention on ${SITE_NAME}`);
    expect(summary?.body).toContain('2,000 expired; 10,000 expiring, the first on ' + inDays(2).slice(0, 10));
  });
});

describe('watchedKeys: scope', () => {
  function key(overrides: Partial<KeyRecord>): KeyRecord {
    return {
      id: 'k',
      label: 'Primary',
      kind: 'enhanced',
      ownerType: 'device',
      ownerId: 'dev-1',
      ownerLabel: 'MR Scanner',
      ownerDisabled: false,
      created: inDays(-10),
      expiresAt: inDays(3),
      lastUsed: null,
      isAppKey: false,
      ...overrides,
    };
  }
  function device(id: string, location: string): DeviceRecord {
    return testDevice({ id, notes: { location, modality: '', contact: '' } });
  }
  function user(id: string): UserRecord {
    return { id, name: id, email: id, disabled: false, isSiteAdmin: false, keysVisible: true, lastLogin: null };
  }
  const inventory: Inventory = {
    siteId: SITE_ID,
    siteName: SITE_NAME,
    origin: 'https://flywheel.example.org',
    fetchedAt: NOW.toISOString(),
    devices: [device('dev-1', '  Room 2  '), device('dev-2', ' ')],
    users: [user(SELF), user('grace@example.org')],
    keys: [
      key({ id: 'device-key' }),
      key({ id: 'device-key-no-room', ownerId: 'dev-2', ownerLabel: 'CT' }),
      key({ id: 'own-key', ownerType: 'user', ownerId: SELF, ownerLabel: 'Ada' }),
      key({ id: 'other-key', ownerType: 'user', ownerId: 'grace@example.org', ownerLabel: 'Grace' }),
      key({ id: 'disabled-device-key', ownerDisabled: true }),
      key({ id: 'disabled-user-key', ownerType: 'user', ownerId: 'edsger', ownerDisabled: true }),
      key({ id: 'no-expiry', expiresAt: null }),
      key({ id: 'bad-expiry', expiresAt: 'not a date' }),
      key({ id: 'legacy-device', kind: 'legacy', expiresAt: null }),
      key({ id: 'legacy-own', kind: 'legacy', expiresAt: null, ownerType: 'user', ownerId: SELF }),
      key({ id: 'legacy-disabled', kind: 'legacy', expiresAt: null, ownerDisabled: true }),
    ],
    coverage: { deviceKeys: true, users: true, userKeys: 'all' },
  };
  const ids = (keys: WatchedKey[]) => keys.map((k) => k.keyId);

  it('by default: device keys and the admin own keys, never disabled owners, no legacy key without an upgrade day', () => {
    const keys = watchedKeys(inventory, { selfUserId: SELF, includeOtherUsers: false, upgradeDate: null });
    expect(ids(keys)).toEqual(['device-key', 'device-key-no-room', 'own-key']);
    expect(keys[0]).toMatchObject({ location: 'Room 2', isOwnKey: false, legacy: false, due: inDays(3) });
    expect(keys[1]?.location).toBeNull();
    expect(keys[2]).toMatchObject({ isOwnKey: true, location: null });
  });

  it("other users' keys only with includeOtherUsers", () => {
    const keys = watchedKeys(inventory, { selfUserId: SELF, includeOtherUsers: true, upgradeDate: null });
    expect(ids(keys)).toEqual(['device-key', 'device-key-no-room', 'own-key', 'other-key']);
    expect(keys[3]?.isOwnKey).toBe(false);
  });

  it('legacy keys only with a planned upgrade day, due at the start of that day (UTC)', () => {
    const keys = watchedKeys(inventory, { selfUserId: SELF, includeOtherUsers: false, upgradeDate: '2026-12-10' });
    expect(ids(keys)).toEqual(['device-key', 'device-key-no-room', 'own-key', 'legacy-device', 'legacy-own']);
    expect(keys.filter((k) => k.legacy).map((k) => k.due)).toEqual(['2026-12-10T00:00:00.000Z', '2026-12-10T00:00:00.000Z']);
  });

  it('normalises an expiry to the ISO instant the ledger keys on', () => {
    const odd = { ...inventory, keys: [key({ id: 'offset', expiresAt: '2026-12-01T12:00:00+02:00' })] };
    expect(watchedKeys(odd, { selfUserId: SELF, includeOtherUsers: false, upgradeDate: null })[0]?.due).toBe(
      '2026-12-01T10:00:00.000Z',
    );
  });

  it('a legacy key is notified at the thresholds before the upgrade day, and rejected on that day', () => {
    const legacy = watched({ keyId: 'legacy', legacy: true, due: '2026-12-03T00:00:00.000Z' });
    const [week, day] = sequence([legacy], [NOW, new Date('2026-12-03T00:00:00.000Z')]);
    expect(week?.notifications[0]?.title).toBe('Legacy key: 19.0 upgrade in 7 days');
    expect(week?.notifications[0]?.body).toContain('the planned 19.0 upgrade on 2026-12-03 rejects it');
    expect(day?.notifications[0]?.title).toBe('Legacy key rejected from today');
  });
});

describe('what a notification says and where it leads', () => {
  it('names the key label, the owner with its location note, the site and the date', () => {
    const key = watched({ label: 'Primary', ownerLabel: 'MR Scanner', location: 'Room 2', due: inDays(3) });
    const n = notificationOf(SITE_ID, SITE_NAME, key, 7, false);
    expect(n.body).toBe(`"Primary" of MR Scanner (Room 2) on Demo expires on ${inDays(3).slice(0, 10)}. Rotate it before then.`);
    expect(n.id).toBe(`${SITE_ID}:key-1:${key.due}:7`);
    expect(n.keyIds).toEqual(['key-1']);
  });

  it('without a location note, names the owner alone; an own key is "your own account"', () => {
    expect(notificationOf(SITE_ID, SITE_NAME, watched(), 30, false).body).toContain('"Primary" of MR Scanner on Demo');
    const own = watched({ ownerType: 'user', ownerId: SELF, ownerLabel: 'Ada', isOwnKey: true });
    expect(notificationOf(SITE_ID, SITE_NAME, own, 30, false).body).toContain('of your own account on Demo');
  });

  it('an expired key says when it expired; offline, every notification says it comes from the last data', () => {
    const key = watched({ due: inDays(-2) });
    const n = notificationOf(SITE_ID, SITE_NAME, key, EXPIRED, true);
    expect(n.title).toBe('Key expired');
    expect(n.body).toContain(`expired on ${inDays(-2).slice(0, 10)} (from the last data`);
    expect(notificationOf(SITE_ID, SITE_NAME, key, EXPIRED, false).body).not.toContain('from the last data');
    const [fromCheck] = checkExpiries(input([key], { offline: true })).notifications;
    expect(fromCheck?.body).toContain('from the last data');
  });

  it('leads to the device, my keys, the user or the legacy page', () => {
    const target = (key: WatchedKey) => notificationOf(SITE_ID, SITE_NAME, key, 7, false).target;
    expect(target(watched())).toEqual({ page: 'devices', deviceId: 'dev-1', keyId: 'key-1' });
    expect(target(watched({ ownerType: 'user', ownerId: SELF, isOwnKey: true }))).toEqual({ page: 'my-keys', keyId: 'key-1' });
    expect(target(watched({ ownerType: 'user', ownerId: 'grace' }))).toEqual({ page: 'users', userId: 'grace', keyId: 'key-1' });
    expect(target(watched({ legacy: true }))).toEqual({ page: 'legacy', keyId: 'key-1' });
    expect(target(watched({ ownerType: 'user', ownerId: SELF, isOwnKey: true, legacy: true }))).toEqual({
      page: 'legacy',
      keyId: 'key-1',
    });
  });
});

describe('attentionCount', () => {
  it('counts keys expired or within exactly 7 days, not 7 days + 1 ms, and not snoozed ones', () => {
    const keys = [
      watched({ keyId: 'seven', due: inDays(7) }),
      watched({ keyId: 'later', due: inDays(7, 1) }),
      watched({ keyId: 'expired', due: inDays(-1) }),
      watched({ keyId: 'snoozed', due: inDays(2) }),
    ];
    expect(attentionCount(keys, [], THRESHOLDS, NOW)).toBe(3);
    const snoozed = keys[3]!;
    expect(attentionCount(keys, [{ keyId: 'snoozed', due: snoozed.due, stage: 7 }], THRESHOLDS, NOW)).toBe(2);
    // A snooze of another stage does not hide it.
    expect(attentionCount(keys, [{ keyId: 'snoozed', due: snoozed.due, stage: 14 }], THRESHOLDS, NOW)).toBe(3);
  });
});
