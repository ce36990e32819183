import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  KEY_ENV,
  looksLikeKey,
  parseReadinessArgs,
  readKeyString,
  type ReadinessOptions,
} from '../../../../electron/headless/readiness-args.js';
import { ADMIN_SECRET, CANARY, LEGACY_SECRET } from '../../support.js';

const KEY_STRING = `flywheel.example.org:${ADMIN_SECRET}`;

function options(argv: string[]): ReadinessOptions {
  const parsed = parseReadinessArgs(argv);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

function refusal(argv: string[]): string {
  const parsed = parseReadinessArgs(argv);
  expect(parsed.ok, `${argv.join(' ')} should be refused`).toBe(false);
  return parsed.ok ? '' : parsed.message;
}

describe('parseReadinessArgs', () => {
  it('defaults to a JSON report on stdout', () => {
    expect(options([])).toEqual({
      help: false,
      format: 'json',
      out: null,
      quietDays: null,
      upgradeDate: null,
      userKeysChecked: null,
      keyFile: null,
      verbose: false,
    });
  });

  it('reads every option, as --flag value and as --flag=value', () => {
    expect(
      options([
        '--format',
        'html',
        '--out=report.html',
        '--quiet-days',
        '21',
        '--upgrade-date=2027-03-01',
        '--user-keys-checked',
        ' Each user confirmed by mail ',
        '--key-file',
        'key.txt',
        '--verbose',
      ]),
    ).toEqual({
      help: false,
      format: 'html',
      out: 'report.html',
      quietDays: 21,
      upgradeDate: '2027-03-01',
      userKeysChecked: 'Each user confirmed by mail',
      keyFile: 'key.txt',
      verbose: true,
    });
    expect(options(['-h']).help).toBe(true);
    expect(options(['--help']).help).toBe(true);
    expect(options(['--format=csv']).format).toBe('csv');
  });

  it('refuses a --user-keys-checked note too short to say anything', () => {
    const parsed = parseReadinessArgs(['--user-keys-checked', 'ok']);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toMatch(/3 to 400 characters/);
  });

  it.each([
    [['--key', KEY_STRING]],
    [[`--key=${KEY_STRING}`]],
    [['--api-key', 'x']],
    [['--secret=abc']],
    [['-k', 'x']],
    [[KEY_STRING]],
    [[`https://${KEY_STRING}`]],
    [['--out', KEY_STRING]],
    [[`--out=${KEY_STRING}`]],
    [[`127.0.0.1:8443:__force_insecure:${LEGACY_SECRET}`]],
    [[ADMIN_SECRET]],
  ])('refuses a key on the command line (%j), saying why, without repeating it', (argv) => {
    const message = refusal(argv);
    expect(message).toMatch(/shell history/);
    expect(message).toMatch(/process list/);
    expect(message).toMatch(/KEYWARDEN_API_KEY/);
    expect(message).not.toContain(CANARY);
    expect(message).not.toContain(LEGACY_SECRET);
  });

  it('refuses any positional argument, with the same reason', () => {
    for (const argv of [['report'], ['--format', 'json', 'extra'], ['--'], ['-']]) {
      const message = refusal(argv);
      expect(message).toMatch(/no positional argument/);
      expect(message).toMatch(/shell history/);
      expect(message).not.toContain('extra');
    }
  });

  it('refuses unknown options, naming a plain option name only', () => {
    expect(refusal(['--xml'])).toBe('Unknown option --xml. Run with --help to see the options.');
    expect(refusal(['-x'])).toBe('Unknown option -x. Run with --help to see the options.');
    const odd = refusal(['--$(rm -rf)']);
    expect(odd).toBe('Unknown option an option. Run with --help to see the options.');
  });

  it.each([
    [['--format', 'xml'], /--format takes json, csv or html, not "xml"/],
    [['--format'], /--format needs a value/],
    [['--format', '--out', 'x'], /--format needs a value/],
    [['--quiet-days', '0'], /--quiet-days takes a whole number of days from 1 to 365, not "0"/],
    [['--quiet-days', 'abc'], /not "abc"/],
    [['--quiet-days', '-3'], /not "-3"/],
    [['--quiet-days', '1.5'], /not "1.5"/],
    [['--quiet-days', '366'], /not "366"/],
    [['--upgrade-date', '2027-02-30'], /--upgrade-date takes a day as YYYY-MM-DD/],
    [['--upgrade-date', 'tomorrow'], /YYYY-MM-DD/],
    [['--out', ''], /--out needs a file name/],
    [['--verbose=yes'], /--verbose takes no value/],
    [['--format', 'json', '--format', 'csv'], /--format is given more than once/],
  ])('refuses bad values %j with a clear message', (argv, expected) => {
    expect(refusal(argv)).toMatch(expected);
  });
});

describe('looksLikeKey', () => {
  it('knows key strings and bare enhanced secrets, not file names or numbers', () => {
    expect(looksLikeKey(KEY_STRING)).toBe(true);
    expect(looksLikeKey(`scitran-user ${KEY_STRING}`)).toBe(true);
    expect(looksLikeKey(ADMIN_SECRET)).toBe(true);
    for (const text of ['report.json', './out/r.html', '14', '2027-03-01', 'C:\\reports\\r.csv', 'json']) {
      expect(looksLikeKey(text)).toBe(false);
    }
  });
});

describe('readKeyString', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-keyfile-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function keyFile(content: string, mode = 0o600): string {
    const file = path.join(dir, 'key.txt');
    fs.writeFileSync(file, content, { mode });
    fs.chmodSync(file, mode);
    return file;
  }

  it('takes the key from KEYWARDEN_API_KEY, trimmed', () => {
    expect(readKeyString({ keyFile: null }, { [KEY_ENV]: ` ${KEY_STRING}\n` })).toEqual({ ok: true, value: KEY_STRING });
  });

  it('says what to do without a key, or with an empty one', () => {
    const none = readKeyString({ keyFile: null }, {});
    expect(none.ok ? '' : none.message).toMatch(/No key: set KEYWARDEN_API_KEY .* or give --key-file FILE/);
    const empty = readKeyString({ keyFile: null }, { [KEY_ENV]: '  ' });
    expect(empty.ok ? '' : empty.message).toMatch(/KEYWARDEN_API_KEY is empty/);
  });

  it('takes the key from a private file of one line', () => {
    const file = keyFile(`${KEY_STRING}\n`);
    expect(readKeyString({ keyFile: file }, {}, 'linux')).toEqual({ ok: true, value: KEY_STRING });
  });

  it.each([0o644, 0o640, 0o604, 0o660, 0o602, 0o620])('refuses a key file others may read or write (mode %s)', (mode) => {
    const file = keyFile(`${KEY_STRING}\n`, mode);
    const result = readKeyString({ keyFile: file }, {}, 'linux');
    expect(result.ok).toBe(false);
    const message = result.ok ? '' : result.message;
    expect(message).toContain(`mode 0${mode.toString(8)}`);
    expect(message).toMatch(/chmod 600/);
    expect(message).not.toContain(CANARY);
  });

  it('accepts a read-only private file (0400)', () => {
    const file = keyFile(`${KEY_STRING}\n`, 0o400);
    expect(readKeyString({ keyFile: file }, {}, 'linux').ok).toBe(true);
  });

  it('refuses a missing, empty, multi-line or oversized key file, or a folder', () => {
    const reason = (file: string): string => {
      const result = readKeyString({ keyFile: file }, {}, 'linux');
      expect(result.ok).toBe(false);
      return result.ok ? '' : result.message;
    };
    expect(reason(path.join(dir, 'missing.txt'))).toMatch(/does not exist/);
    expect(reason(keyFile('\n  \n'))).toMatch(/is empty/);
    const twoLines = reason(keyFile(`${KEY_STRING}\n${KEY_STRING}\n`));
    expect(twoLines).toMatch(/on one line/);
    expect(twoLines).not.toContain(CANARY);
    expect(reason(keyFile('x'.repeat(5000)))).toMatch(/too large/);
    expect(reason(dir)).toMatch(/not a regular file/);
  });

  it('refuses a key given both ways', () => {
    const file = keyFile(`${KEY_STRING}\n`);
    const result = readKeyString({ keyFile: file }, { [KEY_ENV]: KEY_STRING }, 'linux');
    expect(result.ok ? '' : result.message).toMatch(/one way only/);
  });
});
