import { describe, expect, it } from 'vitest';
import {
  bulkEligibility,
  bulkRevokeResult,
  bulkRotateResult,
  expiryRangeProblem,
  spreadExpiries,
  spreadStepDays,
  summarizeBulk,
} from '../../../shared/bulk-keys.js';
import { DAY_MS } from '../../../shared/time.js';

const FROM = '2027-01-01T10:00:00.000Z';
const at = (days: number) => new Date(Date.parse(FROM) + days * DAY_MS).toISOString();

describe('spreadExpiries', () => {
  it('puts the first key at the start, the last at the end, and the others evenly between, in order', () => {
    expect(spreadExpiries(FROM, at(60), 3)).toEqual([at(0), at(30), at(60)]);
    expect(spreadExpiries(FROM, at(90), 4)).toEqual([at(0), at(30), at(60), at(90)]);
  });

  it('gives one key the start, and nothing for none', () => {
    expect(spreadExpiries(FROM, at(60), 1)).toEqual([FROM]);
    expect(spreadExpiries(FROM, at(60), 0)).toEqual([]);
  });

  it('ends exactly on the last day when the step is not whole', () => {
    const spread = spreadExpiries(FROM, at(10), 4);
    expect(spread[0]).toBe(FROM);
    expect(spread[3]).toBe(at(10));
    const gaps = spread.slice(1).map((iso, index) => Date.parse(iso) - Date.parse(spread[index]!));
    for (const gap of gaps) expect(Math.abs(gap - (10 * DAY_MS) / 3)).toBeLessThanOrEqual(1);
  });

  it('a range of one day gives every key that day', () => {
    expect(spreadExpiries(FROM, FROM, 3)).toEqual([FROM, FROM, FROM]);
    expect(spreadStepDays(FROM, at(60), 3)).toBe(30);
    expect(spreadStepDays(FROM, at(60), 1)).toBeNull();
  });
});

describe('expiryRangeProblem', () => {
  it('refuses a start after the end, and what is not a date', () => {
    expect(expiryRangeProblem(FROM, at(1))).toBeNull();
    expect(expiryRangeProblem(FROM, FROM)).toBeNull();
    expect(expiryRangeProblem(at(1), FROM)).toMatch(/must not be after/);
    expect(expiryRangeProblem('soon', FROM)).toMatch(/not a pair of dates/);
  });
});

describe('bulkEligibility', () => {
  const key = (ownerType: 'device' | 'user', ownerId: string, isAppKey = false) => ({ ownerType, ownerId, isAppKey });
  it("takes devices' keys and the admin's own, not another user's nor the app's own key", () => {
    expect(bulkEligibility(key('device', 'dev-1'), 'ada')).toBe('eligible');
    expect(bulkEligibility(key('user', 'ada'), 'ada')).toBe('eligible');
    expect(bulkEligibility(key('user', 'grace'), 'ada')).toBe('other-user');
    expect(bulkEligibility(key('user', 'ada', true), 'ada')).toBe('app-key');
    // Without a signed-in admin known, no user's key is the admin's own.
    expect(bulkEligibility(key('user', 'ada'), null)).toBe('other-user');
  });
});

describe('results', () => {
  it('are one of two shapes, and count up', () => {
    const revoked = [
      bulkRevokeResult.parse({ keyId: 'a', ok: true, alreadyGone: false }),
      bulkRevokeResult.parse({ keyId: 'b', ok: true, alreadyGone: true }),
      bulkRevokeResult.parse({ keyId: 'c', ok: false, code: 'forbidden', message: 'No.' }),
    ];
    expect(summarizeBulk(revoked)).toEqual({ done: 1, alreadyGone: 1, failed: 1 });
    expect(bulkRevokeResult.safeParse({ keyId: 'c', ok: false, code: 'made-up', message: 'No.' }).success).toBe(false);
    expect(bulkRotateResult.safeParse({ keyId: 'a', ok: true, secretHandle: null }).success).toBe(false);
  });
});
