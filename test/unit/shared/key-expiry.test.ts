import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EXPIRY_DAYS,
  EXPIRY_PRESET_DAYS,
  expiryAfterDays,
  expiryProblem,
  rotatedLabel,
} from '../../../shared/key-expiry.js';
import { DAY_MS } from '../../../shared/time.js';

const NOW = new Date('2026-11-26T12:00:00.000Z');

describe('expiry choices', () => {
  it('offer the presets of the issue and a month by default', () => {
    expect(EXPIRY_PRESET_DAYS).toEqual([7, 30, 90, 180, 365]);
    expect(DEFAULT_EXPIRY_DAYS).toBe(30);
    expect(expiryAfterDays(NOW, 30)).toBe('2026-12-26T12:00:00.000Z');
  });

  it('refuse an expiry that is not a date, in the past, now, or more than five years away', () => {
    expect(expiryProblem('soon', NOW)).toMatch(/not a date/);
    expect(expiryProblem(new Date(NOW.getTime() - 1).toISOString(), NOW)).toMatch(/future/);
    expect(expiryProblem(NOW.toISOString(), NOW)).toMatch(/future/);
    expect(expiryProblem(new Date(NOW.getTime() + 5 * 365 * DAY_MS + 1).toISOString(), NOW)).toMatch(/five years/);
  });

  it('accept a minute from now and exactly five years', () => {
    expect(expiryProblem(new Date(NOW.getTime() + 60_000).toISOString(), NOW)).toBeNull();
    expect(expiryProblem(new Date(NOW.getTime() + 5 * 365 * DAY_MS).toISOString(), NOW)).toBeNull();
  });
});

describe('rotatedLabel', () => {
  it('adds the date, and replaces an earlier rotation date instead of stacking them', () => {
    expect(rotatedLabel('Primary', NOW)).toBe('Primary (rotated 2026-11-26)');
    expect(rotatedLabel('Primary (rotated 2026-01-02)', NOW)).toBe('Primary (rotated 2026-11-26)');
    expect(rotatedLabel('   ', NOW)).toBe('Key (rotated 2026-11-26)');
  });
});
