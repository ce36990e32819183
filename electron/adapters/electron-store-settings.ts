/**
 * Site profiles and settings in electron-store (never a secret: keys live in the vault). electron-store's
 * "encryption" is obfuscation, so it is not used (security.md A1). A file it cannot use is kept aside and the
 * admin told (security.md E2), instead of what electron-store would do: throw at start for invalid JSON, or take
 * a file that is valid JSON but not an object (null, an array, a string) as an empty store and overwrite it at
 * the next change, silently. So the file is checked here before electron-store opens it.
 */
import fs from 'node:fs';
import path from 'node:path';
import Store from 'electron-store';
import type { Clock, KeyValueStore } from '../ports.js';
import { keepAside } from '../services/atomic-file.js';

const NAME = 'settings';

/** Whether the file exists and is not a JSON object. A file that cannot be read at all is not judged here. */
function isDamaged(file: string): boolean {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed === null || typeof parsed !== 'object' || Array.isArray(parsed);
  } catch {
    return true;
  }
}

export function createElectronStoreSettings(userDataDir: string, clock: Clock): KeyValueStore {
  const problems: string[] = [];
  const file = path.join(userDataDir, `${NAME}.json`);
  if (isDamaged(file)) {
    const aside = keepAside(file, clock.now());
    problems.push(
      `The settings file was damaged and could not be read. It was kept as ${path.basename(aside)}; the app started without it.`,
    );
  }
  // The folder is given explicitly, so the file checked above is the one electron-store opens.
  const store = new Store<Record<string, unknown>>({ name: NAME, cwd: userDataDir, clearInvalidConfig: false });
  return {
    problems,
    get: (key) => store.get(key),
    set: (key, value) => store.set(key, value),
    delete: (key) => store.delete(key),
  };
}
