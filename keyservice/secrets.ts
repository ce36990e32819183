/**
 * Secrets and ids. Enhanced secrets are 57 characters of [A-Za-z0-9_-] (Flywheel's clients), the public ones all start
 * with "djE" [assumed]; they are stored only as a SHA-256 hash. Legacy secrets are 18 characters of [A-Za-z0-9] and,
 * as in Flywheel core of 2019, stored in plain text.
 */
import { createHash, randomBytes } from 'node:crypto';

export const ENHANCED_PREFIX = 'djE';
export const ENHANCED_LENGTH = 57;
export const LEGACY_LENGTH = 18;
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const ENHANCED_SECRET_PATTERN = /^[A-Za-z0-9_-]{57}$/;
export const LEGACY_SECRET_PATTERN = /^[A-Za-z0-9]{1,128}$/;

/** A source of uniform integers in [0, n); the service uses crypto, seeds use a seeded PRNG. */
export interface RandomSource {
  int(n: number): number;
}

export const cryptoRandom: RandomSource = {
  int(n: number): number {
    // Rejection sampling on 32-bit values so every character is equally likely.
    const limit = Math.floor(0x1_0000_0000 / n) * n;
    for (;;) {
      const value = randomBytes(4).readUInt32BE(0);
      if (value < limit) return value % n;
    }
  },
};

/** mulberry32: small, fast and good enough to make the seeds deterministic. Not for real secrets. */
export function seededRandom(seed: number): RandomSource & { next(): number } {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

function charsFrom(alphabet: string, length: number, random: RandomSource): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[random.int(alphabet.length)];
  return out;
}

export function newEnhancedSecret(random: RandomSource = cryptoRandom): string {
  return ENHANCED_PREFIX + charsFrom(URL_SAFE, ENHANCED_LENGTH - ENHANCED_PREFIX.length, random);
}

export function newLegacySecret(random: RandomSource = cryptoRandom): string {
  return charsFrom(ALNUM, LEGACY_LENGTH, random);
}

/** Ids look like Mongo ObjectIds (24 hex digits), as Flywheel's do. They never derive from a secret. */
export function newId(random: RandomSource = cryptoRandom): string {
  return charsFrom('0123456789abcdef', 24, random);
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function isEnhancedSecret(secret: string): boolean {
  return ENHANCED_SECRET_PATTERN.test(secret);
}
