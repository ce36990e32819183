import { describe, expect, it } from 'vitest';
import {
  isLegacyKey,
  keyStatus,
  keyUsage,
  latestUse,
  soonestExpiry,
  type KeyFacts,
  type StatusThresholds,
} from '../../../shared/key-status.js';
import { DAY_MS } from '../../../shared/time.js';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();

function key(overrides: Partial<KeyFacts> = {}): KeyFacts {
  return { label: 'Primary', expiresAt: at(100 * DAY_MS), lastUsed: at(-DAY_MS), ownerDisabled: false, ...overrides };
}

describe('keyStatus', () => {
  it('is active when the expiry is more than 7 days away', () => {
    expect(keyStatus(key({ expiresAt: at(7 * DAY_MS + 1) }), NOW)).toBe('active');
  });

  it('is expiring soon at exactly 7 days and just before expiry', () => {
    expect(keyStatus(key({ expiresAt: at(7 * DAY_MS) }), NOW)).toBe('expiring-soon');
    expect(keyStatus(key({ expiresAt: at(1) }), NOW)).toBe('expiring-soon');
  });

  it('is expired at the expiry instant and after', () => {
    expect(keyStatus(key({ expiresAt: at(0) }), NOW)).toBe('expired');
    expect(keyStatus(key({ expiresAt: at(-DAY_MS) }), NOW)).toBe('expired');
  });

  it('follows a configured threshold', () => {
    const thresholds: StatusThresholds = { expiringWithinDays: 30, idleAfterDays: 90 };
    expect(keyStatus(key({ expiresAt: at(30 * DAY_MS) }), NOW, thresholds)).toBe('expiring-soon');
    expect(keyStatus(key({ expiresAt: at(30 * DAY_MS + 1) }), NOW, thresholds)).toBe('active');
  });

  it('is legacy by label, by missing expiry, or by the site flag', () => {
    expect(keyStatus(key({ label: 'Legacy Key' }), NOW)).toBe('legacy');
    expect(keyStatus(key({ expiresAt: null }), NOW)).toBe('legacy');
    expect(keyStatus(key({ legacyFlag: true }), NOW)).toBe('legacy');
  });

  it('trusts an explicit enhanced flag over the label', () => {
    expect(isLegacyKey({ label: 'Legacy Key', legacyFlag: false, expiresAt: at(DAY_MS * 30) })).toBe(false);
  });

  it('is rejected when the owner is disabled, whatever the dates', () => {
    expect(keyStatus(key({ ownerDisabled: true, expiresAt: at(-DAY_MS) }), NOW)).toBe('owner-disabled');
    expect(keyStatus(key({ ownerDisabled: true, expiresAt: null }), NOW)).toBe('owner-disabled');
  });

  it('treats an unreadable expiry as no expiry (legacy), not as active', () => {
    expect(keyStatus(key({ expiresAt: 'not a date' }), NOW)).toBe('legacy');
  });
});

describe('keyUsage', () => {
  it('is never used without a last use', () => {
    expect(keyUsage(key({ lastUsed: null }), NOW)).toBe('never-used');
  });

  it('is idle at exactly 90 days without use, recent just before', () => {
    expect(keyUsage(key({ lastUsed: at(-90 * DAY_MS) }), NOW)).toBe('idle');
    expect(keyUsage(key({ lastUsed: at(-90 * DAY_MS + 1) }), NOW)).toBe('recent');
  });

  it('follows a configured idle threshold', () => {
    expect(keyUsage(key({ lastUsed: at(-10 * DAY_MS) }), NOW, { expiringWithinDays: 7, idleAfterDays: 10 })).toBe('idle');
  });
});

describe('soonestExpiry and latestUse', () => {
  it('pick the earliest expiry and the latest use, ignoring missing ones', () => {
    const keys = [
      { expiresAt: at(5 * DAY_MS), lastUsed: null },
      { expiresAt: null, lastUsed: at(-DAY_MS) },
      { expiresAt: at(2 * DAY_MS), lastUsed: at(-3 * DAY_MS) },
    ];
    expect(soonestExpiry(keys)).toBe(at(2 * DAY_MS));
    expect(latestUse(keys)).toBe(at(-DAY_MS));
    expect(soonestExpiry([])).toBeNull();
    expect(latestUse([{ lastUsed: null }])).toBeNull();
  });
});
