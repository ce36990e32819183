import { describe, expect, it, vi } from 'vitest';
import {
  authorizationHeader,
  isLoopbackHost,
  keyKindOf,
  keyStringFromUrl,
  MAX_KEY_STRING_LENGTH,
  parseKeyString,
  type ParsedKeyString,
} from '../../../shared/key-string.js';
import type { ErrorCode, Result } from '../../../shared/result.js';
import { ADMIN_SECRET, CANARY, LEGACY_SECRET } from '../support.js';

function parsed(result: Result<ParsedKeyString>): ParsedKeyString {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}`);
  return result.value;
}

function expectMalformed(result: Result<ParsedKeyString>, code: ErrorCode = 'malformed-key'): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe(code);
  expect(result.error.message).not.toContain(CANARY);
  expect(result.error.message).not.toContain(ADMIN_SECRET);
}

describe('parseKeyString: accepted forms', () => {
  it('host:secret gives https, port 443, the /api base and the secret alone', () => {
    const key = parsed(parseKeyString(`flywheel.example.org:${ADMIN_SECRET}`));
    expect(key).toEqual({
      host: 'flywheel.example.org',
      port: 443,
      insecure: false,
      secret: ADMIN_SECRET,
      kind: 'enhanced',
      origin: 'https://flywheel.example.org',
      baseUrl: 'https://flywheel.example.org/api',
    });
  });

  it('host:port:secret keeps the port in the origin', () => {
    const key = parsed(parseKeyString(`flywheel.example.org:8443:${ADMIN_SECRET}`));
    expect(key.port).toBe(8443);
    expect(key.origin).toBe('https://flywheel.example.org:8443');
    expect(key.baseUrl).toBe('https://flywheel.example.org:8443/api');
    expect(key.secret).toBe(ADMIN_SECRET);
  });

  it('an explicit :443 is the default port and is left out of the origin', () => {
    expect(parsed(parseKeyString(`flywheel.example.org:443:${ADMIN_SECRET}`)).origin).toBe('https://flywheel.example.org');
  });

  it.each(['1', '65535'])('port %s (a boundary) is accepted', (port) => {
    expect(parsed(parseKeyString(`flywheel.example.org:${port}:${ADMIN_SECRET}`)).port).toBe(Number(port));
  });

  it.each([
    ['Bearer ', 'Bearer '],
    ['scitran-user ', 'scitran-user '],
    ['lower-case bearer ', 'bearer '],
    ['https://', 'https://'],
    ['Bearer and https://', 'Bearer https://'],
    ['surrounding whitespace', '  '],
  ])('a leading %s is stripped', (_name, prefix) => {
    const key = parsed(parseKeyString(`${prefix}flywheel.example.org:${ADMIN_SECRET}  `));
    expect(key.host).toBe('flywheel.example.org');
    expect(key.secret).toBe(ADMIN_SECRET);
    expect(key.insecure).toBe(false);
  });

  it('a leading http:// does not downgrade to plain http (only __force_insecure does)', () => {
    const key = parsed(parseKeyString(`http://flywheel.example.org:${ADMIN_SECRET}`));
    expect(key.insecure).toBe(false);
    expect(key.origin).toBe('https://flywheel.example.org');
  });

  it('the host is lower-cased', () => {
    expect(parsed(parseKeyString(`Flywheel.Example.ORG:${ADMIN_SECRET}`)).host).toBe('flywheel.example.org');
  });

  it('the host is lower-cased in the origin and the API root too (one site, one origin, however it was typed)', () => {
    const key = parsed(parseKeyString(`FLYWHEEL.Example.org:${ADMIN_SECRET}`));
    expect(key.origin).toBe('https://flywheel.example.org');
    expect(key.baseUrl).toBe('https://flywheel.example.org/api');
    const withPort = parsed(parseKeyString(`LocalHost:8080:__force_insecure:${ADMIN_SECRET}`));
    expect(withPort.origin).toBe('http://localhost:8080');
    expect(withPort.baseUrl).toBe('http://localhost:8080/api');
  });

  it('a trailing slash after the host (pasted from a URL) is dropped', () => {
    expect(parsed(parseKeyString(`https://flywheel.example.org/:${ADMIN_SECRET}`)).host).toBe('flywheel.example.org');
  });

  it.each([
    ['before the secret', `localhost:__force_insecure:${ADMIN_SECRET}`],
    ['first', `__force_insecure:localhost:${ADMIN_SECRET}`],
    ['last', `localhost:${ADMIN_SECRET}:__force_insecure`],
  ])('__force_insecure %s switches to http on default port 80', (_where, text) => {
    const key = parsed(parseKeyString(text));
    expect(key.insecure).toBe(true);
    expect(key.port).toBe(80);
    expect(key.origin).toBe('http://localhost');
    expect(key.baseUrl).toBe('http://localhost/api');
    expect(key.secret).toBe(ADMIN_SECRET);
  });

  it('__force_insecure with a port keeps the port in the http origin', () => {
    const key = parsed(parseKeyString(`localhost:8080:__force_insecure:${ADMIN_SECRET}`));
    expect(key.origin).toBe('http://localhost:8080');
    expect(key.port).toBe(8080);
  });

  it('__force_insecure is not counted as one of the parts (host:port:secret plus the mark is fine)', () => {
    expect(parseKeyString(`127.0.0.1:8080:${ADMIN_SECRET}:__force_insecure`).ok).toBe(true);
  });

  it('an IPv4 host is accepted', () => {
    const key = parsed(parseKeyString(`10.1.2.3:8443:${ADMIN_SECRET}`));
    expect(key.host).toBe('10.1.2.3');
    expect(key.origin).toBe('https://10.1.2.3:8443');
  });

  it('a bracketed IPv6 host in a colon key string is refused cleanly (not split into a wrong host)', () => {
    // Flywheel's own clients do not read IPv6 key strings either; the point is no mis-parse.
    const result = parseKeyString(`[::1]:8080:${ADMIN_SECRET}`);
    if (result.ok) {
      expect(result.value.host).toBe('[::1]');
      expect(result.value.port).toBe(8080);
    } else {
      expectMalformed(result);
    }
  });

  it('the secret is the last part', () => {
    expect(parsed(parseKeyString(`h.example.org:1234:${LEGACY_SECRET}`)).secret).toBe(LEGACY_SECRET);
  });
});

describe('parseKeyString: key kinds', () => {
  it('a 57-character [A-Za-z0-9_-] secret is enhanced', () => {
    const secret = `djE_-${'a'.repeat(52)}`;
    expect(secret).toHaveLength(57);
    expect(parsed(parseKeyString(`h.example.org:${secret}`)).kind).toBe('enhanced');
  });

  it('an 18-character alphanumeric secret is legacy', () => {
    expect(parsed(parseKeyString(`h.example.org:${LEGACY_SECRET}`)).kind).toBe('legacy');
  });

  it.each([56, 58])('a %i-character secret is legacy, not enhanced', (length) => {
    expect(parsed(parseKeyString(`h.example.org:${'a'.repeat(length)}`)).kind).toBe('legacy');
  });

  it('keyKindOf goes by length alone', () => {
    expect(keyKindOf(ADMIN_SECRET)).toBe('enhanced');
    expect(keyKindOf(ADMIN_SECRET.slice(1))).toBe('legacy');
  });

  it('a 57-character secret with a character outside [A-Za-z0-9_-] is malformed', () => {
    expectMalformed(parseKeyString(`h.example.org:${ADMIN_SECRET.slice(0, 56)}!`));
  });

  it('a legacy-length secret with "_" or "-" is malformed (legacy secrets are alphanumeric)', () => {
    expectMalformed(parseKeyString(`h.example.org:LADMINCANARY_12345`));
  });

  it('a legacy secret longer than 128 characters is malformed', () => {
    expect(parseKeyString(`h.example.org:${'a'.repeat(128)}`).ok).toBe(true);
    expectMalformed(parseKeyString(`h.example.org:${CANARY}${'a'.repeat(129 - CANARY.length)}`));
  });
});

describe('authorizationHeader', () => {
  it('uses "Bearer " with a capital B for a 57-character secret', () => {
    expect(authorizationHeader(ADMIN_SECRET)).toBe(`Bearer ${ADMIN_SECRET}`);
  });

  it('uses "scitran-user " for a legacy secret', () => {
    expect(authorizationHeader(LEGACY_SECRET)).toBe(`scitran-user ${LEGACY_SECRET}`);
  });

  it('uses "scitran-user " for 56- and 58-character secrets', () => {
    expect(authorizationHeader('a'.repeat(56))).toMatch(/^scitran-user /);
    expect(authorizationHeader('a'.repeat(58))).toMatch(/^scitran-user /);
  });

  it('sends the secret alone, never host:secret', () => {
    const key = parsed(parseKeyString(`flywheel.example.org:8443:${ADMIN_SECRET}`));
    expect(authorizationHeader(key.secret)).toBe(`Bearer ${ADMIN_SECRET}`);
  });
});

describe('parseKeyString: malformed inputs', () => {
  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['only a secret', ADMIN_SECRET],
    ['no secret', 'flywheel.example.org:'],
    ['no host', `:${ADMIN_SECRET}`],
    ['four parts', `flywheel.example.org:8443:extra:${ADMIN_SECRET}`],
    ['a port of letters', `flywheel.example.org:https:${ADMIN_SECRET}`],
    ['port 0', `flywheel.example.org:0:${ADMIN_SECRET}`],
    ['port 65536', `flywheel.example.org:65536:${ADMIN_SECRET}`],
    ['a six-digit port', `flywheel.example.org:100000:${ADMIN_SECRET}`],
    ['a negative port', `flywheel.example.org:-1:${ADMIN_SECRET}`],
    ['an underscore in the host', `fly_wheel.example.org:${ADMIN_SECRET}`],
    ['a space in the host', `fly wheel.example.org:${ADMIN_SECRET}`],
    ['userinfo in the host', `admin@flywheel.example.org:${ADMIN_SECRET}`],
    ['a path in the host', `flywheel.example.org/api:${ADMIN_SECRET}`],
    ['a host starting with a dash', `-flywheel.example.org:${ADMIN_SECRET}`],
    ['a host with an empty label', `flywheel..example.org:${ADMIN_SECRET}`],
    ['only __force_insecure and a secret', `__force_insecure:${ADMIN_SECRET}`],
    ['a secret with a space', `flywheel.example.org:${CANARY} x`],
  ])('%s is malformed-key without echoing the secret', (_name, text) => {
    expectMalformed(parseKeyString(text));
  });

  it(`a string of exactly ${MAX_KEY_STRING_LENGTH} characters is still parsed`, () => {
    const key = `flywheel.example.org:${ADMIN_SECRET}`;
    const text = `${' '.repeat(MAX_KEY_STRING_LENGTH - key.length)}${key}`;
    expect(text).toHaveLength(MAX_KEY_STRING_LENGTH);
    expect(parseKeyString(text).ok).toBe(true);
  });

  it(`a string over ${MAX_KEY_STRING_LENGTH} characters is refused before parsing, even if otherwise valid`, () => {
    const key = `flywheel.example.org:${ADMIN_SECRET}`;
    const text = `${' '.repeat(MAX_KEY_STRING_LENGTH + 1 - key.length)}${key}`;
    expect(text).toHaveLength(MAX_KEY_STRING_LENGTH + 1);
    expectMalformed(parseKeyString(text));
  });

  it('a huge paste is refused by its length alone: no string or pattern work ever sees it', () => {
    // Counts, not milliseconds: every split, trim, replace and regular expression that touches the input is recorded.
    const paste = `${CANARY}:`.repeat(100_000);
    const seen: number[] = [];
    const record = (value: unknown) => {
      if (typeof value === 'string') seen.push(value.length);
    };
    const spies = [
      vi.spyOn(String.prototype, 'split'),
      vi.spyOn(String.prototype, 'trim'),
      vi.spyOn(String.prototype, 'replace'),
      vi.spyOn(RegExp.prototype, 'exec'),
    ];
    try {
      expectMalformed(parseKeyString(paste));
      for (const spy of spies.slice(0, 3)) for (const context of spy.mock.contexts) record(context);
      for (const call of spies[3]?.mock.calls ?? []) record(call[0]);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(seen.filter((length) => length > MAX_KEY_STRING_LENGTH)).toEqual([]);
  });
});

describe('keyStringFromUrl', () => {
  it('https URL and bare secret', () => {
    const key = parsed(keyStringFromUrl('https://flywheel.example.org', ADMIN_SECRET));
    expect(key.origin).toBe('https://flywheel.example.org');
    expect(key.port).toBe(443);
    expect(key.secret).toBe(ADMIN_SECRET);
    expect(key.kind).toBe('enhanced');
    expect(key.insecure).toBe(false);
  });

  it.each(['https://flywheel.example.org/api', 'https://flywheel.example.org/api/', ' https://flywheel.example.org/ '])(
    'accepts %j (the /api suffix and a trailing slash are ignored)',
    (url) => {
      expect(parsed(keyStringFromUrl(url, ADMIN_SECRET)).baseUrl).toBe('https://flywheel.example.org/api');
    },
  );

  it('keeps an explicit port', () => {
    expect(parsed(keyStringFromUrl('https://flywheel.example.org:8443/api', ADMIN_SECRET)).origin).toBe(
      'https://flywheel.example.org:8443',
    );
  });

  it('accepts a full key string as the secret and uses only its last part', () => {
    const key = parsed(keyStringFromUrl('https://flywheel.example.org', `other.example.org:9999:${ADMIN_SECRET}`));
    expect(key.secret).toBe(ADMIN_SECRET);
    expect(key.origin).toBe('https://flywheel.example.org');
  });

  it('accepts a "Bearer " or "scitran-user " prefix on the secret', () => {
    expect(parsed(keyStringFromUrl('https://flywheel.example.org', `Bearer ${ADMIN_SECRET}`)).secret).toBe(ADMIN_SECRET);
    expect(parsed(keyStringFromUrl('https://flywheel.example.org', `scitran-user ${LEGACY_SECRET}`)).secret).toBe(LEGACY_SECRET);
  });

  it.each([
    ['http://localhost:8080', 'http://localhost:8080'],
    ['http://127.0.0.1', 'http://127.0.0.1'],
    ['http://127.0.0.1:80/api', 'http://127.0.0.1'],
  ])('plain http is allowed for loopback %s', (url, origin) => {
    const key = parsed(keyStringFromUrl(url, ADMIN_SECRET));
    expect(key.insecure).toBe(true);
    expect(key.origin).toBe(origin);
  });

  it('plain http is allowed for the IPv6 loopback http://[::1]:8080 (isLoopbackHost accepts [::1])', () => {
    const key = parsed(keyStringFromUrl('http://[::1]:8080', ADMIN_SECRET));
    expect(key.insecure).toBe(true);
    expect(key.origin).toBe('http://[::1]:8080');
  });

  it.each([
    'http://flywheel.example.org',
    'http://10.0.0.1:8080',
    'http://localhost.evil.example',
    'http://127.0.0.1.evil.example',
  ])('plain http to a non-loopback host %s is refused as insecure-http, not as a malformed key', (url) => {
    expectMalformed(keyStringFromUrl(url, ADMIN_SECRET), 'insecure-http');
  });

  it.each(['ftp://flywheel.example.org', 'file:///etc/passwd', 'javascript:alert(1)', 'flywheel.example.org', 'not a url', ''])(
    '%j is refused as an address problem (validation), not as a malformed key',
    (url) => {
      expectMalformed(keyStringFromUrl(url, ADMIN_SECRET), 'validation');
    },
  );

  it('an empty or bad secret is malformed and not echoed', () => {
    expectMalformed(keyStringFromUrl('https://flywheel.example.org', ''));
    expectMalformed(keyStringFromUrl('https://flywheel.example.org', `${CANARY} with spaces`));
  });

  it('an over-long URL or secret is refused', () => {
    expectMalformed(keyStringFromUrl(`https://flywheel.example.org/${'a'.repeat(MAX_KEY_STRING_LENGTH)}`, ADMIN_SECRET));
    expectMalformed(keyStringFromUrl('https://flywheel.example.org', `${CANARY}${'a'.repeat(MAX_KEY_STRING_LENGTH)}`));
  });
});

describe('isLoopbackHost', () => {
  it.each(['localhost', '127.0.0.1', '127.1.2.3', '[::1]'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each([
    'localhost.evil.example',
    'evil-localhost',
    '127.0.0.1.evil.example',
    '128.0.0.1',
    '0.0.0.0',
    '10.0.0.1',
    '::1',
    '',
    '127.0.0',
  ])('%j is not loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});
