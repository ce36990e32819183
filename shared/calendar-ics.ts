/**
 * The calendar export of key expiries (issue 8): an iCalendar file (RFC 5545) with one event per key expiry and an
 * alarm some days before, for Outlook, Google Calendar and Apple Calendar. Pure functions, no secret: the input has
 * only labels, owners, ids and dates. Main (or the web host) writes the string to a `.ics` file as UTF-8.
 *
 * Choices that matter for the three clients:
 * - Each event is timed, at the exact expiry instant in UTC (`DTSTART:...Z`) and lasting 30 minutes (`DTEND`), not
 *   an all-day event. A key stops working at an instant; a UTC date-time is shown by every client in the reader's own
 *   time zone and needs no VTIMEZONE (time zone definitions are where Outlook imports most often go wrong). An all-day
 *   event on the UTC day would sit on the wrong local day for admins far from UTC (an expiry at 01:00 UTC is the
 *   evening before in the Americas), and its date is floating, so the alarm would fire at local midnight a week
 *   before rather than a week before the real instant. DTEND rather than DURATION or a zero-length event, because
 *   Outlook and Google render those best.
 * - `METHOD:PUBLISH` (not REQUEST) so Outlook imports plain events instead of a meeting invitation;
 *   `TRANSP:TRANSPARENT` so the reminders never block the admin's free/busy time.
 * - The UID is built from the key id, its exact expiry and the site's host: the same key with the same expiry gives
 *   the same UID in every export, so importing a newer file updates the event instead of adding a duplicate, and no
 *   SEQUENCE bookkeeping is needed. A key whose expiry is changed gets a new event (the old one stays until deleted).
 * - Outlook and Apple Calendar honour the VALARM; Google Calendar is known to apply its own default notifications to
 *   imported events instead, so the expiry date also leads the summary and description.
 * - An empty key list gives a calendar with no event. RFC 5545's grammar asks for at least one component, but the
 *   clients accept an empty calendar, and a placeholder event would be a false reminder.
 */
import type { Inventory, KeyRecord, OwnerType } from './inventory.js';

export interface CalendarKey {
  readonly keyId: string;
  readonly label: string;
  readonly ownerLabel: string;
  readonly ownerType: OwnerType;
  /** The device's location note, where one is known. */
  readonly location?: string | null;
  /** ISO 8601 instant. */
  readonly expiresAt: string;
}

export interface ExpiryCalendarInput {
  readonly siteName: string;
  /** The site's address, e.g. `https://flywheel.example.org`; its host makes the UIDs unique per site. */
  readonly origin: string;
  readonly keys: readonly CalendarKey[];
  /** The time of the export: each event's DTSTAMP. */
  readonly now: Date;
  /** Days before the expiry at which each event's alarm fires (default 7; 0 fires at the expiry). */
  readonly alarmDaysBefore?: number;
}

export const DEFAULT_ALARM_DAYS_BEFORE = 7;
export const EVENT_DURATION_MINUTES = 30;
const MAX_ALARM_DAYS_BEFORE = 366;
const MAX_LINE_OCTETS = 75;
const CRLF = '\r\n';

/** The iCalendar text for the given key expiries, CRLF line endings, lines folded at 75 octets. */
export function expiryCalendar(input: ExpiryCalendarInput): string {
  const alarmDays = input.alarmDaysBefore ?? DEFAULT_ALARM_DAYS_BEFORE;
  if (!Number.isInteger(alarmDays) || alarmDays < 0 || alarmDays > MAX_ALARM_DAYS_BEFORE) {
    throw new RangeError(`alarmDaysBefore must be a whole number of days from 0 to ${MAX_ALARM_DAYS_BEFORE}.`);
  }
  const host = originHost(input.origin);
  const stamp = utcDateTime(input.now);

  const events = input.keys
    .map((key) => ({ key, expires: instant(key.expiresAt, key.keyId) }))
    .sort((a, b) => a.expires.getTime() - b.expires.getTime() || compareText(a.key.keyId, b.key.keyId));

  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Keywarden//Key expiries//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(`Flywheel key expiries: ${input.siteName}`)}`,
  ];
  const seen = new Set<string>();
  for (const { key, expires } of events) {
    const uid = eventUid(key.keyId, expires, host);
    // Two events with one UID are one event to every client: the same key listed twice is exported once.
    if (seen.has(uid)) continue;
    seen.add(uid);
    lines.push(...eventLines(key, expires, uid, stamp, alarmDays, input));
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/**
 * The keys to put in the calendar from an inventory: those with an expiry still to come (legacy keys have none),
 * narrowed by the caller's scope (e.g. device keys and the admin's own). A device key carries its device's location
 * note where one is set.
 */
export function calendarKeys(inventory: Inventory, now: Date, include: (key: KeyRecord) => boolean = () => true): CalendarKey[] {
  const locations = new Map(
    inventory.devices.filter((device) => device.notes.location.trim() !== '').map((d) => [d.id, d.notes.location.trim()]),
  );
  const keys: CalendarKey[] = [];
  for (const key of inventory.keys) {
    if (key.expiresAt === null) continue;
    const expires = Date.parse(key.expiresAt);
    if (Number.isNaN(expires) || expires <= now.getTime() || !include(key)) continue;
    keys.push({
      keyId: key.id,
      label: key.label,
      ownerLabel: key.ownerLabel,
      ownerType: key.ownerType,
      location: key.ownerType === 'device' ? (locations.get(key.ownerId) ?? null) : null,
      expiresAt: key.expiresAt,
    });
  }
  return keys;
}

function eventLines(
  key: CalendarKey,
  expires: Date,
  uid: string,
  stamp: string,
  alarmDays: number,
  input: ExpiryCalendarInput,
): string[] {
  const end = new Date(expires.getTime() + EVENT_DURATION_MINUTES * 60_000);
  const title = `${key.label} (${key.ownerLabel})`;
  const location = key.location?.trim() ?? '';
  const when = `${expires.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const owner = key.ownerType === 'device' ? `device ${key.ownerLabel}` : `user ${key.ownerLabel}`;
  const whatToDo =
    key.ownerType === 'device'
      ? 'Rotate the key in Keywarden (Devices, then the device) before then, and put the new key on the device: ' +
        'a device whose key has expired stops sending data.'
      : 'Rotate the key in Keywarden before then (or ask the user to create a new one), and give the new key to ' +
        'whatever uses it.';
  const description = [
    `Site: ${input.siteName} (${input.origin})`,
    `Owner: ${owner}`,
    ...(location ? [`Location: ${location}`] : []),
    `Key: ${key.label} (id ${key.keyId})`,
    `Expires: ${when}`,
    '',
    whatToDo,
  ].join('\n');
  const alarmWhen = alarmDays === 0 ? 'now' : `in ${alarmDays} day${alarmDays === 1 ? '' : 's'}`;
  return [
    'BEGIN:VEVENT',
    `UID:${escapeText(uid)}`,
    `DTSTAMP:${stamp}`,
    `DTSTART:${utcDateTime(expires)}`,
    `DTEND:${utcDateTime(end)}`,
    `SUMMARY:${escapeText(`Flywheel key expires: ${title}`)}`,
    `DESCRIPTION:${escapeText(description)}`,
    ...(location ? [`LOCATION:${escapeText(location)}`] : []),
    'TRANSP:TRANSPARENT',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    `DESCRIPTION:${escapeText(`Flywheel key expires ${alarmWhen} (${when}): ${title}`)}`,
    `TRIGGER:${alarmDays === 0 ? 'PT0S' : `-P${alarmDays}D`}`,
    'END:VALARM',
    'END:VEVENT',
  ];
}

/** `<keyId>-<expiry as yyyymmddThhmmssZ>@<host>`: the same for the same key and expiry in every export. */
function eventUid(keyId: string, expires: Date, host: string): string {
  return `${encodeURIComponent(keyId)}-${utcDateTime(expires)}@${host}`;
}

function originHost(origin: string): string {
  try {
    const host = new URL(origin).host.toLowerCase();
    if (host) return host;
  } catch {
    // Not an address: fall through to a name made of the origin's safe characters.
  }
  return origin.toLowerCase().replace(/[^a-z0-9.-]+/g, '-') || 'keywarden.invalid';
}

function instant(iso: string, keyId: string): Date {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) throw new RangeError(`The expiry of key ${keyId} is not a date: ${iso}`);
  return new Date(time);
}

/** RFC 5545 DATE-TIME in UTC, `yyyymmddThhmmssZ` (whole seconds: iCalendar has no fractions). */
function utcDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * RFC 5545 TEXT (3.3.11): backslash, semicolon and comma are escaped, a line break becomes `\n`; other control
 * characters are not allowed in TEXT and are dropped.
 */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/[\\;,]/g, (char) => `\\${char}`)
    .replace(/\n/g, '\\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ''); // eslint-disable-line no-control-regex
}

/**
 * RFC 5545 folding (3.1): a content line longer than 75 octets of UTF-8 is split with CRLF and one space, the space
 * counting towards the next line's 75. Splits fall between characters (code points), never inside one.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8Octets(char.codePointAt(0) ?? 0);
    if (octets + size > MAX_LINE_OCTETS) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(CRLF);
}

function utf8Octets(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}
