/** What every handler needs: the database, the service clock and the release it reports (tests change it live). */
import type { KeyDb } from './db.js';

export interface ServiceState {
  readonly db: KeyDb;
  readonly now: () => Date;
  release: string;
  /** Test-only: a recognisable text placed in every secret created through the API (canary tests). */
  readonly createdSecretMarker?: string;
}
