/**
 * Append-only log of admin actions (security.md E4): who, what, which id, when, outcome; never a secret.
 * One JSON object per line, so a label holding a newline or control characters cannot forge an entry:
 * JSON escapes them, and they are also stripped from the stored text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { auditEntry, type AuditEntry } from '../../shared/ipc-contract.js';
import type { Clock } from '../ports.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export function cleanText(text: string, max = 300): string {
  return text.replace(CONTROL, ' ').slice(0, max);
}

export type AuditInput = Omit<AuditEntry, 'time'>;

export class AuditLog {
  constructor(
    private readonly file: string,
    private readonly clock: Clock,
  ) {}

  append(entry: AuditInput): AuditEntry {
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
    };
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    fs.appendFileSync(this.file, `${JSON.stringify(clean)}\n`, { mode: 0o600 });
    return clean;
  }

  /** The newest entries first. A damaged line is skipped, never rewritten: the file stays append-only. */
  list(limit = 1000): AuditEntry[] {
    if (!fs.existsSync(this.file)) return [];
    const entries: AuditEntry[] = [];
    for (const line of fs.readFileSync(this.file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const parsed = auditEntry.safeParse(JSON.parse(line));
        if (parsed.success) entries.push(parsed.data);
      } catch {
        // A torn last line after a crash: skip it.
      }
    }
    return entries.reverse().slice(0, limit);
  }
}
