/**
 * The scale seed's size factor: `--seed scale --scale N` makes N times the scale site, the same for the same N, and
 * the command line refuses a factor that is not a positive whole number. Small factors keep this fast; the
 * integration tier checks the 1x site over HTTP.
 */
import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from '../../../keyservice/cli.js';
import { SCALE_TOTALS, scaleSeedPlan, scaleTotals } from '../../../keyservice/seed/scale.js';
import type { SeedPlan } from '../../../keyservice/seed/plan.js';

const NOW = new Date('2026-11-26T12:00:00.000Z');

function counts(plan: SeedPlan): { users: number; devices: number; keys: number; legacyKeys: number } {
  return {
    users: plan.users.length,
    devices: plan.devices.length,
    keys: plan.keys.length,
    legacyKeys: plan.keys.filter((key) => key.legacy_secret !== null).length,
  };
}

describe('the scale seed at a size factor', () => {
  it('makes the scale totals at factor 1 and twice them at factor 2', () => {
    expect(counts(scaleSeedPlan(NOW))).toEqual(SCALE_TOTALS);
    expect(counts(scaleSeedPlan(NOW, undefined, 1))).toEqual({ users: 5000, devices: 1000, keys: 25_000, legacyKeys: 3000 });
    const twice = scaleSeedPlan(NOW, undefined, 2);
    expect(counts(twice)).toEqual({ users: 10_000, devices: 2000, keys: 50_000, legacyKeys: 6000 });
    // Still a site: unique ids and at most 5 keys per owner.
    expect(new Set(twice.users.map((user) => user.id)).size).toBe(10_000);
    expect(new Set(twice.keys.map((key) => key.id)).size).toBe(50_000);
    const perOwner = new Map<string, number>();
    for (const key of twice.keys) perOwner.set(key.origin_id, (perOwner.get(key.origin_id) ?? 0) + 1);
    expect(Math.max(...perOwner.values())).toBeLessThanOrEqual(5);
  });

  it('is deterministic for a factor', () => {
    const ids = (plan: SeedPlan): string => plan.keys.map((key) => key.id).join(',');
    expect(ids(scaleSeedPlan(NOW, undefined, 2))).toBe(ids(scaleSeedPlan(NOW, undefined, 2)));
  });

  it('refuses a factor that is not a positive whole number', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => scaleTotals(bad)).toThrow(/positive integer/);
  });
});

describe('keyservice --scale', () => {
  it('takes a positive whole number with the scale seed', () => {
    expect(parseCliArgs(['--seed', 'scale', '--scale', '10'])).toMatchObject({ seed: 'scale', scale: 10 });
    expect(parseCliArgs(['--seed=scale', '--scale=1'])).toMatchObject({ seed: 'scale', scale: 1 });
    expect(parseCliArgs(['--seed', 'scale']).scale).toBeUndefined();
  });

  it('refuses anything else, with a clear message', () => {
    for (const bad of ['0', '-2', '1.5', 'ten', '1e3', '0x10', '']) {
      expect(() => parseCliArgs(['--seed', 'scale', `--scale=${bad}`]), bad).toThrow(UsageError);
    }
    expect(() => parseCliArgs(['--seed', 'scale', '--scale', 'ten'])).toThrow(
      '--scale must be a whole number from 1 to 1000, got "ten"',
    );
    expect(() => parseCliArgs(['--seed', 'scale', '--scale'])).toThrow('--scale needs a value');
    expect(() => parseCliArgs(['--seed', 'demo', '--scale', '2'])).toThrow('--scale needs --seed scale');
  });
});
