/**
 * Flywheel release numbers and the gates the app cares about.
 * Sources: docs.flywheel.io "API Keys for Users and Devices" and "How to Replace Legacy API Keys".
 */
export interface Version {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** Enhanced keys only can be created from this release on. */
export const ENHANCED_KEYS_FROM = '16.19.0';
/** Expiry became required for every key from this release on. */
export const EXPIRY_REQUIRED_FROM = '17.4.0';
/** Legacy keys are rejected by every site from this release on. */
export const LEGACY_REJECTED_FROM = '19.0.0';

const VERSION_PATTERN = /^v?(\d{1,4})\.(\d{1,4})(?:\.(\d{1,6}))?(?:[-+.].*)?$/;

/** Parses "18.4.0", "v18.4", "18.4.0-rc1" or "18.4.0+build"; anything else gives null. */
export function parseVersion(text: string): Version | null {
  const match = VERSION_PATTERN.exec(text.trim());
  if (!match) return null;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
}

/** Negative when a < b, zero when equal, positive when a > b. */
export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export function isAtLeast(release: string, gate: string): boolean {
  const version = parseVersion(release);
  const floor = parseVersion(gate);
  if (!version || !floor) return false;
  return compareVersions(version, floor) >= 0;
}

export interface ReleaseGates {
  /** The site can create enhanced keys (16.19.0+): the app's key management needs this. */
  readonly supportsEnhancedKeys: boolean;
  /** The site already rejects legacy keys (19.0.0+). */
  readonly rejectsLegacyKeys: boolean;
  /** The release text could be read at all. */
  readonly known: boolean;
}

export function releaseGates(release: string): ReleaseGates {
  const known = parseVersion(release) !== null;
  return {
    known,
    supportsEnhancedKeys: isAtLeast(release, ENHANCED_KEYS_FROM),
    rejectsLegacyKeys: isAtLeast(release, LEGACY_REJECTED_FROM),
  };
}
