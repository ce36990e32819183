import { describe, expect, it } from 'vitest';
import { createLogger, redact } from '../../../../electron/services/logger.js';
import { ADMIN_SECRET, CANARY, LEGACY_SECRET } from '../../support.js';

describe('redact', () => {
  it('masks a token of 40 or more key characters', () => {
    expect(redact(`key=${ADMIN_SECRET}`)).toBe('key=[redacted]');
    expect(redact('a'.repeat(40))).toBe('[redacted]');
  });

  it('leaves a 39-character token alone (the boundary)', () => {
    expect(redact('a'.repeat(39))).toBe('a'.repeat(39));
  });

  it('masks "Bearer x" and "scitran-user x" whatever the secret length', () => {
    expect(redact('Authorization: Bearer abc')).toBe('Authorization: [redacted]');
    expect(redact(`Authorization: scitran-user ${LEGACY_SECRET}`)).toBe('Authorization: [redacted]');
    expect(redact(`scitran-user ${LEGACY_SECRET}`)).not.toContain(CANARY);
  });

  it('leaves ordinary text, ids and paths alone', () => {
    expect(redact('GET /api/devices/5f1e2d3c status 404')).toBe('GET /api/devices/5f1e2d3c status 404');
  });
});

describe('createLogger', () => {
  it('writes one JSON object per line with time, level, event and fields', () => {
    const lines: string[] = [];
    const logger = createLogger(
      (line) => lines.push(line),
      () => new Date('2026-11-26T10:00:00.000Z'),
    );
    logger.info('site.connected', { site: 'abc', count: 2, ok: true, none: null });
    logger.warn('w');
    logger.error('e', { code: 'internal' });
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).not.toContain('\n');
    expect(JSON.parse(lines[0]!)).toEqual({
      time: '2026-11-26T10:00:00.000Z',
      level: 'info',
      event: 'site.connected',
      site: 'abc',
      count: 2,
      ok: true,
      none: null,
    });
    expect(JSON.parse(lines[1]!)).toMatchObject({ level: 'warn', event: 'w' });
    expect(JSON.parse(lines[2]!)).toMatchObject({ level: 'error', code: 'internal' });
  });

  it('redacts secret-looking field values and events', () => {
    const lines: string[] = [];
    const logger = createLogger((line) => lines.push(line));
    logger.error(`failed with ${ADMIN_SECRET}`, { header: `Bearer ${ADMIN_SECRET}`, legacy: `scitran-user ${LEGACY_SECRET}` });
    expect(lines.join('\n')).not.toContain(CANARY);
  });

  it('a field value with a newline cannot forge a second line', () => {
    const lines: string[] = [];
    createLogger((line) => lines.push(line)).info('x', { label: 'a\n{"level":"error","event":"forged"}' });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.split('\n')).toHaveLength(1);
  });

  it('a field named level, event or time cannot overwrite the real ones', () => {
    const lines: string[] = [];
    createLogger((line) => lines.push(line)).info('real', { level: 'error', event: 'fake', time: 'then' });
    const parsed = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(parsed.event).toBe('real');
    expect(parsed.level).toBe('info');
  });
});
