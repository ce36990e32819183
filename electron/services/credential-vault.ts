/**
 * Keeps each site's admin key (security.md A1-A3, A6).
 * - With a real OS keychain: the key is encrypted by it (safeStorage) and written as bytes, mode 0600.
 * - On Linux without a keyring (backend basic_text/unknown) or with no cipher at all (the web host): kept in
 *   memory for this session only, unless the admin explicitly opts in to weak storage (recorded and shown).
 *   VS Code keeps such secrets in memory; Signal refuses to start. We keep them in memory and say why.
 * - A stored key that cannot be decrypted (keyring locked, backend changed) is never deleted or overwritten
 *   automatically: the site shows "enter the key again" and the bytes stay as they were.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { CredentialStorage } from '../../shared/ipc-contract.js';
import type { CredentialCipher } from '../ports.js';
import { writeFileAtomic } from './atomic-file.js';

const WEAK_BACKENDS = new Set(['basic_text', 'unknown', 'none']);

const storedFile = z.strictObject({
  version: z.literal(1),
  backend: z.string(),
  storage: z.enum(['keychain', 'weak-opt-in']),
  ciphertext: z.string(),
});

export type VaultRead =
  | { readonly kind: 'ok'; readonly secret: string; readonly storage: CredentialStorage }
  | { readonly kind: 'missing' }
  | { readonly kind: 'unreadable'; readonly reason: string };

export interface StoredHow {
  readonly storage: CredentialStorage;
  readonly reason: string;
}

export class CredentialVault {
  private readonly session = new Map<string, { secret: string; storage: CredentialStorage }>();

  constructor(
    private readonly dir: string,
    private readonly cipher: CredentialCipher | null,
  ) {}

  /** Whether keys can be kept encrypted by a real OS keychain here. */
  keychain(): { available: boolean; backend: string } {
    if (!this.cipher || !this.cipher.isEncryptionAvailable()) return { available: false, backend: 'none' };
    const backend = this.cipher.backend();
    return { available: !WEAK_BACKENDS.has(backend), backend };
  }

  store(siteId: string, secret: string, allowWeakStorage: boolean): StoredHow {
    const { available, backend } = this.keychain();
    const canEncryptAtAll = this.cipher !== null && this.cipher.isEncryptionAvailable();
    if (available || (allowWeakStorage && canEncryptAtAll)) {
      const storage: CredentialStorage = available ? 'keychain' : 'weak-opt-in';
      const ciphertext = this.cipher!.encrypt(secret).toString('base64');
      writeFileAtomic(this.fileOf(siteId), JSON.stringify({ version: 1, backend, storage, ciphertext }));
      this.session.set(siteId, { secret, storage });
      return { storage, reason: this.reasonFor(storage, backend) };
    }
    // Nothing persisted. A stale file from an earlier choice must not outlive the new key; but while the keychain
    // is only locked (a cipher that cannot encrypt now), the encrypted copy is still valid and cannot be replaced:
    // keep it, so the key is back after the next unlock and restart (security.md A3).
    if (!this.cipher || this.cipher.isEncryptionAvailable()) fs.rmSync(this.fileOf(siteId), { force: true });
    this.session.set(siteId, { secret, storage: 'session' });
    return { storage: 'session', reason: this.reasonFor('session', backend, allowWeakStorage && !canEncryptAtAll) };
  }

  read(siteId: string): VaultRead {
    const inMemory = this.session.get(siteId);
    if (inMemory) return { kind: 'ok', ...inMemory };
    const file = this.fileOf(siteId);
    if (!fs.existsSync(file)) return { kind: 'missing' };
    const unreadable = (reason: string): VaultRead => ({ kind: 'unreadable', reason });
    let stored: z.infer<typeof storedFile>;
    try {
      const parsed = storedFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
      if (!parsed.success) return unreadable('The stored key file is damaged. Enter the key again.');
      stored = parsed.data;
    } catch {
      return unreadable('The stored key file is damaged. Enter the key again.');
    }
    if (!this.cipher || !this.cipher.isEncryptionAvailable()) {
      return unreadable('The OS keychain is not available (locked or missing). Unlock it, or enter the key again.');
    }
    if (stored.backend !== this.cipher.backend()) {
      return unreadable('The OS keychain changed since the key was stored, so it cannot be read. Enter the key again.');
    }
    try {
      const secret = this.cipher.decrypt(Buffer.from(stored.ciphertext, 'base64'));
      this.session.set(siteId, { secret, storage: stored.storage });
      return { kind: 'ok', secret, storage: stored.storage };
    } catch {
      return unreadable('The OS keychain could not decrypt the stored key (locked or changed). Enter the key again.');
    }
  }

  /** Removes the stored key and the in-memory copy (security.md A6). */
  forget(siteId: string): void {
    this.session.delete(siteId);
    fs.rmSync(this.fileOf(siteId), { force: true });
  }

  reasonFor(storage: CredentialStorage, backend: string, noCipher = false): string {
    switch (storage) {
      case 'keychain':
        return `Encrypted by the operating system's keychain (${backend}) and stored on this computer.`;
      case 'weak-opt-in':
        return `Stored at your request although this computer has no OS keychain (${backend}): the encryption is weak and anyone with access to your account files could read the key.`;
      case 'session':
        return noCipher || backend === 'none'
          ? 'Kept in memory for this session only: this host has no OS keychain to protect it, so it is never written to disk.'
          : `Kept in memory for this session only: this computer has no OS keychain (${backend}), so the key is not written to disk. Opt in to weak storage to keep it across restarts.`;
    }
  }

  private fileOf(siteId: string): string {
    return path.join(this.dir, `${siteId}.key.json`);
  }
}
