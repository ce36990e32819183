/**
 * A stand-in for Electron's safeStorage: reversible, not secure, with a chosen backend name.
 * The bytes never contain the plain text, so canary searches stay meaningful.
 */
import type { CredentialCipher } from '../../electron/ports.js';

export function fakeCipher(
  backend = 'gnome_libsecret',
  options: { available?: boolean; failDecrypt?: boolean } = {},
): CredentialCipher {
  const mask = (bytes: Buffer): Buffer => Buffer.from(bytes.map((b) => b ^ 0x5a));
  return {
    backend: () => backend,
    isEncryptionAvailable: () => options.available ?? true,
    encrypt: (plain) => mask(Buffer.from(plain, 'utf8')),
    decrypt: (bytes) => {
      if (options.failDecrypt) throw new Error('keyring locked');
      return mask(bytes).toString('utf8');
    },
  };
}
