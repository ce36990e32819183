/**
 * Structured log lines (JSON) with fields of plain values only. Callers pass codes, ids and paths, never
 * errors or headers; as a second guard, anything that looks like a key is masked (OWASP Logging cheat sheet).
 */
import type { Logger } from '../ports.js';

const SECRET_LIKE = /[A-Za-z0-9_-]{40,}|(?:Bearer|scitran-user)\s+\S+/g;

export function redact(text: string): string {
  return text.replace(SECRET_LIKE, '[redacted]');
}

type Fields = Readonly<Record<string, string | number | boolean | null>>;

export function createLogger(write: (line: string) => void, now: () => Date = () => new Date()): Logger {
  const emit = (level: string, event: string, fields: Fields = {}): void => {
    const safe: Record<string, string | number | boolean | null> = {};
    for (const [key, value] of Object.entries(fields)) safe[key] = typeof value === 'string' ? redact(value) : value;
    // Fields first, so a field named time, level or event cannot overwrite the real ones.
    write(JSON.stringify({ ...safe, time: now().toISOString(), level, event: redact(event) }));
  };
  return {
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, fields) => emit('error', event, fields),
  };
}
