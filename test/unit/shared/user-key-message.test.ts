import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../../shared/key-status.js';
import { mailtoHref } from '../../../shared/migration-messages.js';
import { keysNeedingOwner, userKeysMessage, type MessageKey, type UserMessageInput } from '../../../shared/user-key-message.js';

const now = new Date('2026-12-01T12:00:00Z');

function key(id: string, expiresAt: string | null, extra: Partial<MessageKey> = {}): MessageKey {
  return { id, label: `Key ${id}`, expiresAt, lastUsed: null, ownerDisabled: false, legacyFlag: expiresAt === null, ...extra };
}

function input(keys: MessageKey[], extra: Partial<UserMessageInput> = {}): UserMessageInput {
  return {
    context: {
      site: { origin: 'https://flywheel.example.org', release: '18.4.0' },
      upgradeDate: '2027-03-01',
      from: 'Ada Admin',
    },
    user: { name: 'Grace Hopper', email: 'grace@example.org' },
    keys,
    now,
    thresholds: DEFAULT_THRESHOLDS,
    ...extra,
  };
}

describe('the message to a user about their own keys', () => {
  it('asks for nothing when every key is active', () => {
    expect(userKeysMessage(input([key('a', '2027-06-01T00:00:00Z')]))).toBeNull();
  });

  it('names the expired, expiring and legacy keys, most urgent first, and leaves the active one out', () => {
    const message = userKeysMessage(
      input([
        key('legacy', null),
        key('active', '2027-06-01T00:00:00Z'),
        key('soon', '2026-12-05T00:00:00Z'),
        key('gone', '2026-11-20T00:00:00Z'),
      ]),
    )!;
    const lines = message.body.split('\n').filter((line) => line.startsWith('- '));
    expect(lines).toEqual([
      '- "Key gone" (id gone): expired on 2026-11-20; it no longer works.',
      '- "Key soon" (id soon): expires on 2026-12-05.',
      '- "Key legacy" (id legacy): a legacy key; it stops working when the site is upgraded to Flywheel 19.0 (planned for Monday 1 March 2027).',
    ]);
    expect(message.body).toContain('3 of your API keys on the Flywheel site flywheel.example.org need your attention');
    expect(message.body).toContain('Delete the old keys');
    expect(message.subject).toBe('Your Flywheel API keys on flywheel.example.org: please replace them');
    expect(message.to).toBe('grace@example.org');
    expect(message.body.endsWith('Thank you,\nAda Admin')).toBe(true);
  });

  it('uses the thresholds the admin set for "expiring soon"', () => {
    const soonIn10Days = [key('k', '2026-12-11T00:00:00Z')];
    expect(userKeysMessage(input(soonIn10Days))).toBeNull();
    const wider = userKeysMessage(input(soonIn10Days, { thresholds: { ...DEFAULT_THRESHOLDS, expiringWithinDays: 14 } }));
    expect(wider?.subject).toBe('Your Flywheel API key on flywheel.example.org: please replace it');
  });

  it('says nothing of the keys of a disabled user: none of them works until the admin enables the user', () => {
    expect(
      keysNeedingOwner({
        keys: [key('x', '2026-11-01T00:00:00Z', { ownerDisabled: true })],
        now,
        thresholds: DEFAULT_THRESHOLDS,
      }),
    ).toEqual([]);
  });

  it('has no address where the site gives none, and makes a mailto: link that keeps the line breaks', () => {
    const message = userKeysMessage(input([key('gone', '2026-11-20T00:00:00Z')], { user: { name: 'Grace', email: null } }))!;
    expect(message.to).toBeNull();
    const withAddress = userKeysMessage(input([key('gone', '2026-11-20T00:00:00Z')]))!;
    expect(mailtoHref(withAddress)).toMatch(/^mailto:grace@example\.org\?subject=.+&body=Hello%20Grace%20Hopper%2C%0D%0A/);
  });

  it('does not plan a day the admin has not set, and signs only with a name', () => {
    const message = userKeysMessage(
      input([key('legacy', null)], {
        context: { site: { origin: 'https://fw.example', release: null }, upgradeDate: null, from: null },
      }),
    )!;
    expect(message.body).toContain('upgraded to Flywheel 19.0.');
    expect(message.body.endsWith('Thank you.')).toBe(true);
  });
});
