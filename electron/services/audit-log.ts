/**
 * Append-only log of admin actions (security.md E4): who, what, which id, when, outcome; never a secret.
 * One JSON object per line, so a label holding a newline or control characters cannot forge an entry:
 * JSON escapes them, and they are also stripped from the stored text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { groupedNumber } from '../../shared/count-text.js';
import { auditEntry, type AuditEntry } from '../../shared/ipc-contract.js';
import type { Clock } from '../ports.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export function cleanText(text: string, max = 300): string {
  return text.replace(CONTROL, ' ').slice(0, max);
}

export type AuditInput = Omit<AuditEntry, 'time'>;

/** The names an entry is written with (issue 10: the log shows the site and the owner's name). */
export interface AuditNames {
  readonly siteName?: string | null;
  readonly ownerName?: string | null;
}

/**
 * Finds the names of an entry's site and owner in the app's own state (the site profiles, the last snapshot), for
 * the entries whose writer did not give them. The composition root provides it.
 */
export type AuditNamer = (entry: AuditInput) => AuditNames;

/** Names an entry some other way: what a writer gave wins, then the namer's answer; a namer that throws gives none. */
function namesOf(entry: AuditInput, namer: AuditNamer | undefined): AuditNames {
  let found: AuditNames = {};
  if (namer && (entry.siteName === undefined || entry.ownerName === undefined)) {
    try {
      found = namer(entry);
    } catch {
      // A name is a help for the reader; the entry itself is written in any case.
    }
  }
  return { siteName: entry.siteName ?? found.siteName ?? null, ownerName: entry.ownerName ?? found.ownerName ?? null };
}

export class AuditLog {
  /** Damaged lines found while reading, in words for the admin; each line is reported once. */
  readonly problems: string[] = [];
  private readonly reported = new Set<number>();

  constructor(
    private readonly file: string,
    private readonly clock: Clock,
    private readonly namer?: AuditNamer,
  ) {}

  append(entry: AuditInput): AuditEntry {
    const names = namesOf(entry, this.namer);
    const clean: AuditEntry = {
      time: this.clock.now().toISOString(),
      site: cleanText(entry.site),
      actor: cleanText(entry.actor),
      action: cleanText(entry.action, 64),
      targetType: cleanText(entry.targetType, 32),
      targetId: cleanText(entry.targetId),
      targetLabel: cleanText(entry.targetLabel),
      keyId: entry.keyId === null ? null : cleanText(entry.keyId),
      outcome: entry.outcome,
      detail: cleanText(entry.detail, 500),
      ...(names.siteName ? { siteName: cleanText(names.siteName) } : {}),
      ownerName: names.ownerName ? cleanText(names.ownerName) : null,
    };
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const fd = fs.openSync(this.file, 'a+', 0o600);
    try {
      // A crash mid-append leaves a torn last line without its newline: start on a fresh line, so this entry is
      // not glued to it (and lost with it). The torn line stays as it is: the file is only ever appended to.
      fs.writeSync(fd, `${this.endsTorn(fd) ? '\n' : ''}${JSON.stringify(clean)}\n`);
    } finally {
      fs.closeSync(fd);
    }
    return clean;
  }

  private endsTorn(fd: number): boolean {
    const { size } = fs.fstatSync(fd);
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    fs.readSync(fd, last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  }

  /**
   * The newest entries first (`Infinity` for all of them). A damaged line (torn by a crash) is skipped and reported once in `problems`,
   * never rewritten: the file stays append-only.
   */
  list(limit = 1000): AuditEntry[] {
    if (!fs.existsSync(this.file)) return [];
    const entries: AuditEntry[] = [];
    const damaged: number[] = [];
    fs.readFileSync(this.file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (!line.trim()) return;
        const entry = this.parse(line);
        if (entry) entries.push(entry);
        else if (!this.reported.has(index)) damaged.push(index);
      });
    if (damaged.length > 0) {
      for (const index of damaged) this.reported.add(index);
      const shown = damaged.slice(0, 5).map((index) => index + 1);
      const lines = `${shown.join(', ')}${damaged.length > shown.length ? ', ...' : ''}`;
      this.problems.push(
        damaged.length === 1
          ? `The audit log has a damaged entry (line ${lines}), probably cut short by a crash. It was skipped; the file was left as it was.`
          : `The audit log has ${groupedNumber(damaged.length)} damaged entries (lines ${lines}), probably cut short by a crash. They were skipped; the file was left as it was.`,
      );
    }
    return entries.reverse().slice(0, limit);
  }

  private parse(line: string): AuditEntry | null {
    try {
      const parsed = auditEntry.safeParse(JSON.parse(line));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }
}
