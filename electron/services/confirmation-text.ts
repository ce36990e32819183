/**
 * What a confirmation says, from the last known inventory: the admin confirms named things, not ids.
 */
import type { ConfirmedAction } from '../../shared/ipc-contract.js';
import type { Inventory } from '../../shared/inventory.js';

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
      return {
        title: `Enable ${ownerType} "${owner ?? targets[0]}"?`,
        lines: revived.length
          ? [
              `These ${revived.length} key(s) will work again:`,
              ...revived.map((k) => `"${k.label}" (${k.kind}, expires ${when(k.expiresAt)}, last used ${when(k.lastUsed)})`),
              'Revoke or rotate any you do not trust before enabling.',
            ]
          : ['It has no keys: nothing comes back to life.'],
        typeToConfirm: null,
      };
    }
  }
}
