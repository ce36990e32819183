import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, type AuditInput } from '../../../../electron/services/audit-log.js';
import { fixedClock } from '../../support.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-audit-'));
  file = path.join(dir, 'audit', 'audit.jsonl');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const entry = (targetId: string): AuditInput => ({
  site: 'https://flywheel.example.org',
  actor: 'ada@example.org',
  action: 'revoke-key',
  targetType: 'device',
  targetId,
  targetLabel: 'Scanner',
  keyId: 'k1',
  outcome: 'ok',
  detail: '',
});

/** A crash in the middle of an append: the first half of an entry, without its newline. */
function tearLastLine(): string {
  const torn = JSON.stringify({ ...entry('torn'), time: '2026-11-26T09:00:00.000Z' }).slice(0, 40);
  fs.appendFileSync(file, torn);
  return torn;
}

describe('AuditLog', () => {
  it('writes one line per entry, mode 0600, and lists the newest first', () => {
    const log = new AuditLog(file, fixedClock());
    log.append(entry('a'));
    log.append(entry('b'));
    expect(fs.readFileSync(file, 'utf8').split('\n')).toHaveLength(3);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(log.list().map((e) => e.targetId)).toEqual(['b', 'a']);
    expect(log.problems).toEqual([]);
  });

  it('after a torn last line, the next entry starts on a fresh line and is readable', () => {
    const log = new AuditLog(file, fixedClock());
    log.append(entry('before'));
    const torn = tearLastLine();
    const before = fs.readFileSync(file, 'utf8');
    // A new process after the crash.
    const next = new AuditLog(file, fixedClock());
    next.append(entry('after'));
    expect(next.list().map((e) => e.targetId)).toEqual(['after', 'before']);
    const text = fs.readFileSync(file, 'utf8');
    // Only appended to: the torn line is still there, as it was, on a line of its own.
    expect(text.startsWith(before)).toBe(true);
    expect(text.split('\n')).toContain(torn);
  });

  it('a file that is all one torn line gets the next entry on a line of its own', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{"time":"2026-11');
    const log = new AuditLog(file, fixedClock());
    log.append(entry('after'));
    expect(log.list().map((e) => e.targetId)).toEqual(['after']);
  });

  it('reports a torn line once, in words for the admin, and never rewrites the file', () => {
    const log = new AuditLog(file, fixedClock());
    log.append(entry('a'));
    tearLastLine();
    log.append(entry('b'));
    const bytes = fs.readFileSync(file);
    expect(log.list()).toHaveLength(2);
    expect(log.problems).toHaveLength(1);
    expect(log.problems[0]).toMatch(/audit log/i);
    expect(log.problems[0]).toContain('line 2');
    log.list();
    log.append(entry('c'));
    log.list();
    expect(log.problems).toHaveLength(1);
    expect(fs.readFileSync(file).subarray(0, bytes.length).equals(bytes)).toBe(true);
  });

  it('a torn line found later is reported too, once', () => {
    const log = new AuditLog(file, fixedClock());
    log.append(entry('a'));
    tearLastLine();
    log.list();
    log.append(entry('b'));
    tearLastLine();
    log.list();
    log.list();
    expect(log.problems).toHaveLength(2);
    expect(log.problems[1]).toContain('line 4');
  });

  it('no file: an empty list and no problem', () => {
    const log = new AuditLog(file, fixedClock());
    expect(log.list()).toEqual([]);
    expect(log.problems).toEqual([]);
  });
});

describe('AuditLog: the names of the site and the owner (issue 10)', () => {
  it("writes the namer's site and owner names with the entry", () => {
    const log = new AuditLog(file, fixedClock(), () => ({ siteName: 'Research site', ownerName: 'MR Scanner 3' }));
    log.append(entry('d1'));
    expect(log.list()[0]).toMatchObject({ siteName: 'Research site', ownerName: 'MR Scanner 3' });
  });

  it("keeps the names the writer gave over the namer's, and cleans them like every other text", () => {
    const log = new AuditLog(file, fixedClock(), () => ({ siteName: 'Other', ownerName: 'Other' }));
    log.append({ ...entry('d1'), siteName: 'Site\nforged', ownerName: 'Owner\u0007' });
    expect(log.list()[0]).toMatchObject({ siteName: 'Site forged', ownerName: 'Owner ' });
  });

  it('writes the entry without names when the namer fails or knows none', () => {
    const failing = new AuditLog(file, fixedClock(), () => {
      throw new Error('no snapshot');
    });
    failing.append(entry('a'));
    new AuditLog(file, fixedClock(), () => ({})).append(entry('b'));
    const [b, a] = failing.list();
    expect(a).toMatchObject({ targetId: 'a', ownerName: null });
    expect(a?.siteName).toBeUndefined();
    expect(b).toMatchObject({ targetId: 'b', ownerName: null });
  });

  it('reads entries written before the names were kept', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify({ ...entry('old'), time: '2026-11-01T00:00:00.000Z' })}\n`);
    const [old] = new AuditLog(file, fixedClock()).list();
    expect(old).toMatchObject({ targetId: 'old' });
    expect(old?.siteName).toBeUndefined();
    expect(old?.ownerName).toBeUndefined();
  });
});
