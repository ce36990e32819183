/** Electron's safeStorage as the CredentialCipher port (security.md A1-A2). */
import { safeStorage } from 'electron';
import type { CredentialCipher } from '../ports.js';

export function createSafeStorageCipher(platform: NodeJS.Platform): CredentialCipher {
  return {
    // getSelectedStorageBackend exists on Linux only; elsewhere the OS keychain is always the backend.
    backend: () =>
      platform === 'linux' ? safeStorage.getSelectedStorageBackend() : platform === 'darwin' ? 'keychain' : 'dpapi',
    isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (bytes) => safeStorage.decryptString(bytes),
  };
}
