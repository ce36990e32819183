/**
 * Shared fixtures for unit tests: recognisable canary secrets (security.md, "Canary test pattern") and small
 * fakes of the ports (cipher, key/value store, logger, clock).
 */
import type { Clock, CredentialCipher, KeyValueStore, Logger } from '../../electron/ports.js';

/** An enhanced admin secret: 57 characters of [A-Za-z0-9_-], starting with djE, containing ADMINCANARY. */
export const ADMIN_SECRET = `djEADMINCANARY${'x'.repeat(57 - 'djEADMINCANARY'.length)}`;
/** A legacy admin secret: 18 characters of [A-Za-z0-9], containing ADMINCANARY. */
export const LEGACY_SECRET = 'LADMINCANARY123456';
export const CANARY = 'ADMINCANARY';

if (ADMIN_SECRET.length !== 57 || LEGACY_SECRET.length !== 18) throw new Error('bad canary fixture');

export const fixedClock = (iso = '2026-11-26T10:00:00.000Z'): Clock => ({ now: () => new Date(iso) });

/** A reversible, non-identity "encryption" (XOR 0x5a) with a configurable backend. */
export class FakeCipher implements CredentialCipher {
  failDecrypt = false;
  decryptCalls = 0;
  constructor(
    public backendName = 'gnome_libsecret',
    public available = true,
  ) {}
  backend(): string {
    return this.backendName;
  }
  isEncryptionAvailable(): boolean {
    return this.available;
  }
  encrypt(plain: string): Buffer {
    return Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a));
  }
  decrypt(bytes: Buffer): string {
    this.decryptCalls += 1;
    if (this.failDecrypt) throw new Error('keyring locked');
    return Buffer.from(bytes.map((b) => b ^ 0x5a)).toString('utf8');
  }
}

/** An in-memory KeyValueStore that copies values, like a real store would. */
export class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, unknown>();
  constructor(readonly problems: string[] = []) {}
  get(key: string): unknown {
    const value = this.data.get(key);
    return value === undefined ? undefined : structuredClone(value);
  }
  set(key: string, value: unknown): void {
    this.data.set(key, structuredClone(value));
  }
  delete(key: string): void {
    this.data.delete(key);
  }
  dump(): string {
    return JSON.stringify(Object.fromEntries(this.data));
  }
}

export interface CapturedLine {
  readonly level: string;
  readonly event: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

export function captureLogger(): Logger & { lines: CapturedLine[]; text(): string } {
  const lines: CapturedLine[] = [];
  const at =
    (level: string) =>
    (event: string, fields: Readonly<Record<string, unknown>> = {}) => {
      lines.push({ level, event, fields });
    };
  return { lines, info: at('info'), warn: at('warn'), error: at('error'), text: () => JSON.stringify(lines) };
}
