/** The admin's thresholds for key status, kept in the settings store; invalid stored values fall back to defaults. */
import { preferences, type Preferences } from '../../shared/ipc-contract.js';
import { DEFAULT_THRESHOLDS } from '../../shared/key-status.js';
import type { KeyValueStore } from '../ports.js';

const KEY = 'preferences';

export class PreferencesService {
  constructor(private readonly store: KeyValueStore) {}

  get(): Preferences {
    const parsed = preferences.safeParse(this.store.get(KEY));
    return parsed.success ? parsed.data : { ...DEFAULT_THRESHOLDS };
  }

  update(next: Preferences): Preferences {
    this.store.set(KEY, next);
    return next;
  }
}
