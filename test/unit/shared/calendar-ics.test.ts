import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { calendarKeys, expiryCalendar, foldLine, type CalendarKey } from '../../../shared/calendar-ics.js';
import type { DeviceRecord, Inventory, KeyRecord } from '../../../shared/inventory.js';
import { testDevice } from '../../support/records.js';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const ORIGIN = 'https://flywheel.example.org';
const TRICKY = 'Bäy 1; CT, \\ new\nline';

const KEYS: CalendarKey[] = [
  {
    keyId: 'k-mri',
    label: 'Primary',
    ownerLabel: 'MRI Reaper',
    ownerType: 'device',
    location: 'Room 2.14, basement',
    expiresAt: '2027-01-01T00:00:00.000Z',
  },
  { keyId: 'k-ct', label: TRICKY, ownerLabel: 'CT; Scanner, Ünit', ownerType: 'device', expiresAt: '2026-12-03T17:45:30.250Z' },
  {
    keyId: 'k-user',
    label: 'Laptop 🔑 日本語',
    ownerLabel: 'Ada Lovelace',
    ownerType: 'user',
    expiresAt: '2027-03-15T09:30:00Z',
  },
];

function calendar(text: string): ICAL.Component {
  return new ICAL.Component(ICAL.parse(text));
}

function events(text: string): ICAL.Component[] {
  return calendar(text).getAllSubcomponents('vevent');
}

function eventFor(text: string, keyId: string): ICAL.Event {
  const found = events(text)
    .map((component) => new ICAL.Event(component))
    .find((event) => event.uid.startsWith(`${keyId}-`));
  if (!found) throw new Error(`no event for ${keyId}`);
  return found;
}

/** The content lines with the folding undone (RFC 5545 3.1), for checks on the raw escaped text. */
function unfolded(text: string): string[] {
  return text.replace(/\r\n[ \t]/g, '').split('\r\n');
}

function export_(keys: readonly CalendarKey[] = KEYS, alarmDaysBefore?: number): string {
  return expiryCalendar({ siteName: 'Example, Imaging; Site', origin: ORIGIN, keys, now: NOW, alarmDaysBefore });
}

describe('expiryCalendar', () => {
  it('is a publishable VCALENDAR with one VEVENT per key', () => {
    const text = export_();
    const cal = calendar(text);
    expect(cal.name).toBe('vcalendar');
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    expect(cal.getFirstPropertyValue('prodid')).toBe('-//Keywarden//Key expiries//EN');
    expect(cal.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
    expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH');
    // An X- property has no value type known to the parser; the clients read X-WR-CALNAME as TEXT, escaped.
    expect(unfolded(text)).toContain('X-WR-CALNAME:Flywheel key expiries: Example\\, Imaging\\; Site');
    expect(events(text)).toHaveLength(KEYS.length);
    for (const key of KEYS) expect(eventFor(text, key.keyId).summary).toContain(key.ownerLabel);
  });

  it('gives unique UIDs that stay the same in a later export', () => {
    const first = events(export_()).map((event) => event.getFirstPropertyValue('uid'));
    const later = expiryCalendar({ siteName: 'Renamed', origin: ORIGIN, keys: [...KEYS].reverse(), now: new Date() });
    const second = events(later).map((event) => event.getFirstPropertyValue('uid'));
    expect(new Set(first).size).toBe(KEYS.length);
    expect([...second].sort()).toEqual([...first].sort());
    expect(first).toContain('k-mri-20270101T000000Z@flywheel.example.org');
  });

  it('gives another site (host) and another expiry of the same key another UID', () => {
    const uid = (origin: string, expiresAt: string) =>
      events(expiryCalendar({ siteName: 'S', origin, keys: [{ ...KEYS[0]!, expiresAt }], now: NOW }))[0]!.getFirstPropertyValue(
        'uid',
      );
    const base = uid(ORIGIN, '2027-01-01T00:00:00Z');
    expect(uid('https://other.example.org:8443', '2027-01-01T00:00:00Z')).toBe('k-mri-20270101T000000Z@other.example.org:8443');
    expect(uid(ORIGIN, '2027-02-01T00:00:00Z')).not.toBe(base);
  });

  it('exports a key listed twice once', () => {
    expect(events(export_([KEYS[0]!, KEYS[0]!]))).toHaveLength(1);
  });

  it('starts each event at the expiry instant in UTC and lasts 30 minutes, with DTSTAMP from now', () => {
    const text = export_();
    for (const key of KEYS) {
      const event = eventFor(text, key.keyId);
      const expiry = Math.floor(Date.parse(key.expiresAt) / 1000) * 1000;
      expect(event.startDate.zone.tzid).toBe('UTC');
      expect(event.startDate.toJSDate().getTime()).toBe(expiry);
      expect(event.endDate.toJSDate().getTime()).toBe(expiry + 30 * 60_000);
      expect(event.component.getFirstPropertyValue('transp')).toBe('TRANSPARENT');
      const stamp = event.component.getFirstPropertyValue('dtstamp') as ICAL.Time;
      expect(stamp.toJSDate().getTime()).toBe(NOW.getTime());
    }
    const lines = unfolded(text);
    expect(lines).toContain('DTSTART:20270101T000000Z');
    expect(lines).toContain('DTSTART:20261203T174530Z');
    expect(lines).toContain('DTSTAMP:20261126T120000Z');
  });

  it('gives each event a display alarm 7 days before, or the days asked for', () => {
    for (const [days, seconds] of [
      [undefined, -7 * 86_400],
      [14, -14 * 86_400],
      [1, -86_400],
      [0, 0],
    ] as const) {
      const vevents = events(export_(KEYS, days));
      expect(vevents).toHaveLength(KEYS.length);
      for (const vevent of vevents) {
        const alarms = vevent.getAllSubcomponents('valarm');
        expect(alarms).toHaveLength(1);
        const alarm = alarms[0]!;
        expect(alarm.getFirstPropertyValue('action')).toBe('DISPLAY');
        expect(String(alarm.getFirstPropertyValue('description'))).toMatch(/^Flywheel key expires /);
        const trigger = alarm.getFirstPropertyValue('trigger') as ICAL.Duration;
        expect(trigger).toBeInstanceOf(ICAL.Duration);
        expect(trigger.toSeconds()).toBe(seconds);
      }
    }
    expect(unfolded(export_())).toContain('TRIGGER:-P7D');
  });

  it('refuses an alarm that is not a whole number of days from 0 to 366', () => {
    for (const days of [-1, 1.5, 367, Number.NaN]) expect(() => export_(KEYS, days)).toThrow(RangeError);
  });

  it('round-trips labels with commas, semicolons, backslashes, line breaks and non-ASCII', () => {
    const text = export_();
    const ct = eventFor(text, 'k-ct');
    expect(ct.summary).toBe(`Flywheel key expires: ${TRICKY} (CT; Scanner, Ünit)`);
    expect(ct.description).toContain(`Key: ${TRICKY} (id k-ct)`);
    expect(ct.description).toContain('Owner: device CT; Scanner, Ünit');
    const user = eventFor(text, 'k-user');
    expect(user.summary).toBe('Flywheel key expires: Laptop 🔑 日本語 (Ada Lovelace)');
    // The escaped form itself (a lenient parser would also read some unescaped characters back).
    expect(unfolded(text)).toContain('SUMMARY:Flywheel key expires: Bäy 1\\; CT\\, \\\\ new\\nline (CT\\; Scanner\\, Ünit)');
  });

  it('turns CR and CRLF line breaks into \\n and drops other control characters', () => {
    const text = export_([{ ...KEYS[0]!, label: 'a\r\nb\rc\u0000d\u001be\tf' }]);
    expect(unfolded(text)).toContain('SUMMARY:Flywheel key expires: a\\nb\\nc' + 'de\tf (MRI Reaper)');
    expect(eventFor(text, 'k-mri').summary).toBe('Flywheel key expires: a\nb\ncde\tf (MRI Reaper)');
  });

  it('describes the site, owner, key, expiry and what to do, and sets LOCATION only where known', () => {
    const text = export_();
    const mri = eventFor(text, 'k-mri');
    expect(mri.description).toBe(
      [
        `Site: Example, Imaging; Site (${ORIGIN})`,
        'Owner: device MRI Reaper',
        'Location: Room 2.14, basement',
        'Key: Primary (id k-mri)',
        'Expires: 2027-01-01 00:00 UTC',
        '',
        'Rotate the key in Keywarden (Devices, then the device) before then, and put the new key on the device: ' +
          'a device whose key has expired stops sending data.',
      ].join('\n'),
    );
    expect(mri.location).toBe('Room 2.14, basement');
    const user = eventFor(text, 'k-user');
    expect(user.description).toContain('Owner: user Ada Lovelace');
    expect(user.description).toContain('Rotate the key in Keywarden before then');
    expect(user.component.hasProperty('location')).toBe(false);
    expect(eventFor(export_([{ ...KEYS[0]!, location: '  ' }]), 'k-mri').component.hasProperty('location')).toBe(false);
  });

  it('uses CRLF line endings throughout and folds every line to at most 75 octets', () => {
    const long = 'ä'.repeat(60) + '🔑'.repeat(30) + '日本語'.repeat(20) + 'x'.repeat(200);
    const text = export_([
      ...KEYS,
      { keyId: 'k-long', label: long, ownerLabel: long, ownerType: 'device', expiresAt: '2027-06-01T00:00:00Z' },
    ]);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.slice(0, -2).split('\r\n');
    expect(lines.filter((line) => line.startsWith(' ')).length).toBeGreaterThan(10);
    for (const line of lines) {
      expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
      expect(line, 'a character split across lines').not.toMatch(
        /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/,
      );
    }
    expect(eventFor(text, 'k-long').summary).toBe(`Flywheel key expires: ${long} (${long})`);
  });

  it('folds at the octet limit, not before, and never inside a character', () => {
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
    expect(foldLine('x'.repeat(74) + 'ä')).toBe(`${'x'.repeat(74)}\r\n ä`);
    expect(foldLine('x'.repeat(73) + 'ä')).toBe(`${'x'.repeat(73)}ä`);
    expect(foldLine('x'.repeat(72) + '🔑')).toBe(`${'x'.repeat(72)}\r\n 🔑`);
    expect(foldLine('x'.repeat(150))).toBe(`${'x'.repeat(75)}\r\n ${'x'.repeat(74)}\r\n x`);
  });

  it('gives a valid calendar with no event for an empty key list', () => {
    const text = export_([]);
    expect(calendar(text).getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(events(text)).toHaveLength(0);
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n[^]*\r\nEND:VCALENDAR\r\n$/);
  });

  it('refuses an expiry that is not a date', () => {
    expect(() => export_([{ ...KEYS[0]!, expiresAt: 'soon' }])).toThrow(RangeError);
  });
});

describe('calendarKeys', () => {
  function key(overrides: Partial<KeyRecord>): KeyRecord {
    return {
      id: 'k1',
      label: 'Primary',
      kind: 'enhanced',
      ownerType: 'device',
      ownerId: 'd1',
      ownerLabel: 'MRI Reaper',
      ownerDisabled: false,
      created: '2026-10-01T00:00:00.000Z',
      expiresAt: '2027-01-01T00:00:00.000Z',
      lastUsed: null,
      isAppKey: false,
      ...overrides,
    };
  }

  function device(id: string, location: string): DeviceRecord {
    return testDevice({ id, notes: { location, modality: '', contact: '' } });
  }

  const INVENTORY: Inventory = {
    siteId: 's1',
    siteName: 'Example',
    origin: ORIGIN,
    fetchedAt: NOW.toISOString(),
    devices: [device('d1', ' Room 2.14 '), device('d2', '')],
    users: [],
    keys: [
      key({ id: 'future' }),
      key({ id: 'past', expiresAt: '2026-11-01T00:00:00.000Z' }),
      key({ id: 'exactly-now', expiresAt: NOW.toISOString() }),
      key({ id: 'legacy', kind: 'legacy', expiresAt: null, created: null }),
      key({ id: 'bad-date', expiresAt: 'never' }),
      key({ id: 'no-location', ownerId: 'd2', expiresAt: '2027-02-01T00:00:00.000Z' }),
      key({ id: 'user', ownerType: 'user', ownerId: 'd1', ownerLabel: 'Ada', expiresAt: '2027-03-01T00:00:00.000Z' }),
    ],
    coverage: { deviceKeys: true, users: true, userKeys: 'all' },
  };

  it('keeps the keys with an expiry still to come, leaving out past expiries and legacy keys', () => {
    expect(calendarKeys(INVENTORY, NOW).map((k) => k.keyId)).toEqual(['future', 'no-location', 'user']);
  });

  it("carries the label, owner, expiry and a device's location note", () => {
    const [future, noLocation, user] = calendarKeys(INVENTORY, NOW);
    expect(future).toEqual({
      keyId: 'future',
      label: 'Primary',
      ownerLabel: 'MRI Reaper',
      ownerType: 'device',
      location: 'Room 2.14',
      expiresAt: '2027-01-01T00:00:00.000Z',
    });
    expect(noLocation?.location).toBeNull();
    expect(user?.location).toBeNull();
  });

  it("applies the caller's scope", () => {
    expect(calendarKeys(INVENTORY, NOW, (k) => k.ownerType === 'device').map((k) => k.keyId)).toEqual(['future', 'no-location']);
  });

  it('feeds expiryCalendar: one event per expiring key', () => {
    const keys = calendarKeys(INVENTORY, NOW);
    const text = expiryCalendar({ siteName: INVENTORY.siteName, origin: INVENTORY.origin, keys, now: NOW });
    expect(events(text).map((e) => new ICAL.Event(e).uid.split('-2027')[0])).toEqual(['future', 'no-location', 'user']);
  });
});
