/**
 * Keyservice: our reference implementation of the part of the Flywheel API the app uses (fastify + SQLite), for the
 * demo, the integration and e2e tests and the benchmarks. Never shipped in the app. See ASSUMPTIONS.md beside this.
 */
import type { AddressInfo } from 'node:net';
import { parseVersion } from '../shared/version.js';
import { KeyDb, type SeedKeyName } from './db.js';
import { FaultInjector, type KeyServiceFaults } from './faults.js';
import { RateLimiter } from './rate-limit.js';
import { isEnhancedSecret } from './secrets.js';
import { demoSeedPlan } from './seed/demo.js';
import { applySeedPlan } from './seed/plan.js';
import { scaleSeedPlan } from './seed/scale.js';
import { buildServer } from './server.js';
import type { ServiceState } from './state.js';

export type { FaultMatch, KeyServiceFaults } from './faults.js';

export const DEFAULT_RELEASE = '18.4.0';
export const HOST = '127.0.0.1';

export interface KeyServiceOptions {
  /** 0 / undefined = random free port; always binds 127.0.0.1 only. */
  port?: number;
  /** sqlite file; undefined = in memory. */
  dbFile?: string;
  /** Reported Flywheel release, default '18.4.0'. */
  release?: string;
  /** Default 'none'; a seed is applied only when the database is empty. */
  seed?: 'demo' | 'scale' | 'none';
  /** The scale seed's size factor (a positive integer, default 1): N times its users, devices and keys. */
  scale?: number;
  /** Clock, default () => new Date(); all expiry/last_used logic uses it. */
  now?: () => Date;
  /** Overrides the seed admin's enhanced 57-char secret (only when the seed is applied). */
  adminSecret?: string;
  /** Test-only: a text of [A-Za-z0-9_-] (at most 40 chars) placed in every secret created through the API. */
  createdSecretMarker?: string;
  /** Per client key; over it -> 429 with Retry-After (seconds). Default null (off). */
  rateLimit?: { requestsPerSecond: number } | null;
  /** fastify logging, default false. */
  logger?: boolean;
}

/** Full key strings of the seed's well-known keys. */
export interface SeedKeys {
  /** The site admin's enhanced key (Ada Lovelace). */
  admin: string;
  /** An enhanced key of a user who is not an admin. */
  user: string;
  /** A legacy key of an enabled importer device. */
  legacy: string;
  /** An enhanced key of a disabled user (402). */
  disabledUser: string;
  /** The site admin's legacy key (an addition to the brief; the CLI does not print it). */
  adminLegacy: string;
}

export interface KeyService {
  /** 'http://127.0.0.1:<port>' (no /api) */
  baseUrl: string;
  port: number;
  /** Key strings of the seed (also after reopening a seeded db file), null when the database holds no seed. */
  keys: SeedKeys | null;
  faults: KeyServiceFaults;
  setRelease(release: string): void;
  close(): Promise<void>;
}

/** Flywheel's own key string form for a loopback test site. */
export function keyString(port: number, secret: string): string {
  return `${HOST}:${port}:__force_insecure:${secret}`;
}

function checkRelease(release: string): string {
  if (parseVersion(release) === null) throw new Error(`Not a release number: ${release}`);
  return release;
}

function seedKeysOf(db: KeyDb, port: number): SeedKeys | null {
  const stored = db.seedKeys();
  const get = (name: SeedKeyName): string | undefined => stored.get(name);
  const admin = get('admin');
  const user = get('user');
  const legacy = get('legacy');
  const disabledUser = get('disabledUser');
  const adminLegacy = get('adminLegacy');
  if (
    admin === undefined ||
    user === undefined ||
    legacy === undefined ||
    disabledUser === undefined ||
    adminLegacy === undefined
  ) {
    return null;
  }
  return {
    admin: keyString(port, admin),
    user: keyString(port, user),
    legacy: keyString(port, legacy),
    disabledUser: keyString(port, disabledUser),
    adminLegacy: keyString(port, adminLegacy),
  };
}

export async function startKeyService(options: KeyServiceOptions = {}): Promise<KeyService> {
  const now = options.now ?? (() => new Date());
  const release = checkRelease(options.release ?? DEFAULT_RELEASE);
  const seed = options.seed ?? 'none';
  if (options.adminSecret !== undefined && !isEnhancedSecret(options.adminSecret)) {
    throw new Error('adminSecret must be 57 characters of [A-Za-z0-9_-]');
  }
  if (options.createdSecretMarker !== undefined && !/^[A-Za-z0-9_-]{1,40}$/.test(options.createdSecretMarker)) {
    throw new Error('createdSecretMarker must be 1 to 40 characters of [A-Za-z0-9_-]');
  }
  const rateLimiter = options.rateLimit ? new RateLimiter(options.rateLimit) : null;
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Not a port: ${port}`);

  const db = new KeyDb(options.dbFile);
  try {
    if (seed !== 'none' && db.isEmpty()) {
      const plan =
        seed === 'demo'
          ? demoSeedPlan(now(), options.adminSecret)
          : scaleSeedPlan(now(), options.adminSecret, options.scale ?? 1);
      applySeedPlan(db, plan);
    }
    const state: ServiceState = { db, now, release, createdSecretMarker: options.createdSecretMarker };
    const faults = new FaultInjector();
    const app = buildServer({ state, faults, rateLimiter, logger: options.logger ?? false });
    await app.listen({ host: HOST, port });
    const boundPort = (app.server.address() as AddressInfo).port;
    let closing: Promise<void> | null = null;
    return {
      baseUrl: `http://${HOST}:${boundPort}`,
      port: boundPort,
      keys: seedKeysOf(db, boundPort),
      faults,
      setRelease(next: string): void {
        state.release = checkRelease(next);
      },
      close(): Promise<void> {
        closing ??= app.close().finally(() => db.close());
        return closing;
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
