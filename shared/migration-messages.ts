/**
 * The words the migration page prepares for other people and for the guided swap, as pure functions of values:
 * the support request for a Reaper's legacy key (Flywheel's guide, "How to Replace Legacy API Keys": Flywheel
 * staff replace Reaper keys), the message to a user about their own legacy key (only the owner creates and deletes
 * user keys), a mailto: link for it (RFC 6068), and the short status lines of a guided swap.
 *
 * Every builder reads named fields only, never a whole record, so nothing but ids, names, labels and dates can end
 * up in a message (security.md B3: no secrets). Dates are UTC days, as everywhere in the app.
 */
import { countText, groupedNumber } from './count-text.js';
import { DEFAULT_QUIET_DAYS, type LegacyEntry, type LegacyPhase, type MigrationStep } from './migration.js';
import { ENHANCED_KEYS_FROM } from './version.js';

/** The release that rejects legacy keys, as people say it ("Flywheel 19.0"). */
export const REJECTING_RELEASE = 'Flywheel 19.0';

/** What a prepared message needs of the site and the admin. */
export interface MessageContext {
  readonly site: { readonly origin: string; readonly release: string | null };
  /** The planned upgrade day (YYYY-MM-DD), or null when none is set. */
  readonly upgradeDate: string | null;
  /** The signed-in admin's name, to sign with; null to leave the message unsigned. */
  readonly from: string | null;
}

/** What a prepared message needs of a legacy key: named fields only (no secret exists in an entry anyway). */
export type MessageEntry = Pick<
  LegacyEntry,
  'keyId' | 'label' | 'owner' | 'deviceType' | 'lastUsed' | 'phase' | 'replacement' | 'quiet' | 'quietForDays' | 'steps'
>;

export interface PreparedMessage {
  /** The recipient's e-mail, or null where it is not known (the support request is copied, not mailed). */
  readonly to: string | null;
  readonly subject: string;
  readonly body: string;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** "2027-03-01" as "Monday 1 March 2027" (a UTC day, written out so no reader mistakes day and month); else as given. */
export function longDay(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) return day;
  return `${WEEKDAYS[date.getUTCDay()]} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** The deadline in words: the planned upgrade day, or the upgrade itself when no day is set. */
export function deadlineText(upgradeDate: string | null): string {
  return upgradeDate === null
    ? `before the site is upgraded to ${REJECTING_RELEASE}`
    : `before ${longDay(upgradeDate)} (${upgradeDate}), the planned day of the site's upgrade to ${REJECTING_RELEASE}`;
}

/** An instant as the app shows it: "2026-11-26 09:30 UTC"; "never" for null. */
function instant(iso: string | null): string {
  if (iso === null) return 'never';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? 'not known' : `${new Date(time).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}

function day(iso: string | null): string {
  if (iso === null) return 'not known';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? 'not known' : new Date(time).toISOString().slice(0, 10);
}

function hostOf(origin: string): string {
  return origin.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
}

function signature(context: MessageContext): string[] {
  return context.from ? ['', 'Thank you,', context.from] : ['', 'Thank you.'];
}

/**
 * RFC 6068 mailto: URI. Subject and body are percent-encoded as UTF-8 (spaces as %20, never "+"), line breaks
 * become %0D%0A as the RFC asks, and the address keeps its "@" (allowed as is) with everything else encoded.
 */
export function mailtoHref(message: PreparedMessage): string {
  const address = message.to === null ? '' : encodeURIComponent(message.to.trim()).replace(/%40/g, '@');
  const body = message.body.replace(/\r?\n/g, '\r\n');
  return `mailto:${address}?subject=${encodeURIComponent(message.subject)}&body=${encodeURIComponent(body)}`;
}

/** The message as one text to copy: the subject line, then the body. */
export function messageText(message: PreparedMessage): string {
  const to = message.to === null ? [] : [`To: ${message.to}`];
  return [...to, `Subject: ${message.subject}`, '', message.body].join('\n');
}

function replacementLine(entry: MessageEntry): string | null {
  const replacement = entry.replacement;
  if (!replacement) return null;
  const use = replacement.lastUsed === null ? 'not used yet' : `last used ${instant(replacement.lastUsed)}`;
  return `Replacement key already made for this device: "${replacement.label}" (id ${replacement.keyId}), created ${day(replacement.created)}, ${use}`;
}

/**
 * The request to Flywheel support for a Reaper's legacy key: site, release, device, key id, last use and the
 * planned upgrade day, ready to copy into a support ticket.
 */
export function supportRequest(context: MessageContext, entry: MessageEntry): PreparedMessage {
  const device = entry.owner.name;
  const upgrade = context.upgradeDate;
  const facts = [
    `Site: ${context.site.origin}`,
    `Site release: ${context.site.release ?? 'not reported by the site'}`,
    `Device: ${device}`,
    `Device id: ${entry.owner.id}`,
    `Device type: ${entry.deviceType ?? 'not reported by the site'}`,
    `Legacy key id: ${entry.keyId}`,
    `Legacy key last used: ${instant(entry.lastUsed)}`,
    `Planned upgrade to ${REJECTING_RELEASE}: ${upgrade === null ? 'not set yet' : `${upgrade} (${longDay(upgrade)})`}`,
  ];
  const replacement = replacementLine(entry);
  if (replacement) facts.push(replacement);
  const body = [
    'Hello Flywheel support,',
    '',
    `Flywheel's guide "How to Replace Legacy API Keys" says that Flywheel staff replace the legacy API keys of Reaper devices. Please replace the legacy key of our Reaper below with an enhanced key. ${
      upgrade === null
        ? `We are preparing the upgrade of our site to ${REJECTING_RELEASE}, which rejects legacy keys; its day is not set yet.`
        : `We plan to upgrade our site to ${REJECTING_RELEASE}, which rejects legacy keys, on ${longDay(upgrade)} (${upgrade}).`
    }`,
    '',
    ...facts,
    '',
    'Please tell us when the Reaper runs on its new key, so that we can delete the legacy key.',
    ...signature(context),
  ].join('\n');
  return {
    to: null,
    subject: `Replace the legacy API key of Reaper "${device}" on ${hostOf(context.site.origin)}`,
    body,
  };
}

/** Where the owner stands, in words for them, from the evidence of the steps. */
export function ownerProgressText(entry: MessageEntry): string {
  const replacement = entry.replacement;
  const lastUse = entry.lastUsed === null ? 'has never been used' : `was last used on ${day(entry.lastUsed)}`;
  switch (entry.phase) {
    case 'replace':
      return 'The site shows no new API key of yours made after the legacy key yet.';
    case 'waiting-first-use':
      return `Your new key "${replacement?.label ?? ''}" exists, but the site has not seen it used yet.`;
    case 'quiet':
      return `Your new key "${replacement?.label ?? ''}" is in use. The legacy key ${lastUse}; once nothing has used it for ${countText(entry.quiet?.of ?? DEFAULT_QUIET_DAYS, 'day')}, it can be deleted.`;
    case 'safe-to-delete':
      return `Your new key "${replacement?.label ?? ''}" is in use and the legacy key ${lastUse}: you can delete the legacy key now.`;
    case 'owner-disabled':
      return 'Your account is disabled, so nothing can use this key; it only needs deleting.';
    case 'rejected':
      return `The site already runs ${REJECTING_RELEASE} or later and rejects the legacy key: anything still using it has stopped working.`;
    case 'deleted':
      return 'The legacy key is deleted: nothing more to do.';
  }
}

function siteStepText(entry: MessageEntry, context: MessageContext): string {
  const siteStep = entry.steps.find((step) => step.step === 1);
  return siteStep?.state === 'done'
    ? `The site: it runs Flywheel ${context.site.release ?? ''}, which makes the new (enhanced) keys. Nothing to do for you.`
    : `The site: we first upgrade it to Flywheel ${ENHANCED_KEYS_FROM} or later, which makes the new (enhanced) keys. Please wait for our word before step 2.`;
}

/** " (Done: you made "Notebook" on 2026-10-01.)" where the site shows the new key; else nothing. */
function madeAlready(entry: MessageEntry): string {
  const replacement = entry.replacement;
  const made = entry.steps.find((step) => step.step === 2)?.state === 'done';
  return made && replacement ? ` (Done: you made "${replacement.label}" on ${day(replacement.created)}.)` : '';
}

/**
 * The message to a user about their legacy key: what it is, why it must go, the four steps of Flywheel's guide as
 * they concern a user, the deadline and where they stand.
 */
export function ownerMessage(context: MessageContext, entry: MessageEntry): PreparedMessage {
  const deadline = deadlineText(context.upgradeDate);
  const body = [
    `Hello ${entry.owner.name},`,
    '',
    `Your account on ${context.site.origin} still has a legacy API key:`,
    '',
    `Key: "${entry.label}" (id ${entry.keyId})`,
    `Last used: ${instant(entry.lastUsed)}`,
    '',
    `${REJECTING_RELEASE} rejects legacy keys: anything that still uses this key (the Flywheel CLI, the Python SDK, scripts or other applications) stops working when the site is upgraded. Please replace it ${deadline}:`,
    '',
    `1. ${siteStepText(entry, context)}`,
    `2. Sign in to ${context.site.origin}, open your profile and create a new API key there, with an expiry date. Store its secret safely: it is shown only once.${madeAlready(entry)}`,
    '3. Switch every CLI, SDK, script and application that uses the legacy key to the new key, and check that each one still works.',
    '4. Delete the legacy key on your profile.',
    '',
    `Where you are now: ${ownerProgressText(entry)}`,
    ...signature(context),
  ].join('\n');
  // Once the new key has taken over, deleting the old one is all that is left to ask.
  const verb = entry.phase === 'safe-to-delete' ? 'delete' : 'replace';
  const subject =
    context.upgradeDate === null
      ? `Please ${verb} your legacy Flywheel API key before the upgrade to ${REJECTING_RELEASE}`
      : `Please ${verb} your legacy Flywheel API key before ${context.upgradeDate}`;
  return { to: entry.owner.email, subject, body };
}

export type SwapTone = 'info' | 'warning' | 'success';

/** The guided swap's one status line, from the view's evidence (never from a guess). */
export function swapStatus(entry: Pick<LegacyEntry, 'phase' | 'quiet' | 'replacement'>): { text: string; tone: SwapTone } {
  const phase: LegacyPhase = entry.phase;
  switch (phase) {
    case 'replace':
      return { text: 'No replacement key yet', tone: 'warning' };
    case 'waiting-first-use':
      return { text: "Waiting for the new key's first use", tone: 'info' };
    case 'quiet':
      return {
        text: `Legacy key quiet for ${groupedNumber(entry.quiet?.days ?? 0)} of ${countText(entry.quiet?.of ?? 0, 'day')}`,
        tone: 'info',
      };
    case 'safe-to-delete':
      return { text: 'Safe to delete', tone: 'success' };
    case 'owner-disabled':
      return { text: 'The owner is disabled: nothing can use this key, delete it', tone: 'info' };
    case 'rejected':
      return { text: `Rejected now: the site runs ${REJECTING_RELEASE} or later`, tone: 'warning' };
    case 'deleted':
      return { text: 'Deleted from the site', tone: 'success' };
  }
}

/**
 * Why deleting this legacy key now may break something, or null when the evidence says it is safe (or nothing
 * can use it any more). Shown before the delete, which stays possible: the admin may know better.
 */
export function deleteRisk(entry: Pick<LegacyEntry, 'phase' | 'quiet' | 'lastUsed'>): string | null {
  const lastUse = entry.lastUsed === null ? 'never used' : `last used ${instant(entry.lastUsed)}`;
  switch (entry.phase) {
    case 'replace':
      return `There is no replacement key yet, and this key was ${lastUse}: whatever still uses it stops working at once.`;
    case 'waiting-first-use':
      return `The new key has not been used yet, and this key was ${lastUse}: a client that has not switched stops working.`;
    case 'quiet':
      return (entry.quiet?.days ?? 0) === 0
        ? `This key is still in use (${lastUse}): a client that has not switched stops working.`
        : `This key has been quiet for only ${groupedNumber(entry.quiet?.days ?? 0)} of ${countText(entry.quiet?.of ?? 0, 'day')} (${lastUse}): a client that runs rarely may still need it.`;
    case 'safe-to-delete':
    case 'owner-disabled':
    case 'rejected':
    case 'deleted':
      return null;
  }
}

/** A step's state in words; "done" only when the step's state is done, with who made it so. */
export function stepStateText(step: Pick<MigrationStep, 'state' | 'source'>): string {
  if (step.state === 'done') return step.source === 'manual' ? 'Done (ticked by hand)' : 'Done';
  return step.state === 'pending' ? 'Pending' : 'Not applicable';
}
