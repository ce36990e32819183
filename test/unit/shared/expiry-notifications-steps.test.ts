/**
 * A check's rules in steps (watchedKeysSteps, presentKeyIdsSteps, checkExpiriesSteps): the same answers as at once,
 * with at most a step's keys between two pauses, so main answers the admin while it checks a large site.
 */
import { describe, expect, it } from 'vitest';
import {
  checkExpiries,
  checkExpiriesSteps,
  DEFAULT_NOTIFY_DAYS,
  presentKeyIdsSteps,
  watchedKeys,
  watchedKeysSteps,
  type CheckInput,
  type LedgerEntry,
} from '../../../shared/expiry-notifications.js';
import type { Inventory, KeyRecord } from '../../../shared/inventory.js';
import { DAY_MS } from '../../../shared/time.js';
import { testDevice } from '../../support/records.js';

const NOW = new Date('2026-11-26T10:00:00.000Z');
const SELF = 'ada@example.org';

/** `count` keys: devices' and the admin's, a few legacy, expiries from 10 days ago to 80 days on, some disabled. */
function inventoryOf(count: number): Inventory {
  const keys: KeyRecord[] = Array.from({ length: count }, (_, i) => ({
    id: `key-${i}`,
    label: `Key ${i % 13}`,
    kind: i % 17 === 0 ? 'legacy' : 'enhanced',
    ownerType: i % 4 === 0 ? 'user' : 'device',
    ownerId: i % 4 === 0 ? (i % 8 === 0 ? SELF : `user-${i % 5}`) : `dev-${i % 3}`,
    ownerLabel: 'Owner',
    ownerDisabled: i % 23 === 0,
    created: null,
    expiresAt: i % 17 === 0 ? null : new Date(NOW.getTime() + ((i % 90) - 10) * DAY_MS).toISOString(),
    lastUsed: null,
    isAppKey: false,
  }));
  return {
    siteId: 'site-1',
    siteName: 'Demo',
    origin: 'https://flywheel.example.org',
    fetchedAt: NOW.toISOString(),
    devices: [0, 1, 2].map((d) => testDevice({ id: `dev-${d}`, notes: { location: `Room ${d}`, modality: '', contact: '' } })),
    users: [],
    keys,
    coverage: { deviceKeys: true, users: true, userKeys: 'all' },
  };
}

/** Runs steps to the end: the answer and how many pauses. */
function run<T>(steps: Generator<void, T>): { value: T; pauses: number } {
  let pauses = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return { value: step.value, pauses };
    pauses += 1;
  }
}

const scope = { selfUserId: SELF, includeOtherUsers: true, upgradeDate: '2026-12-20' };

describe('watchedKeysSteps', () => {
  it('answers what watchedKeys answers, pausing every step of the site\'s keys', () => {
    const inventory = inventoryOf(2_000);
    const stepped = run(watchedKeysSteps(inventory, scope, 300));
    expect(stepped.value).toEqual(watchedKeys(inventory, scope));
    expect(stepped.value.length).toBeGreaterThan(1_000);
    expect(stepped.pauses).toBe(Math.floor(2_000 / 300));
  });
});

describe('presentKeyIdsSteps', () => {
  it("answers which of the ledger's keys the site still has, and stops looking once it found them all", () => {
    const inventory = inventoryOf(2_000);
    const wanted = new Set(['key-5', 'key-1999', 'gone-key']);
    const stepped = run(presentKeyIdsSteps(inventory.keys, wanted, 300));
    expect([...stepped.value].sort()).toEqual(['key-1999', 'key-5']);
    expect(stepped.pauses).toBe(Math.floor(2_000 / 300));
    // Both found in the first keys: no more looking.
    expect(run(presentKeyIdsSteps(inventory.keys, new Set(['key-1', 'key-2']), 300)).pauses).toBe(0);
  });
});

describe('checkExpiriesSteps', () => {
  it('answers what checkExpiries answers, pausing every step of the watched keys', () => {
    const keys = watchedKeys(inventoryOf(2_000), scope);
    const ledger: LedgerEntry[] = [
      { keyId: keys[0]!.keyId, due: keys[0]!.due, stage: 30, notifiedAt: NOW.toISOString() },
      { keyId: 'gone-key', due: keys[0]!.due, stage: 30, notifiedAt: NOW.toISOString() },
    ];
    const input: CheckInput = {
      siteId: 'site-1',
      siteName: 'Demo',
      keys,
      thresholds: [...DEFAULT_NOTIFY_DAYS],
      ledger,
      snoozes: [{ keyId: keys[1]!.keyId, due: keys[1]!.due, stage: 30 }],
      now: NOW,
      offline: false,
      presentKeyIds: new Set([keys[0]!.keyId]),
    };
    const stepped = run(checkExpiriesSteps(input, 300));
    expect(stepped.value).toEqual(checkExpiries(input));
    expect(stepped.value.ledger.some((entry) => entry.keyId === 'gone-key')).toBe(false);
    // One pass over the keys for their due times, one for their stages.
    expect(stepped.pauses).toBe(2 * Math.floor(keys.length / 300));
  });
});
