/**
 * The message an admin sends a user about their own keys. Flywheel lets only the owner create and delete user
 * keys (flywheel-api.md, Keys), so for a user's expired, expiring or legacy key the admin cannot act on the key:
 * they ask the owner, and disabling the user stays the last resort.
 *
 * Reads named fields only (label, id, dates), so no secret can reach the text (security.md B3; a record has none).
 */
import { groupedNumber } from './count-text.js';
import { keyStatus, type KeyFacts, type StatusThresholds } from './key-status.js';
import { longDay, REJECTING_RELEASE, type MessageContext, type PreparedMessage } from './migration-messages.js';

export interface MessageKey extends KeyFacts {
  readonly id: string;
}

export interface UserMessageInput {
  readonly context: MessageContext;
  readonly user: { readonly name: string; readonly email: string | null };
  readonly keys: readonly MessageKey[];
  readonly now: Date;
  readonly thresholds: StatusThresholds;
}

/** What asks for the owner's hand, most urgent first; an active key needs nothing. */
const NEEDS_OWNER = ['expired', 'expiring-soon', 'legacy'] as const;
type NeedsOwner = (typeof NEEDS_OWNER)[number];

function isNeedsOwner(status: string): status is NeedsOwner {
  return (NEEDS_OWNER as readonly string[]).includes(status);
}

function day(iso: string | null): string {
  const time = iso === null ? Number.NaN : Date.parse(iso);
  return Number.isNaN(time) ? 'an unknown day' : new Date(time).toISOString().slice(0, 10);
}

function keyLine(key: MessageKey, status: NeedsOwner, context: MessageContext): string {
  const name = `"${key.label}" (id ${key.id})`;
  if (status === 'expired') return `- ${name}: expired on ${day(key.expiresAt)}; it no longer works.`;
  if (status === 'expiring-soon') return `- ${name}: expires on ${day(key.expiresAt)}.`;
  const planned = context.upgradeDate === null ? '' : ` (planned for ${longDay(context.upgradeDate)})`;
  return `- ${name}: a legacy key; it stops working when the site is upgraded to ${REJECTING_RELEASE}${planned}.`;
}

/** The keys of this user that only they can replace, most urgent first; empty when none needs them. */
export function keysNeedingOwner(
  input: Pick<UserMessageInput, 'keys' | 'now' | 'thresholds'>,
): { key: MessageKey; status: NeedsOwner }[] {
  const found: { key: MessageKey; status: NeedsOwner }[] = [];
  for (const key of input.keys) {
    // A disabled owner's keys are all rejected: the message would not help; enabling the user is the admin's call.
    const status = keyStatus(key, input.now, input.thresholds);
    if (isNeedsOwner(status)) found.push({ key, status });
  }
  return found.sort((a, b) => NEEDS_OWNER.indexOf(a.status) - NEEDS_OWNER.indexOf(b.status));
}

/**
 * The prepared message, or null when none of the user's keys needs them. It names each key, says what happens,
 * and the steps only the owner can take: create a new key with an expiry on their profile, put it where the old
 * one is used, then delete the old one.
 */
export function userKeysMessage(input: UserMessageInput): PreparedMessage | null {
  const needing = keysNeedingOwner(input);
  if (needing.length === 0) return null;
  const { context } = input;
  const host = context.site.origin.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
  const one = needing.length === 1;
  const body = [
    `Hello ${input.user.name},`,
    '',
    `${one ? 'One of your API keys' : `${groupedNumber(needing.length)} of your API keys`} on the Flywheel site ${host} ${one ? 'needs' : 'need'} your attention:`,
    ...needing.map(({ key, status }) => keyLine(key, status, context)),
    '',
    `Only you can replace ${one ? 'it' : 'them'}: Flywheel lets the owner of a user key create and delete it.`,
    '1. Sign in to the site, open your profile and create a new API key with an expiry date.',
    '2. Put the new key wherever the old one is used (scripts, the CLI, tools), and check that they work.',
    `3. Delete the old key${one ? '' : 's'} on your profile.`,
    ...(context.from ? ['', 'Thank you,', context.from] : ['', 'Thank you.']),
  ].join('\n');
  return {
    to: input.user.email,
    subject: `Your Flywheel API ${one ? 'key' : 'keys'} on ${host}: please replace ${one ? 'it' : 'them'}`,
    body,
  };
}
