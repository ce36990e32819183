/**
 * The command line of `npm run readiness` and where its key comes from. Pure parsing plus one file read; no
 * service logic.
 *
 * A key never comes from the command line: an argument is kept in the shell history and shown to every user of
 * the machine in the process list (`ps`), so `--key`, any positional argument and anything that looks like a key
 * string are refused, with that reason (security.md A: the admin's key is the most sensitive thing the app holds).
 * Messages never repeat an argument that may be a key: only flag names from a fixed list and file paths are shown.
 */
import fs from 'node:fs';
import { ENHANCED_SECRET_LENGTH, MAX_KEY_STRING_LENGTH, parseKeyString } from '../../shared/key-string.js';
import { MAX_QUIET_DAYS, MAX_TICK_NOTE } from '../../shared/migration.js';
import type { ReadinessFormat } from '../../shared/migration-report.js';

export const KEY_ENV = 'KEYWARDEN_API_KEY';
export const READINESS_FORMATS: readonly ReadinessFormat[] = ['json', 'csv', 'html'];

export const USAGE = `Usage: KEYWARDEN_API_KEY='<key string>' npm run -s readiness -- [options]

Checks whether a Flywheel site is ready for the 19.0 upgrade (no legacy key left in use) and writes the
readiness report. Needs a site admin's key string (it carries the site address).

Options:
  --format json|csv|html   report format (default json)
  --out FILE               write the report to FILE (mode 0600, atomically) instead of stdout
  --quiet-days N           days a legacy key must be quiet after its new key's first use (1-${MAX_QUIET_DAYS}, default 14)
  --upgrade-date YYYY-MM-DD  the planned 19.0 upgrade day, for the countdown and forecast
  --user-keys-checked NOTE  on a site that does not show other users' keys: record that every user has
                           replaced their legacy keys (how you know, in a few words); without it such a
                           site is not ready, since the check cannot see those keys
  --key-file FILE          read the key string from FILE (one line; the file must be readable by you only)
  --verbose                write the log lines to stderr
  --help                   show this help

The key is never accepted on the command line: it would be kept in the shell history and shown in the
process list. Use KEYWARDEN_API_KEY or --key-file.

Exit status: 0 ready, 1 not ready, 2 no report could be made (the reason is on stderr).
`;

export interface ReadinessOptions {
  readonly help: boolean;
  readonly format: ReadinessFormat;
  readonly out: string | null;
  readonly quietDays: number | null;
  readonly upgradeDate: string | null;
  readonly userKeysChecked: string | null;
  readonly keyFile: string | null;
  readonly verbose: boolean;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const refused = (message: string): Parsed<never> => ({ ok: false, message });

const WHY_NOT_ON_COMMAND_LINE =
  'a key on the command line is kept in the shell history and shown to other users in the process list. Put the key string in the KEYWARDEN_API_KEY environment variable, or in a file only you can read and give --key-file FILE.';

/** Flags that would carry a key: refused by name, whatever their value. */
const KEY_FLAGS = new Set(['key', 'api-key', 'apikey', 'key-string', 'secret', 'token', 'k']);
const VALUE_FLAGS = new Set(['format', 'out', 'quiet-days', 'upgrade-date', 'user-keys-checked', 'key-file']);
const BOOLEAN_FLAGS = new Set(['help', 'verbose']);
const SHORT_FLAGS: Readonly<Record<string, string>> = { h: 'help' };

/** A key string (`host:secret`, `host:port:secret`, with or without the scheme or auth prefix) or a bare enhanced secret. */
export function looksLikeKey(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.length === ENHANCED_SECRET_LENGTH && /^[A-Za-z0-9_-]+$/.test(trimmed)) return true;
  return trimmed.includes(':') && parseKeyString(trimmed).ok;
}

/** A value safe to repeat in a message on one line (paths given by the user; never a key, checked before). */
export function shown(text: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

function isDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const time = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === text;
}

function valueOf(name: string, value: string): Parsed<Partial<Record<keyof ReadinessOptions, unknown>>> {
  switch (name) {
    case 'format':
      return (READINESS_FORMATS as readonly string[]).includes(value)
        ? ok({ format: value })
        : refused(`--format takes json, csv or html, not "${shown(value)}".`);
    case 'quiet-days': {
      const days = /^\d{1,4}$/.test(value) ? Number(value) : NaN;
      return Number.isInteger(days) && days >= 1 && days <= MAX_QUIET_DAYS
        ? ok({ quietDays: days })
        : refused(`--quiet-days takes a whole number of days from 1 to ${MAX_QUIET_DAYS}, not "${shown(value)}".`);
    }
    case 'upgrade-date':
      return isDay(value)
        ? ok({ upgradeDate: value })
        : refused(`--upgrade-date takes a day as YYYY-MM-DD, not "${shown(value)}".`);
    case 'user-keys-checked':
      return value.trim().length >= 3 && value.trim().length <= MAX_TICK_NOTE
        ? ok({ userKeysChecked: value.trim() })
        : refused(`--user-keys-checked takes a note of 3 to ${MAX_TICK_NOTE} characters saying how you know.`);
    case 'out':
      return value.trim() === '' ? refused('--out needs a file name.') : ok({ out: value });
    case 'key-file':
      return value.trim() === '' ? refused('--key-file needs a file name.') : ok({ keyFile: value });
    default:
      return refused(`Unknown option --${name}.`);
  }
}

/** Parses the arguments after `npm run readiness --`. */
export function parseReadinessArgs(argv: readonly string[]): Parsed<ReadinessOptions> {
  // First, before anything is read: no argument may carry a key, whatever its place.
  for (const arg of argv) {
    const eq = arg.indexOf('=');
    const value = arg.startsWith('-') && eq > 0 ? arg.slice(eq + 1) : arg;
    if (looksLikeKey(value) || looksLikeKey(arg))
      return refused(`Refused: an argument looks like a key string, and ${WHY_NOT_ON_COMMAND_LINE}`);
    const name = (eq > 0 ? arg.slice(0, eq) : arg).replace(/^-{1,2}/, '').toLowerCase();
    if (arg.startsWith('-') && KEY_FLAGS.has(name))
      return refused(`Refused: --${name} is not accepted, because ${WHY_NOT_ON_COMMAND_LINE}`);
  }

  const options: Record<string, unknown> = {
    help: false,
    format: 'json',
    out: null,
    quietDays: null,
    upgradeDate: null,
    userKeysChecked: null,
    keyFile: null,
    verbose: false,
  };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('-') || arg === '-' || arg === '--') {
      return refused(
        `Refused: the command takes no positional argument (a key is never given this way: ${WHY_NOT_ON_COMMAND_LINE}) Run with --help to see the options.`,
      );
    }
    const eq = arg.indexOf('=');
    const rawName = eq > 0 ? arg.slice(0, eq) : arg;
    const long = rawName.startsWith('--');
    const bare = rawName.replace(/^-{1,2}/, '');
    const name = long ? bare : (SHORT_FLAGS[bare] ?? '');
    const known = VALUE_FLAGS.has(name) || BOOLEAN_FLAGS.has(name);
    if (!known) {
      const label = /^-{1,2}[A-Za-z][A-Za-z0-9-]{0,40}$/.test(rawName) ? rawName : 'an option';
      return refused(`Unknown option ${label}. Run with --help to see the options.`);
    }
    if (seen.has(name)) return refused(`--${name} is given more than once.`);
    seen.add(name);
    if (BOOLEAN_FLAGS.has(name)) {
      if (eq > 0) return refused(`--${name} takes no value.`);
      options[name] = true;
      continue;
    }
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--'))
        return refused(`--${name} needs a value. Run with --help to see the options.`);
      value = next;
      i += 1;
    }
    const parsed = valueOf(name, value);
    if (!parsed.ok) return parsed;
    Object.assign(options, parsed.value);
  }
  return ok(options as unknown as ReadinessOptions);
}

/** At most this many bytes are read from a key file: a key string is short (plus a newline). */
const MAX_KEY_FILE_BYTES = MAX_KEY_STRING_LENGTH + 16;

/**
 * The key string, from `--key-file` or the KEYWARDEN_API_KEY variable (exactly one of them). A key file must be
 * a regular file that neither the group nor others may read or write (mode & 0o077 == 0), holding one line.
 */
export function readKeyString(
  options: Pick<ReadinessOptions, 'keyFile'>,
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
): Parsed<string> {
  const fromEnv = env[KEY_ENV];
  if (options.keyFile !== null && fromEnv !== undefined) {
    return refused(`Give the key one way only: ${KEY_ENV} is set and --key-file is given. Unset ${KEY_ENV} or drop --key-file.`);
  }
  if (options.keyFile === null) {
    if (fromEnv === undefined) {
      return refused(`No key: set ${KEY_ENV} to a site admin's key string, or give --key-file FILE (a file only you can read).`);
    }
    const key = fromEnv.trim();
    if (key === '') return refused(`${KEY_ENV} is empty: set it to a site admin's key string.`);
    if (/[\r\n]/.test(key)) return refused(`${KEY_ENV} holds more than one line: set it to the key string alone.`);
    return ok(key);
  }
  return readKeyFile(options.keyFile, platform);
}

function readKeyFile(file: string, platform: NodeJS.Platform): Parsed<string> {
  const name = shown(file);
  let fd: number;
  try {
    // Non-blocking, so a FIFO given by mistake is refused below instead of hanging the check.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return refused(`The key file ${name} does not exist.`);
    if (code === 'EACCES' || code === 'EPERM') return refused(`The key file ${name} cannot be read: permission denied.`);
    return refused(`The key file ${name} cannot be read (${code ?? 'error'}).`);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return refused(`The key file ${name} is not a regular file.`);
    // Windows has no such mode bits; elsewhere a key file others may read is a leaked key (security.md A1: 0600).
    if (platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
      return refused(
        `The key file ${name} is open to other users (mode ${mode}): make it private first (chmod 600) and give a new key if others may have read it.`,
      );
    }
    if (stat.size > MAX_KEY_FILE_BYTES) return refused(`The key file ${name} is too large to hold one key string.`);
    const buffer = Buffer.alloc(MAX_KEY_FILE_BYTES + 1);
    const length = fs.readSync(fd, buffer, 0, buffer.length, 0);
    if (length > MAX_KEY_FILE_BYTES) return refused(`The key file ${name} is too large to hold one key string.`);
    const lines = buffer
      .subarray(0, length)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
    if (lines.length === 0) return refused(`The key file ${name} is empty: put the key string in it, on one line.`);
    if (lines.length > 1) return refused(`The key file ${name} must hold the key string on one line, and holds ${lines.length}.`);
    return ok(lines[0] ?? '');
  } finally {
    fs.closeSync(fd);
  }
}
