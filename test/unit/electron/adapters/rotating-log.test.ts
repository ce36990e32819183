/**
 * The rotating log on a temp folder with a tiny cap (issue 11): how many files, how big, which lines where; a log
 * reopened after a restart goes on where it was; and, through the redacting logger, no secret reaches a file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRotatingLog, logFileName } from '../../../../electron/adapters/rotating-log.js';
import { createLogger } from '../../../../electron/services/logger.js';
import { ADMIN_CANARY, ADMIN_CANARY_SECRET, filesContaining } from '../../../support/canary.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-log-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const files = () => fs.readdirSync(dir).sort();
const lines = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8').split('\n').filter(Boolean);

describe('the rotating log', () => {
  it('keeps the current file under the cap and at most `keep` older ones, newest first', () => {
    // Each line is 10 bytes with its newline: exactly 3 fill the 30-byte cap.
    const write = createRotatingLog({ dir, name: 'main', maxBytes: 30, keep: 2 });
    for (let n = 1; n <= 3; n += 1) write(`line-000${n}`);
    expect(files()).toEqual(['main.log']);
    write('line-0004');
    expect(files()).toEqual(['main.1.log', 'main.log']);
    for (let n = 5; n <= 12; n += 1) write(`line-${String(n).padStart(4, '0')}`);
    expect(files()).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    expect(lines('main.log')).toEqual(['line-0010', 'line-0011', 'line-0012']);
    expect(lines('main.1.log')).toEqual(['line-0007', 'line-0008', 'line-0009']);
    expect(lines('main.2.log')).toEqual(['line-0004', 'line-0005', 'line-0006']);
    for (const name of files()) expect(fs.statSync(path.join(dir, name)).size).toBe(30);
  });

  it('a line longer than the cap still gets written, alone in its file', () => {
    const write = createRotatingLog({ dir, name: 'main', maxBytes: 10, keep: 1 });
    write('short');
    write('x'.repeat(25));
    write('next');
    expect(lines('main.1.log')).toEqual(['x'.repeat(25)]);
    expect(lines('main.log')).toEqual(['next']);
  });

  it('reopened after a restart, it counts what the file already holds', () => {
    createRotatingLog({ dir, name: 'main', maxBytes: 30, keep: 3 })('line-0001');
    const again = createRotatingLog({ dir, name: 'main', maxBytes: 30, keep: 3 });
    again('line-0002');
    again('line-0003');
    expect(files()).toEqual(['main.log']);
    again('line-0004');
    expect(lines('main.1.log')).toEqual(['line-0001', 'line-0002', 'line-0003']);
  });

  it('with keep 0, the file starts again and nothing else is kept', () => {
    const write = createRotatingLog({ dir, name: 'main', maxBytes: 20, keep: 0 });
    for (let n = 1; n <= 5; n += 1) write(`line-000${n}`);
    expect(files()).toEqual(['main.log']);
    expect(lines('main.log')).toEqual(['line-0005']);
  });

  it('writes files only the admin can read', () => {
    createRotatingLog({ dir, name: 'main', maxBytes: 100, keep: 1 })('x');
    if (process.platform !== 'win32') expect(fs.statSync(path.join(dir, logFileName('main', 0))).mode & 0o077).toBe(0);
  });

  it('through the redacting logger, no secret reaches any of the files', () => {
    const logger = createLogger(createRotatingLog({ dir, name: 'main', maxBytes: 200, keep: 3 }));
    for (let n = 0; n < 20; n += 1) {
      logger.info('site.connect', { site: 'demo', detail: `Bearer ${ADMIN_CANARY_SECRET}`, n });
      logger.warn(`failed with scitran-user ${ADMIN_CANARY_SECRET}`, { key: ADMIN_CANARY_SECRET });
    }
    expect(files().length).toBe(4);
    expect(lines('main.log').length).toBeGreaterThan(0);
    expect(filesContaining(dir, ADMIN_CANARY)).toEqual([]);
  });
});
