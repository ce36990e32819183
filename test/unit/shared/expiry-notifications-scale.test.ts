/**
 * The expiry-notification rule on a large synthetic site (2,000 watched keys, a ledger and snoozes of hundreds of
 * entries, seeded, fixed dates): one check notifies, ledgers and keeps snoozes exactly as a plain search of the
 * ledger per key does, the badge agrees too, and the ledger and snoozes are read a bounded number of times per
 * entry (a count, never a timing), so a check grows with the site, not with its square.
 */
import { describe, expect, it } from 'vitest';
import {
  attentionCount,
  checkExpiries,
  DEFAULT_NOTIFY_DAYS,
  lastNotifiedIndex,
  stageOf,
  type CheckInput,
  type LedgerEntry,
  type Snooze,
  type WatchedKey,
} from '../../../shared/expiry-notifications.js';
import { DAY_MS } from '../../../shared/time.js';

const NOW = new Date('2026-11-26T10:00:00.000Z');
const THRESHOLDS = [...DEFAULT_NOTIFY_DAYS];
const HOUR_MS = 60 * 60 * 1000;

function seeded(seed: number): { next: () => number; int: (n: number) => number } {
  let state = seed;
  const next = (): number => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  return { next, int: (n) => Math.floor(next() * n) };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * 2,000 keys due from 40 days ago to 60 days ahead; a ledger with entries at every stage for a third of them (some
 * for an older due time, some several per key, some for keys gone from the site) and snoozes at the current stage,
 * at another stage, or for an older due time.
 */
function largeCheck(): CheckInput {
  const random = seeded(7);
  const t = NOW.getTime();
  const keys: WatchedKey[] = Array.from({ length: 2000 }, (_, n) => ({
    keyId: `key-${n}`,
    label: `Key ${n}`,
    ownerType: n % 2 === 0 ? 'device' : 'user',
    ownerId: `owner-${n % 400}`,
    ownerLabel: `Owner ${n % 400}`,
    location: null,
    isOwnKey: n % 2 === 1,
    legacy: n % 50 === 0,
    due: iso(t + (random.int(100) - 40) * DAY_MS + random.int(24) * HOUR_MS),
  }));
  const ledger: LedgerEntry[] = [];
  const snoozes: Snooze[] = [];
  const stages = [0, ...THRESHOLDS, 60];
  for (const key of keys) {
    const roll = random.next();
    if (roll < 0.35) {
      for (let n = random.int(3); n >= 0; n--) {
        const stale = random.next() < 0.15;
        ledger.push({
          keyId: key.keyId,
          due: stale ? iso(Date.parse(key.due) - 30 * DAY_MS) : key.due,
          stage: stages[random.int(stages.length)] as number,
          notifiedAt: iso(t - random.int(60) * DAY_MS),
        });
      }
    }
    if (random.next() < 0.15) {
      const current = stageOf(key.due, THRESHOLDS, NOW) ?? 30;
      const pick = random.next();
      snoozes.push({
        keyId: key.keyId,
        due: pick < 0.2 ? iso(Date.parse(key.due) - DAY_MS) : key.due,
        stage: pick < 0.7 ? current : (stages[random.int(stages.length)] as number),
      });
    }
  }
  for (let n = 0; n < 100; n++) ledger.push({ keyId: `gone-${n}`, due: keys[0]?.due ?? '', stage: 0, notifiedAt: iso(t) });
  return {
    siteId: 'large',
    siteName: 'Large',
    keys,
    thresholds: THRESHOLDS,
    ledger,
    snoozes,
    now: NOW,
    offline: false,
    presentKeyIds: new Set(keys.map((key) => key.keyId)),
  };
}

/** The rule written the plain way: the ledger and the snoozes searched per key. */
function referenceCheck(input: CheckInput): {
  due: { keyId: string; stage: number }[];
  ledger: LedgerEntry[];
  snoozes: Snooze[];
} {
  const ledger = input.ledger.filter((entry) => {
    if (!input.presentKeyIds.has(entry.keyId)) return false;
    const key = input.keys.find((k) => k.keyId === entry.keyId);
    return (key?.due ?? entry.due) === entry.due;
  });
  const due: { keyId: string; stage: number }[] = [];
  const snoozes: Snooze[] = [];
  for (const key of input.keys) {
    const stage = stageOf(key.due, input.thresholds, input.now);
    if (stage === null) continue;
    if (input.snoozes.some((s) => s.keyId === key.keyId && s.due === key.due && s.stage === stage)) {
      snoozes.push({ keyId: key.keyId, due: key.due, stage });
      continue;
    }
    if (!ledger.some((e) => e.keyId === key.keyId && e.due === key.due && e.stage <= stage))
      due.push({ keyId: key.keyId, stage });
  }
  const notifiedAt = input.now.toISOString();
  return {
    due,
    ledger: [...ledger, ...due.map((d) => ({ keyId: d.keyId, due: dueOf(input, d.keyId), stage: d.stage, notifiedAt }))],
    snoozes,
  };
}

function dueOf(input: CheckInput, keyId: string): string {
  return input.keys.find((key) => key.keyId === keyId)?.due ?? '';
}

/** A list behind a proxy that counts each read of an entry. */
function counted<T>(list: T[]): { list: T[]; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy(list, {
    get(target, property, receiver) {
      if (typeof property === 'string' && /^\d+$/.test(property)) reads += 1;
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  return { list: proxy, reads: () => reads };
}

describe('a check of a large site', () => {
  const input = largeCheck();

  it('notifies, ledgers and keeps snoozes exactly as the plain search per key does', () => {
    const outcome = checkExpiries(input);
    const expected = referenceCheck(input);
    expect(expected.due.length).toBeGreaterThan(100);
    expect(expected.snoozes.length).toBeGreaterThan(50);
    expect(outcome.notifications).toHaveLength(1);
    expect(outcome.notifications[0]?.keyIds).toEqual(expected.due.map((d) => d.keyId));
    expect(outcome.ledger).toEqual(expected.ledger);
    expect(outcome.snoozes).toEqual(expected.snoozes);
  });

  it('counts the badge as the plain search of the snoozes does', () => {
    const plain = input.keys.filter((key) => {
      if (Date.parse(key.due) - NOW.getTime() > 7 * DAY_MS) return false;
      const stage = stageOf(key.due, THRESHOLDS, NOW);
      return !(stage !== null && input.snoozes.some((s) => s.keyId === key.keyId && s.due === key.due && s.stage === stage));
    }).length;
    expect(plain).toBeGreaterThan(100);
    expect(attentionCount(input.keys, input.snoozes, THRESHOLDS, NOW)).toBe(plain);
  });

  it('finds the latest notification of each key and due time as a search of the ledger does', () => {
    const latest = lastNotifiedIndex(input.ledger);
    let found = 0;
    for (const key of input.keys) {
      const plain =
        input.ledger
          .filter((e) => e.keyId === key.keyId && e.due === key.due)
          .map((e) => e.notifiedAt)
          .sort()
          .pop() ?? null;
      expect(latest(key)).toBe(plain);
      if (plain !== null) found += 1;
    }
    expect(found).toBeGreaterThan(300);
  });

  it('reads each ledger entry and snooze a bounded number of times, not once per key', () => {
    const ledger = counted([...input.ledger]);
    const snoozes = counted([...input.snoozes]);
    checkExpiries({ ...input, ledger: ledger.list, snoozes: snoozes.list });
    attentionCount(input.keys, snoozes.list, THRESHOLDS, NOW);
    expect(ledger.reads()).toBeLessThanOrEqual(3 * input.ledger.length);
    expect(snoozes.reads()).toBeLessThanOrEqual(3 * input.snoozes.length);
  });
});
