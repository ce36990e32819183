/**
 * What a confirmation says, from main's last known inventory (never from the renderer): the admin confirms named
 * things, not ids: what, how many, which owners, what stops working. The renderer's dialog shows this text, and
 * main asks the admin again with it through the Confirmer port (`confirmRequestOf`).
 */
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
): ConfirmationText {
  const keys = inventory?.keys ?? [];
  const devices = inventory?.devices ?? [];
  const users = inventory?.users ?? [];
  switch (action) {
    case 'revoke-key':
    case 'rotate-compromised': {
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
            : `Revoke ${targets.length} keys?`
          : `Replace "${first?.label ?? targets[0]}" as compromised and revoke it at once?`;
      lines.push('Anything still using it is rejected from then on. This cannot be undone.');
      return { title, lines, typeToConfirm: null };
    }
    case 'delete-device': {
      const device = devices.find((d) => d.id === targets[0]);
      const owned = keys.filter((k) => k.ownerType === 'device' && k.ownerId === targets[0]);
      return {
        title: `Delete device "${device?.label ?? targets[0]}"?`,
        lines: [
          `Its ${owned.length} key(s) are deleted with it and stop working at once.`,
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
      const revived = keys.filter((k) => k.ownerType === ownerType && k.ownerId === targets[0]);
      const hidden = ownerType === 'user' && users.find((u) => u.id === targets[0])?.keysVisible === false;
      return {
        title: `Enable ${ownerType} "${owner ?? targets[0]}"?`,
        lines: revived.length
          ? [
              `These ${revived.length} key(s) will work again:`,
              ...revived.map(keyLine),
              'Revoke or rotate any you do not trust before enabling.',
            ]
          : hidden
            ? ["This site does not show this user's keys: any they have will work again."]
            : ['It has no keys: nothing comes back to life.'],
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
            ? [`Its ${owned.length} key(s) are rejected by the site from then on:`, ...owned.map(keyLine)]
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
            ? [`Their ${owned.length} key(s) are rejected by the site from then on:`, ...owned.map(keyLine)]
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

function keyLine(key: KeyRecord): string {
  return `"${key.label}" (${key.kind}, expires ${when(key.expiresAt)}, last used ${when(key.lastUsed)})`;
}

/** The yes button of main's own dialog, per action. */
function confirmLabelOf(action: ConfirmedAction, targets: readonly string[]): string {
  switch (action) {
    case 'revoke-key':
      return targets.length === 1 ? 'Revoke key' : `Revoke ${targets.length} keys`;
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
