/**
 * The keyservice's database: schema (created at start) and every query. better-sqlite3 is synchronous, so each HTTP
 * handler runs its statements without interleaving; multi-step writes still use transactions so a crash cannot leave
 * half a change in a db file.
 */
import Database from 'better-sqlite3';

export type OriginType = 'user' | 'device';

export interface UserRow {
  id: string;
  firstname: string;
  lastname: string;
  email: string;
  roles: string; // JSON array
  disabled: number;
  created: string;
  modified: string;
  lastlogin: string | null;
}

export interface DeviceRow {
  id: string;
  label: string;
  type: string;
  version: string | null;
  name: string | null;
  errors: string; // JSON array
  info: string; // JSON object
  interval: number | null;
  last_seen: string | null;
  disabled: number;
  created: string;
  modified: string;
}

export interface KeyRow {
  id: string;
  label: string;
  origin_type: OriginType;
  origin_id: string;
  /** SHA-256 hex of an enhanced secret; null for a legacy key. */
  secret_hash: string | null;
  /** A legacy secret, in plain text as Flywheel stored them; null for an enhanced key. */
  legacy_secret: string | null;
  created: string;
  expires_at: string | null;
  last_used: string | null;
}

export type SeedKeyName = 'admin' | 'user' | 'legacy' | 'disabledUser' | 'adminLegacy';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  firstname TEXT NOT NULL,
  lastname TEXT NOT NULL,
  email TEXT NOT NULL,
  roles TEXT NOT NULL DEFAULT '["user"]',
  disabled INTEGER NOT NULL DEFAULT 0,
  created TEXT NOT NULL,
  modified TEXT NOT NULL,
  lastlogin TEXT
);
CREATE TABLE IF NOT EXISTS devices (
  id TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  type TEXT NOT NULL,
  version TEXT,
  name TEXT,
  errors TEXT NOT NULL DEFAULT '[]',
  info TEXT NOT NULL DEFAULT '{}',
  "interval" INTEGER,
  last_seen TEXT,
  disabled INTEGER NOT NULL DEFAULT 0,
  created TEXT NOT NULL,
  modified TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_keys (
  id TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  origin_type TEXT NOT NULL CHECK (origin_type IN ('user', 'device')),
  origin_id TEXT NOT NULL,
  secret_hash TEXT UNIQUE,
  legacy_secret TEXT UNIQUE,
  created TEXT NOT NULL,
  expires_at TEXT,
  last_used TEXT,
  CHECK ((secret_hash IS NULL) <> (legacy_secret IS NULL))
);
CREATE INDEX IF NOT EXISTS api_keys_origin ON api_keys (origin_type, origin_id);
-- Plain secrets of the seed's four well-known keys, only so the CLI can print them again when a db file is reopened.
CREATE TABLE IF NOT EXISTS seed_keys (
  name TEXT PRIMARY KEY,
  secret TEXT NOT NULL
);
`;

/** Columns a list may be sorted or filtered on; everything else is refused with 400 before it reaches SQL. */
export const USER_LIST_COLUMNS = {
  _id: 'id',
  email: 'email',
  firstname: 'firstname',
  lastname: 'lastname',
  created: 'created',
  modified: 'modified',
  lastlogin: 'lastlogin',
  disabled: 'disabled',
} as const;

export const DEVICE_LIST_COLUMNS = {
  _id: 'id',
  label: 'label',
  type: 'type',
  name: 'name',
  version: 'version',
  created: 'created',
  last_seen: 'last_seen',
  disabled: 'disabled',
} as const;

export interface ListCondition {
  column: string;
  op: '=' | '!=' | '=~';
  value: string | number | null;
}

export interface ListQuery {
  conditions: readonly ListCondition[];
  sort: readonly { column: string; direction: 'ASC' | 'DESC' }[];
  afterId: string | null;
  limit: number | null;
}

export interface ListResult<T> {
  total: number;
  rows: T[];
}

export class KeyDb {
  readonly sqlite: Database.Database;
  private readonly statements;

  constructor(file?: string) {
    this.sqlite = new Database(file ?? ':memory:');
    if (file) this.sqlite.pragma('journal_mode = WAL');
    this.sqlite.pragma('foreign_keys = ON');
    // "=~" filters are regular expressions, as in Flywheel's filter syntax; SQLite calls regexp(pattern, value).
    this.sqlite.function('regexp', { deterministic: true }, (pattern: unknown, value: unknown) => {
      if (value === null || value === undefined) return 0;
      return new RegExp(String(pattern), 'i').test(String(value)) ? 1 : 0;
    });
    this.sqlite.exec(SCHEMA);
    const db = this.sqlite;
    this.statements = {
      countUsers: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM users'),
      countDevices: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM devices'),
      userById: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
      deviceById: db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE id = ?'),
      keyById: db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE id = ?'),
      keyByHash: db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE secret_hash = ?'),
      keyByLegacy: db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE legacy_secret = ?'),
      keysOf: db.prepare<[OriginType, string], KeyRow>(
        'SELECT * FROM api_keys WHERE origin_type = ? AND origin_id = ? ORDER BY created, id',
      ),
      keysOfType: db.prepare<[OriginType], KeyRow>('SELECT * FROM api_keys WHERE origin_type = ? ORDER BY created, id'),
      countKeysOf: db.prepare<[OriginType, string], { n: number }>(
        'SELECT COUNT(*) AS n FROM api_keys WHERE origin_type = ? AND origin_id = ?',
      ),
      insertUser: db.prepare<[UserRow]>(
        `INSERT INTO users (id, firstname, lastname, email, roles, disabled, created, modified, lastlogin)
         VALUES (@id, @firstname, @lastname, @email, @roles, @disabled, @created, @modified, @lastlogin)`,
      ),
      insertDevice: db.prepare<[DeviceRow]>(
        `INSERT INTO devices (id, label, type, version, name, errors, info, "interval", last_seen, disabled, created, modified)
         VALUES (@id, @label, @type, @version, @name, @errors, @info, @interval, @last_seen, @disabled, @created, @modified)`,
      ),
      insertKey: db.prepare<[KeyRow]>(
        `INSERT INTO api_keys (id, label, origin_type, origin_id, secret_hash, legacy_secret, created, expires_at, last_used)
         VALUES (@id, @label, @origin_type, @origin_id, @secret_hash, @legacy_secret, @created, @expires_at, @last_used)`,
      ),
      setUserDisabled: db.prepare<[number, string, string]>('UPDATE users SET disabled = ?, modified = ? WHERE id = ?'),
      setDeviceDisabled: db.prepare<[number, string, string]>('UPDATE devices SET disabled = ?, modified = ? WHERE id = ?'),
      touchKey: db.prepare<[string, string]>('UPDATE api_keys SET last_used = ? WHERE id = ?'),
      touchDevice: db.prepare<[string, string]>('UPDATE devices SET last_seen = ? WHERE id = ?'),
      deleteKey: db.prepare<[string]>('DELETE FROM api_keys WHERE id = ?'),
      deleteKeysOf: db.prepare<[OriginType, string]>('DELETE FROM api_keys WHERE origin_type = ? AND origin_id = ?'),
      deleteDevice: db.prepare<[string]>('DELETE FROM devices WHERE id = ?'),
      allDevices: db.prepare<[], DeviceRow>('SELECT * FROM devices ORDER BY id'),
      seedKeys: db.prepare<[], { name: string; secret: string }>('SELECT name, secret FROM seed_keys'),
      insertSeedKey: db.prepare<[string, string]>('INSERT OR REPLACE INTO seed_keys (name, secret) VALUES (?, ?)'),
    };
  }

  close(): void {
    if (this.sqlite.open) this.sqlite.close();
  }

  isEmpty(): boolean {
    return (this.statements.countUsers.get()?.n ?? 0) === 0 && (this.statements.countDevices.get()?.n ?? 0) === 0;
  }

  transaction<T>(work: () => T): T {
    return this.sqlite.transaction(work)();
  }

  user(id: string): UserRow | undefined {
    return this.statements.userById.get(id);
  }

  device(id: string): DeviceRow | undefined {
    return this.statements.deviceById.get(id);
  }

  key(id: string): KeyRow | undefined {
    return this.statements.keyById.get(id);
  }

  keyBySecretHash(hash: string): KeyRow | undefined {
    return this.statements.keyByHash.get(hash);
  }

  keyByLegacySecret(secret: string): KeyRow | undefined {
    return this.statements.keyByLegacy.get(secret);
  }

  keysOf(type: OriginType, id: string): KeyRow[] {
    return this.statements.keysOf.all(type, id);
  }

  /** Keys of many owners at once, grouped by owner id (for join_keys on a page of a list). */
  keysOfMany(type: OriginType, ids: readonly string[]): Map<string, KeyRow[]> {
    const grouped = new Map<string, KeyRow[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return grouped;
    const rows =
      ids.length > 500
        ? this.statements.keysOfType.all(type)
        : this.sqlite
            .prepare<string[], KeyRow>(
              `SELECT * FROM api_keys WHERE origin_type = '${type}' AND origin_id IN (${ids.map(() => '?').join(',')})
               ORDER BY created, id`,
            )
            .all(...ids);
    for (const row of rows) grouped.get(row.origin_id)?.push(row);
    return grouped;
  }

  countKeysOf(type: OriginType, id: string): number {
    return this.statements.countKeysOf.get(type, id)?.n ?? 0;
  }

  insertUser(row: UserRow): void {
    this.statements.insertUser.run(row);
  }

  insertDevice(row: DeviceRow): void {
    this.statements.insertDevice.run(row);
  }

  insertKey(row: KeyRow): void {
    this.statements.insertKey.run(row);
  }

  setUserDisabled(id: string, disabled: boolean, now: string): boolean {
    return this.statements.setUserDisabled.run(disabled ? 1 : 0, now, id).changes > 0;
  }

  setDeviceDisabled(id: string, disabled: boolean, now: string): boolean {
    return this.statements.setDeviceDisabled.run(disabled ? 1 : 0, now, id).changes > 0;
  }

  touchKey(id: string, now: string): void {
    this.statements.touchKey.run(now, id);
  }

  touchDevice(id: string, now: string): void {
    this.statements.touchDevice.run(now, id);
  }

  deleteKey(id: string): boolean {
    return this.statements.deleteKey.run(id).changes > 0;
  }

  /** Deleting a device deletes its keys too, in one transaction. */
  deleteDevice(id: string): boolean {
    return this.transaction(() => {
      this.statements.deleteKeysOf.run('device', id);
      return this.statements.deleteDevice.run(id).changes > 0;
    });
  }

  allDevices(): DeviceRow[] {
    return this.statements.allDevices.all();
  }

  seedKeys(): Map<string, string> {
    return new Map(this.statements.seedKeys.all().map((row) => [row.name, row.secret]));
  }

  saveSeedKey(name: SeedKeyName, secret: string): void {
    this.statements.insertSeedKey.run(name, secret);
  }

  listUsers(query: ListQuery): ListResult<UserRow> {
    return this.list<UserRow>('users', query);
  }

  listDevices(query: ListQuery): ListResult<DeviceRow> {
    return this.list<DeviceRow>('devices', query);
  }

  /** Column names come only from the whitelists above; values are always bound parameters. */
  private list<T>(table: 'users' | 'devices', query: ListQuery): ListResult<T> {
    const where: string[] = [];
    const params: (string | number | null)[] = [];
    for (const condition of query.conditions) {
      const column = `"${condition.column}"`;
      if (condition.op === '=~') where.push(`${column} REGEXP ?`);
      else if (condition.op === '=') where.push(`${column} IS ?`);
      else where.push(`${column} IS NOT ?`);
      params.push(condition.value);
    }
    const filtered = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const total =
      this.sqlite.prepare<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM ${table} ${filtered}`).get(...params)?.n ?? 0;
    const pageWhere = [...where];
    const pageParams = [...params];
    if (query.afterId !== null) {
      pageWhere.push('id > ?');
      pageParams.push(query.afterId);
    }
    const order = [...query.sort.map((s) => `"${s.column}" ${s.direction}`), 'id ASC'].join(', ');
    const limit = query.limit !== null ? `LIMIT ${query.limit}` : '';
    const sql = `SELECT * FROM ${table} ${pageWhere.length > 0 ? `WHERE ${pageWhere.join(' AND ')}` : ''}
      ORDER BY ${order} ${limit}`;
    const rows = this.sqlite.prepare<unknown[], T>(sql).all(...pageParams);
    return { total, rows };
  }
}
