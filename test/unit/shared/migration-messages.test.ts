import { describe, expect, it } from 'vitest';
import type { Inventory, KeyRecord } from '../../../shared/inventory.js';
import {
  deadlineText,
  deleteRisk,
  longDay,
  mailtoHref,
  messageText,
  ownerMessage,
  stepStateText,
  supportRequest,
  swapStatus,
  type MessageContext,
} from '../../../shared/migration-messages.js';
import { buildMigration, emptyMigrationState, type LegacyEntry } from '../../../shared/migration.js';
import { testDevice } from '../../support/records.js';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const day = (offset: number) => new Date(NOW.getTime() + offset * 86_400_000).toISOString();
const SECRET = 'flywheel.example.org:KEYCANARYxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx';

function key(overrides: Partial<KeyRecord>): KeyRecord {
  return {
    id: 'k',
    label: 'Legacy Key',
    kind: 'legacy',
    ownerType: 'device',
    ownerId: 'dev-reaper',
    ownerLabel: 'MR Reaper',
    ownerDisabled: false,
    created: day(-700),
    expiresAt: null,
    lastUsed: day(-0.5),
    isAppKey: false,
    ...overrides,
  };
}

const inventory: Inventory = {
  siteId: 'flywheel-example-org',
  siteName: 'flywheel.example.org',
  origin: 'https://flywheel.example.org',
  fetchedAt: NOW.toISOString(),
  devices: [testDevice({ id: 'dev-reaper', label: 'MR Reaper' })],
  users: [
    {
      id: 'grace',
      name: 'Grace Hopper',
      email: 'grace+fw@example.org',
      disabled: false,
      isSiteAdmin: false,
      keysVisible: true,
      lastLogin: null,
    },
  ],
  keys: [
    key({ id: 'leg-reaper' }),
    key({ id: 'reaper-new', kind: 'enhanced', label: 'Primary', created: day(-3), expiresAt: day(60), lastUsed: null }),
    key({ id: 'leg-grace', ownerType: 'user', ownerId: 'grace', ownerLabel: 'Grace Hopper', lastUsed: day(-40) }),
  ],
  coverage: { deviceKeys: true, users: true, userKeys: 'all' },
};

function entries(release: string | null = '18.4.2') {
  const view = buildMigration({
    inventory,
    site: { name: 'flywheel.example.org', origin: 'https://flywheel.example.org', release, keyKind: 'enhanced' },
    state: emptyMigrationState(),
    now: NOW,
  });
  const find = (id: string) => view.keys.find((entry) => entry.keyId === id)!;
  return { reaper: find('leg-reaper'), grace: find('leg-grace') };
}

const context = (upgradeDate: string | null, release: string | null = '18.4.2'): MessageContext => ({
  site: { origin: 'https://flywheel.example.org', release },
  upgradeDate,
  from: 'Ada Lovelace',
});

describe('longDay and deadlineText', () => {
  it('writes a UTC day out in words, and leaves anything else as it is', () => {
    expect(longDay('2027-03-01')).toBe('Monday 1 March 2027');
    expect(longDay('2026-12-31')).toBe('Thursday 31 December 2026');
    expect(longDay('2027-02-30')).toBe('2027-02-30');
    expect(longDay('soon')).toBe('soon');
  });

  it('gives the planned day as the deadline, or the upgrade itself without one', () => {
    expect(deadlineText('2027-03-01')).toBe(
      "before Monday 1 March 2027 (2027-03-01), the planned day of the site's upgrade to Flywheel 19.0",
    );
    expect(deadlineText(null)).toBe('before the site is upgraded to Flywheel 19.0');
  });
});

describe('mailtoHref', () => {
  const message = {
    to: 'grace+fw@example.org',
    subject: 'Your key & 19.0: 100% done?',
    body: 'Line one\nLine two: a=b&c=d #1',
  };

  it('percent-encodes subject and body as RFC 6068 asks: %20 for spaces, %0D%0A for line breaks', () => {
    const href = mailtoHref(message);
    expect(href).toBe(
      'mailto:grace%2Bfw@example.org?subject=Your%20key%20%26%2019.0%3A%20100%25%20done%3F&body=Line%20one%0D%0ALine%20two%3A%20a%3Db%26c%3Dd%20%231',
    );
    expect(href).not.toContain('+');
    const url = new URL(href);
    expect(decodeURIComponent(url.pathname)).toBe('grace+fw@example.org');
    expect(url.searchParams.get('subject')).toBe(message.subject);
    expect(url.searchParams.get('body')).toBe('Line one\r\nLine two: a=b&c=d #1');
  });

  it('leaves the address empty when it is not known, and cannot be tricked into extra fields', () => {
    expect(mailtoHref({ ...message, to: null }).startsWith('mailto:?subject=')).toBe(true);
    const sneaky = mailtoHref({ ...message, to: 'x@example.org?bcc=eve@example.org' });
    expect(new URL(sneaky).searchParams.get('bcc')).toBeNull();
    expect(sneaky.startsWith('mailto:x@example.org%3Fbcc%3Deve@example.org?subject=')).toBe(true);
  });
});

describe('supportRequest', () => {
  it("names the site, release, device, key id, last use and planned day of a Reaper's key", () => {
    const { reaper } = entries();
    const request = supportRequest(context('2027-03-01'), reaper);
    expect(request.to).toBeNull();
    expect(request.subject).toBe('Replace the legacy API key of Reaper "MR Reaper" on flywheel.example.org');
    for (const line of [
      'Site: https://flywheel.example.org',
      'Site release: 18.4.2',
      'Device: MR Reaper',
      'Device id: dev-reaper',
      'Device type: reaper',
      'Legacy key id: leg-reaper',
      'Legacy key last used: 2026-11-26 00:00 UTC',
      'Planned upgrade to Flywheel 19.0: 2027-03-01 (Monday 1 March 2027)',
      'Replacement key already made for this device: "Primary" (id reaper-new), created 2026-11-23, not used yet',
    ]) {
      expect(request.body.split('\n')).toContain(line);
    }
    expect(request.body).toContain('Ada Lovelace');
  });

  it('says when no day or release is known', () => {
    const { reaper } = entries(null);
    const body = supportRequest(context(null, null), reaper).body;
    expect(body).toContain('Site release: not reported by the site');
    expect(body).toContain('Planned upgrade to Flywheel 19.0: not set yet');
    expect(body).toContain('its day is not set yet');
  });
});

describe('ownerMessage', () => {
  it('writes to the owner with the four steps, the deadline and where they stand', () => {
    const { grace } = entries();
    const message = ownerMessage(context('2027-03-01'), grace);
    expect(message.to).toBe('grace+fw@example.org');
    expect(message.subject).toBe('Please replace your legacy Flywheel API key before 2027-03-01');
    const lines = message.body.split('\n');
    expect(lines[0]).toBe('Hello Grace Hopper,');
    expect(lines).toContain('Key: "Legacy Key" (id leg-grace)');
    expect(message.body).toContain(
      "Please replace it before Monday 1 March 2027 (2027-03-01), the planned day of the site's upgrade to Flywheel 19.0:",
    );
    expect(lines.filter((line) => /^[1-4]\. /.test(line))).toHaveLength(4);
    expect(message.body).toContain('1. The site: it runs Flywheel 18.4.2');
    expect(message.body).toContain('create a new API key there');
    expect(message.body).toContain('Switch every CLI, SDK, script and application');
    expect(message.body).toContain('4. Delete the legacy key on your profile.');
    expect(message.body).toContain('Where you are now: The site shows no new API key of yours');
    expect(message.body).not.toContain('(Done: you made');
  });

  it('has the upgrade itself as the deadline when no day is set, and waits for an old site first', () => {
    const { grace } = entries('16.18.9');
    const message = ownerMessage(context(null, '16.18.9'), grace);
    expect(message.subject).toBe('Please replace your legacy Flywheel API key before the upgrade to Flywheel 19.0');
    expect(message.body).toContain('Please replace it before the site is upgraded to Flywheel 19.0:');
    expect(message.body).toContain('1. The site: we first upgrade it to Flywheel 16.19.0 or later');
  });

  it('puts the recipient and subject before the body in the text to copy', () => {
    const { grace } = entries();
    const text = messageText(ownerMessage(context(null), grace));
    expect(text.split('\n').slice(0, 3)).toEqual([
      'To: grace+fw@example.org',
      'Subject: Please replace your legacy Flywheel API key before the upgrade to Flywheel 19.0',
      '',
    ]);
  });
});

describe('no secrets in a prepared message', () => {
  it('reads named fields only, so a secret smuggled into an entry never reaches a message', () => {
    const { reaper, grace } = entries();
    const poisoned = (entry: LegacyEntry) =>
      ({ ...entry, secret: SECRET, key: SECRET, owner: { ...entry.owner, secret: SECRET } }) as LegacyEntry;
    const texts = [
      messageText(supportRequest(context('2027-03-01'), poisoned(reaper))),
      messageText(ownerMessage(context('2027-03-01'), poisoned(grace))),
      mailtoHref(ownerMessage(context(null), poisoned(grace))),
    ];
    for (const text of texts) {
      expect(text).not.toContain('KEYCANARY');
      expect(text.toLowerCase()).not.toContain('secret:');
    }
  });
});

describe('swap status and delete risk', () => {
  const quiet = { days: 3, of: 14 };
  it('follows the phase', () => {
    expect(swapStatus({ phase: 'waiting-first-use', quiet: null, replacement: null }).text).toBe(
      "Waiting for the new key's first use",
    );
    expect(swapStatus({ phase: 'quiet', quiet, replacement: null }).text).toBe('Legacy key quiet for 3 of 14 days');
    expect(swapStatus({ phase: 'safe-to-delete', quiet: { days: 20, of: 14 }, replacement: null })).toEqual({
      text: 'Safe to delete',
      tone: 'success',
    });
  });

  it('warns before a delete the evidence does not support yet, and only then', () => {
    expect(deleteRisk({ phase: 'replace', quiet: null, lastUsed: '2026-11-26T08:00:00.000Z' })).toBe(
      'There is no replacement key yet, and this key was last used 2026-11-26 08:00 UTC: whatever still uses it stops working at once.',
    );
    expect(deleteRisk({ phase: 'quiet', quiet, lastUsed: null })).toContain('quiet for only 3 of 14 days');
    expect(deleteRisk({ phase: 'quiet', quiet: { days: 0, of: 14 }, lastUsed: '2026-11-26T08:00:00.000Z' })).toBe(
      'This key is still in use (last used 2026-11-26 08:00 UTC): a client that has not switched stops working.',
    );
    for (const phase of ['safe-to-delete', 'owner-disabled', 'rejected', 'deleted'] as const) {
      expect(deleteRisk({ phase, quiet: null, lastUsed: null })).toBeNull();
    }
  });

  it('calls a step done only when its state is done', () => {
    expect(stepStateText({ state: 'done', source: 'site' })).toBe('Done');
    expect(stepStateText({ state: 'done', source: 'manual' })).toBe('Done (ticked by hand)');
    expect(stepStateText({ state: 'pending', source: 'manual' })).toBe('Pending');
    expect(stepStateText({ state: 'not-applicable', source: null })).toBe('Not applicable');
  });
});
