import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  ENHANCED_KEYS_FROM,
  isAtLeast,
  LEGACY_REJECTED_FROM,
  parseVersion,
  releaseGates,
} from '../../../shared/version.js';

describe('parseVersion', () => {
  it.each([
    ['18.4.0', { major: 18, minor: 4, patch: 0 }],
    ['v18.4', { major: 18, minor: 4, patch: 0 }],
    ['18.4', { major: 18, minor: 4, patch: 0 }],
    ['18.4.0-rc1', { major: 18, minor: 4, patch: 0 }],
    ['18.4.2+build.7', { major: 18, minor: 4, patch: 2 }],
    ['  19.0.1  ', { major: 19, minor: 0, patch: 1 }],
    ['16.19.12', { major: 16, minor: 19, patch: 12 }],
  ])('%j parses', (text, expected) => {
    expect(parseVersion(text)).toEqual(expected);
  });

  it.each(['', '18', 'abc', 'latest', '18.x', 'x18.4.0', '12345.0.0', '-18.4.0', 'v', '18..0'])('%j is null', (text) => {
    expect(parseVersion(text)).toBeNull();
  });
});

describe('compareVersions', () => {
  const v = (text: string) => {
    const parsed = parseVersion(text);
    if (!parsed) throw new Error(text);
    return parsed;
  };
  it('orders by major, then minor, then patch (numerically, not as text)', () => {
    expect(compareVersions(v('16.19.0'), v('16.18.9'))).toBeGreaterThan(0);
    expect(compareVersions(v('16.9.0'), v('16.19.0'))).toBeLessThan(0);
    expect(compareVersions(v('17.0.0'), v('16.99.99'))).toBeGreaterThan(0);
    expect(compareVersions(v('18.4.10'), v('18.4.9'))).toBeGreaterThan(0);
    expect(compareVersions(v('18.4.0'), v('v18.4'))).toBe(0);
  });
});

describe('isAtLeast at the gates', () => {
  it.each([
    ['16.18.9', ENHANCED_KEYS_FROM, false],
    ['16.18.99', ENHANCED_KEYS_FROM, false],
    ['16.19.0', ENHANCED_KEYS_FROM, true],
    ['16.19.1', ENHANCED_KEYS_FROM, true],
    ['17.0.0', ENHANCED_KEYS_FROM, true],
    ['18.99.99', LEGACY_REJECTED_FROM, false],
    ['19.0.0', LEGACY_REJECTED_FROM, true],
    ['20.1.0', LEGACY_REJECTED_FROM, true],
  ])('%s >= %s is %s', (release, gate, expected) => {
    expect(isAtLeast(release, gate)).toBe(expected);
  });

  it('a 19.0.0 pre-release counts as 19.0.0 (the conservative side: legacy keys are treated as rejected)', () => {
    expect(isAtLeast('19.0.0-rc1', LEGACY_REJECTED_FROM)).toBe(true);
  });

  it('unreadable text on either side is never "at least"', () => {
    expect(isAtLeast('unknown', '1.0.0')).toBe(false);
    expect(isAtLeast('19.0.0', 'garbage')).toBe(false);
  });
});

describe('releaseGates', () => {
  it('an old release supports neither gate', () => {
    expect(releaseGates('16.18.0')).toEqual({ known: true, supportsEnhancedKeys: false, rejectsLegacyKeys: false });
  });
  it('18.x supports enhanced keys and still accepts legacy', () => {
    expect(releaseGates('18.4.2')).toEqual({ known: true, supportsEnhancedKeys: true, rejectsLegacyKeys: false });
  });
  it('19.0.0 rejects legacy keys', () => {
    expect(releaseGates('19.0.0')).toEqual({ known: true, supportsEnhancedKeys: true, rejectsLegacyKeys: true });
  });
  it.each(['', 'dev', 'master-abc123'])('unknown text %j gives known: false and no gates', (text) => {
    expect(releaseGates(text)).toEqual({ known: false, supportsEnhancedKeys: false, rejectsLegacyKeys: false });
  });
});
