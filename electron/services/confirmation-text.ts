/**
 * What a confirmation says, from main's last known inventory (never from the renderer): the admin confirms named
 * things, not ids: what, how many, which owners, what stops working. The renderer's dialog shows this text, and
 * main asks the admin again with it through the Confirmer port (`confirmRequestOf`).
 */
import { countText, groupedNumber } from '../../shared/count-text.js';
import type { ConfirmedAction } from '../../shared/ipc-contract.js';
import type { Inventory, KeyRecord } from '../../shared/inventory.js';
import type { ConfirmRequest } from './confirmations.js';

export interface ConfirmationText {
  readonly title: string;
  readonly lines: string[];
  readonly typeToConfirm: string | null;
}

function when(iso: string | null): string {
  return iso ? iso.slice(0, 10) : 'never';
}

export function confirmationText(
  action: ConfirmedAction,
  targets: readonly string[],
  inventory: Inventory | null,
  now: Date = new Date(),
): ConfirmationText {
  const keys = inventory?.keys ?? [];
  const devices = inventory?.devices ?? [];
  const users = inventory?.users ?? [];
  switch (action) {
    case 'bulk-rotate':
      return bulkRotateText(targets, keys);
    case 'revoke-key':
    case 'rotate-compromised': {
      if (action === 'revoke-key' && targets.length > 1) return bulkRevokeText(targets, keys, now);
      const lines = targets.map((id) => {
        const key = keys.find((k) => k.id === id);
        return key
          ? `"${key.label}" of ${key.ownerType} "${key.ownerLabel}" (last used ${when(key.lastUsed)})${key.isAppKey ? ' — the key this app is connected with' : ''}`
          : `Key ${id}`;
      });
      const first = keys.find((k) => k.id === targets[0]);
      const title =
        action === 'revoke-key'
          ? targets.length === 1 && first
            ? `Revoke key "${first.label}" of ${first.ownerType} "${first.ownerLabel}"?`
            : `Revoke ${groupedNumber(targets.length)} keys?`
          : `Replace "${first?.label ?? targets[0]}" as compromised and revoke it at once?`;
      if (action === 'rotate-compromised') lines.push(...compromisedLines(first, keys, now));
      else lines.push('Anything still using it is rejected from then on. This cannot be undone.');
      return { title, lines, typeToConfirm: null };
    }
    case 'delete-device': {
      const device = devices.find((d) => d.id === targets[0]);
      const owned = keys.filter((k) => k.ownerType === 'device' && k.ownerId === targets[0]);
      return {
        title: `Delete device "${device?.label ?? targets[0]}"?`,
        lines: [
          owned.length === 0
            ? 'It has no keys.'
            : owned.length === 1
              ? 'Its only key is deleted with it and stops working at once.'
              : `Its ${groupedNumber(owned.length)} keys are deleted with it and stop working at once.`,
          'The device has to be registered again to send data. This cannot be undone.',
        ],
        typeToConfirm: device?.label ?? targets[0] ?? '',
      };
    }
    case 'enable-device':
    case 'enable-user': {
      const ownerType = action === 'enable-device' ? 'device' : 'user';
      const owner =
        ownerType === 'device' ? devices.find((d) => d.id === targets[0])?.label : users.find((u) => u.id === targets[0])?.name;
      const owned = keys.filter((k) => k.ownerType === ownerType && k.ownerId === targets[0]);
      const hidden = ownerType === 'user' && users.find((u) => u.id === targets[0])?.keysVisible === false;
      return {
        title: `Enable ${ownerType} "${owner ?? targets[0]}"?`,
        lines: hidden
          ? ["This site does not show this user's keys: any they have will work again."]
          : enableLines(ownerType, owned, now),
        typeToConfirm: null,
      };
    }
    case 'disable-device': {
      const device = devices.find((d) => d.id === targets[0]);
      const owned = keys.filter((k) => k.ownerType === 'device' && k.ownerId === targets[0]);
      return {
        title: `Disable device "${device?.label ?? targets[0]}"?`,
        lines: [
          ...(owned.length
            ? [
                `${owned.length === 1 ? 'Its only key is' : `Its ${groupedNumber(owned.length)} keys are`} rejected by the site from then on:`,
                ...owned.map(keyLine),
              ]
            : ['It has no keys.']),
          'The device stops sending data to the site until it is enabled again.',
          'Its keys are kept: enabling the device makes them work again.',
        ],
        typeToConfirm: null,
      };
    }
    case 'disable-user': {
      const user = users.find((u) => u.id === targets[0]);
      const owned = keys.filter((k) => k.ownerType === 'user' && k.ownerId === targets[0]);
      return {
        title: `Disable user "${user?.name ?? targets[0]}"?`,
        lines: [
          ...(owned.length
            ? [
                `${owned.length === 1 ? 'Their only key is' : `Their ${groupedNumber(owned.length)} keys are`} rejected by the site from then on:`,
                ...owned.map(keyLine),
              ]
            : user?.keysVisible === false
              ? ["This site does not show this user's keys: every key they have is rejected from then on."]
              : ['They have no keys.']),
          'Their scripts and tools stop working, and they cannot log in to the web app, until the user is enabled again.',
          'Their keys are kept: enabling the user makes them work again.',
        ],
        typeToConfirm: null,
      };
    }
  }
}

/** Keys named one per line in a bulk confirmation; the rest are counted (main's native dialog must stay readable). */
const MAX_KEY_LINES = 20;
/** Owners given a line of their own in a bulk confirmation; the rest are counted. */
const MAX_OWNER_LINES = 20;
/** Flywheel allows up to five keys per owner (design.md). */
const MAX_KEYS_PER_OWNER = 5;

/** The keys of a bulk action by owner, with each owner's keys that are not part of it. */
interface OwnerGroup {
  readonly ownerType: KeyRecord['ownerType'];
  readonly ownerLabel: string;
  readonly ownerDisabled: boolean;
  readonly chosen: KeyRecord[];
  readonly others: KeyRecord[];
}

function groupByOwner(
  targets: readonly string[],
  keys: readonly KeyRecord[],
): { groups: OwnerGroup[]; chosen: KeyRecord[]; unknown: string[] } {
  const byId = new Map(keys.map((key) => [key.id, key]));
  const wanted = new Set(targets);
  const groups = new Map<string, OwnerGroup>();
  const chosen: KeyRecord[] = [];
  const unknown: string[] = [];
  for (const id of targets) {
    const key = byId.get(id);
    if (!key) {
      unknown.push(id);
      continue;
    }
    chosen.push(key);
    const ownerKey = `${key.ownerType}:${key.ownerId}`;
    let group = groups.get(ownerKey);
    if (!group) {
      group = { ownerType: key.ownerType, ownerLabel: key.ownerLabel, ownerDisabled: key.ownerDisabled, chosen: [], others: [] };
      groups.set(ownerKey, group);
    }
    group.chosen.push(key);
  }
  for (const key of keys) {
    if (wanted.has(key.id)) continue;
    groups.get(`${key.ownerType}:${key.ownerId}`)?.others.push(key);
  }
  return { groups: [...groups.values()], chosen, unknown };
}

function ownerName(group: OwnerGroup): string {
  return `${group.ownerType} "${group.ownerLabel}"`;
}

/** "3 keys of 2 owners: device "MR scanner 3" (2), user "Ada Lovelace" (1)." */
function ownersLine(targets: readonly string[], groups: readonly OwnerGroup[], unknown: readonly string[]): string {
  const named = groups.slice(0, MAX_OWNER_LINES).map((group) => `${ownerName(group)} (${groupedNumber(group.chosen.length)})`);
  const more = groups.length > MAX_OWNER_LINES ? [`${countText(groups.length - MAX_OWNER_LINES, 'more owner')}`] : [];
  const notKnown = unknown.length ? [`${countText(unknown.length, 'key')} not in the inventory`] : [];
  return `${countText(targets.length, 'key')} of ${countText(groups.length, 'owner')}: ${[...named, ...more, ...notKnown].join(', ')}.`;
}

function keyLines(chosen: readonly KeyRecord[], line: (key: KeyRecord) => string): string[] {
  const lines = chosen.slice(0, MAX_KEY_LINES).map(line);
  if (chosen.length > MAX_KEY_LINES) lines.push(`…and ${countText(chosen.length - MAX_KEY_LINES, 'more key')}.`);
  return lines;
}

function stillWorks(key: KeyRecord, now: Date): boolean {
  return key.expiresAt === null || Date.parse(key.expiresAt) > now.getTime();
}

/** What stops working for one owner when these of its keys are revoked. */
function revokeConsequence(group: OwnerGroup, now: Date): string {
  const name = ownerName(group);
  const chosen =
    group.chosen.length === 1 ? `its key "${group.chosen[0]?.label}"` : `its ${groupedNumber(group.chosen.length)} keys`;
  if (group.ownerDisabled) {
    return `${name} is disabled: ${chosen} ${group.chosen.length === 1 ? 'is' : 'are'} rejected already; revoking removes ${
      group.chosen.length === 1 ? 'it' : 'them'
    } for good.`;
  }
  const left = group.others.filter((key) => stillWorks(key, now)).length;
  if (left > 0) {
    return `${name} keeps ${countText(left, 'other working key')}: whatever uses ${chosen} stops, clients on the other keys go on.`;
  }
  return group.ownerType === 'device'
    ? `${name} is left with no working key: it stops sending data to the site until it is given a new key.`
    : `${name} is left with no other working key: scripts and tools using ${chosen} stop.`;
}

/** Revoking several keys at once: the count, the owners, each key, what stops working per owner. */
function bulkRevokeText(targets: readonly string[], keys: readonly KeyRecord[], now: Date): ConfirmationText {
  const { groups, chosen, unknown } = groupByOwner(targets, keys);
  const lines = [
    ownersLine(targets, groups, unknown),
    ...keyLines(
      chosen,
      (key) =>
        `"${key.label}" of ${key.ownerType} "${key.ownerLabel}" (last used ${when(key.lastUsed)})${key.isAppKey ? ' — the key this app is connected with: it is left out, replace it on My keys' : ''}`,
    ),
    ...groups.slice(0, MAX_OWNER_LINES).map((group) => revokeConsequence(group, now)),
  ];
  if (groups.length > MAX_OWNER_LINES)
    lines.push(`…and what uses the keys of ${countText(groups.length - MAX_OWNER_LINES, 'more owner')}.`);
  lines.push('Anything still using these keys is rejected from then on. This cannot be undone.');
  return { title: `Revoke ${countText(targets.length, 'key')}?`, lines, typeToConfirm: null };
}

/** Rotating several keys at once: nothing stops, the old keys are kept; the owners that have no room for a new key. */
function bulkRotateText(targets: readonly string[], keys: readonly KeyRecord[]): ConfirmationText {
  const { groups, chosen, unknown } = groupByOwner(targets, keys);
  const existing = (group: OwnerGroup) => group.chosen.length + group.others.length;
  const full = groups
    .filter((group) => existing(group) + group.chosen.length > MAX_KEYS_PER_OWNER)
    .slice(0, MAX_OWNER_LINES)
    .map((group) => {
      const room = Math.max(0, MAX_KEYS_PER_OWNER - existing(group));
      const asked = group.chosen.length;
      return room === 0
        ? `${ownerName(group)} has ${groupedNumber(existing(group))} keys, the most Flywheel allows: ${
            asked === 1 ? 'its rotation fails' : `its ${groupedNumber(asked)} rotations fail`
          } until older keys are revoked.`
        : `${ownerName(group)} has ${countText(existing(group), 'key')} and Flywheel allows ${MAX_KEYS_PER_OWNER}: only ${groupedNumber(room)} of its ${groupedNumber(asked)} rotations can be made; the rest fail until older keys are revoked.`;
    });
  return {
    title: `Rotate ${countText(targets.length, 'key')}?`,
    lines: [
      ownersLine(targets, groups, unknown),
      ...keyLines(chosen, (key) => `"${key.label}" of ${key.ownerType} "${key.ownerLabel}" (expires ${when(key.expiresAt)})`),
      'Each gets a new key with the same label and the date; the new expiries are spread over the days you chose.',
      'Nothing stops working now: the old keys are kept until you revoke them, once their clients use the new keys.',
      'The new secrets are not shown: copy each one from the results while they are open; Keywarden forgets them when the results close.',
      ...full,
    ],
    typeToConfirm: null,
  };
}

/**
 * Enabling an owner: the keys that really work again (an expired key stays rejected, so it is named apart), then
 * the advice to revoke or rotate any the admin does not trust.
 */
function enableLines(ownerType: 'device' | 'user', owned: readonly KeyRecord[], now: Date): string[] {
  const their = ownerType === 'device' ? 'its' : 'their';
  if (owned.length === 0) return [`${ownerType === 'device' ? 'It has' : 'They have'} no keys: nothing comes back to life.`];
  const revived = owned.filter((key) => stillWorks(key, now));
  const expired = owned.filter((key) => !stillWorks(key, now));
  const expiredList = expired.map((key) => `"${key.label}", expired ${when(key.expiresAt)}`).join('; ');
  if (revived.length === 0) {
    const which = expired.length === 1 ? `${their} only key has` : `all ${groupedNumber(expired.length)} of ${their} keys have`;
    return [`No key comes back to life: ${which} expired (${expiredList}).`];
  }
  return [
    `${revived.length === 1 ? 'This key' : `These ${groupedNumber(revived.length)} keys`} will work again:`,
    ...revived.map(keyLine),
    ...(expired.length ? [`Already expired, so still rejected: ${expiredList}.`] : []),
    'Revoke or rotate any you do not trust before enabling.',
  ];
}

/**
 * Replacing a compromised key: the new key, the old one revoked at once, and what that stops for its owner: a
 * device with another active key keeps running on it; only what uses this key waits for the new one.
 */
function compromisedLines(key: KeyRecord | undefined, keys: readonly KeyRecord[], now: Date): string[] {
  const lines = [
    'A new key is created in its place and this key is revoked at once: anything still using it is rejected from then on. This cannot be undone.',
  ];
  if (key?.isAppKey) {
    lines.push('Keywarden moves itself to the new key first, so it stays connected; if it cannot, the old key is not revoked.');
  }
  if (!key || key.ownerDisabled || key.isAppKey) return lines;
  const owner = `${key.ownerType === 'device' ? 'Device' : 'User'} "${key.ownerLabel}"`;
  const others = keys.filter(
    (k) => k.ownerType === key.ownerType && k.ownerId === key.ownerId && k.id !== key.id && stillWorks(k, now),
  );
  if (others.length > 0) {
    const names = others.map((k) => `"${k.label}"`).join(', ');
    lines.push(
      `${owner} also has ${countText(others.length, 'other active key')} (${names}): whatever uses ${others.length === 1 ? 'it' : 'them'} keeps working. Only what uses "${key.label}" stops, until it is given the new key.`,
    );
  } else {
    lines.push(
      key.ownerType === 'device'
        ? `${owner} has no other active key: it stops sending data to the site until it is given the new key.`
        : `Scripts and tools that use "${key.label}" stop until they are given the new key.`,
    );
  }
  return lines;
}

function keyLine(key: KeyRecord): string {
  // A legacy key has no expiry, yet it stops too: every site rejects it from 19.0 (design.md).
  const expiry = key.expiresAt ? `expires ${when(key.expiresAt)}` : key.kind === 'legacy' ? 'rejected from 19.0' : 'no expiry';
  return `"${key.label}" (${key.kind}, ${expiry}, last used ${when(key.lastUsed)})`;
}

/** The yes button of main's own dialog, per action. */
function confirmLabelOf(action: ConfirmedAction, targets: readonly string[]): string {
  switch (action) {
    case 'revoke-key':
      return targets.length === 1 ? 'Revoke key' : `Revoke ${groupedNumber(targets.length)} keys`;
    case 'rotate-compromised':
      return 'Replace and revoke';
    case 'delete-device':
      return 'Delete device';
    case 'disable-device':
      return 'Disable device';
    case 'enable-device':
      return 'Enable device';
    case 'disable-user':
      return 'Disable user';
    case 'enable-user':
      return 'Enable user';
    case 'bulk-rotate':
      return `Rotate ${groupedNumber(targets.length)} keys`;
  }
}

/**
 * What main asks through the Confirmer: the same text, one question for the whole action (a revoke of many keys
 * lists them all), and a warning for the admin who did not just ask for it.
 */
export function confirmRequestOf(action: ConfirmedAction, targets: readonly string[], text: ConfirmationText): ConfirmRequest {
  return {
    title: text.title,
    lines: [...text.lines],
    detail:
      'Keywarden asks again here, outside its window, so that only you can confirm this. If you did not just ask for it, click Cancel.',
    confirmLabel: confirmLabelOf(action, targets),
    destructive: true,
  };
}
