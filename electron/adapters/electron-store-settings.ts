/**
 * Site profiles and settings in electron-store (never a secret: keys live in the vault). electron-store's
 * "encryption" is obfuscation, so it is not used (security.md A1). A file it cannot parse is kept aside and
 * the admin told, instead of the silent reset electron-store would do with clearInvalidConfig (security.md E2).
 */
import fs from 'node:fs';
import path from 'node:path';
import Store from 'electron-store';
import type { Clock, KeyValueStore } from '../ports.js';
import { keepAside } from '../services/atomic-file.js';

export function createElectronStoreSettings(userDataDir: string, clock: Clock): KeyValueStore {
  const problems: string[] = [];
  const open = (): Store<Record<string, unknown>> =>
    new Store<Record<string, unknown>>({ name: 'settings', clearInvalidConfig: false });
  let store: Store<Record<string, unknown>>;
  try {
    store = open();
  } catch {
    const file = path.join(userDataDir, 'settings.json');
    if (fs.existsSync(file)) {
      const aside = keepAside(file, clock.now());
      problems.push(
        `The settings file was damaged and could not be read. It was kept as ${path.basename(aside)}; the app started without it.`,
      );
    }
    store = open();
  }
  return {
    problems,
    get: (key) => store.get(key),
    set: (key, value) => store.set(key, value),
    delete: (key) => store.delete(key),
  };
}
