/**
 * Inventory fixtures and a fake of main's inventory, key, device, confirmation and secret tasks for the
 * renderer tests of the Devices, My keys and Audit pages. The fake keeps a small inventory in memory and
 * patches it like main does, so a reload after an action shows the new state.
 */
import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ThemeProvider } from '@mui/material';
import type { AuditEntry, Confirmation, CreatedKey, KeyOwner } from '../../../shared/ipc-contract.js';
import type { DeviceRecord, Inventory, InventoryView, KeyRecord } from '../../../shared/inventory.js';
import { rotatedLabel } from '../../../shared/key-expiry.js';
import { DAY_MS } from '../../../shared/time.js';
import { fail, ok } from '../../../shared/result.js';
import { NavigationProvider, type PageId } from '../../../renderer/navigation/navigation.js';
import { buildTheme } from '../../../renderer/theme/app-theme.js';
import { installFakeKeyAdmin, makeSite, type FakeOptions } from '../fake-key-admin.js';
import { testDevice } from '../../support/records.js';

export const NOW = Date.now();
export const daysFromNow = (days: number) => new Date(NOW + days * DAY_MS).toISOString();
export const dayFromNow = (days: number) => daysFromNow(days).slice(0, 10);

/** Every created secret contains this, so tests can look for it where it must not be (security.md, canary). */
export const KEY_CANARY = 'KEYCANARY';
export const SECRET_HANDLE = 'handle_0123456789abcdef';
export const CONFIRMATION_ID = 'conf_0123456789abcdef';

export function makeDevice(overrides: Partial<DeviceRecord> = {}): DeviceRecord {
  return testDevice({
    id: 'dev-1',
    label: 'MR scanner 3 Reaper',
    version: '4.2.0',
    lastSeen: daysFromNow(-1),
    interval: 60,
    notes: { location: 'Room B12', modality: 'MR', contact: 'imaging-it@example.org' },
    ...overrides,
  });
}

export function makeKey(overrides: Partial<KeyRecord> = {}): KeyRecord {
  return {
    id: 'key-1',
    label: 'Reaper key',
    kind: 'enhanced',
    ownerType: 'device',
    ownerId: 'dev-1',
    ownerLabel: 'MR scanner 3 Reaper',
    ownerDisabled: false,
    created: daysFromNow(-60),
    expiresAt: daysFromNow(60),
    lastUsed: daysFromNow(-2),
    isAppKey: false,
    ...overrides,
  };
}

export function makeInventory(overrides: Partial<Inventory> = {}): Inventory {
  return {
    siteId: 'flywheel-example-org',
    siteName: 'flywheel.example.org',
    origin: 'https://flywheel.example.org',
    // Fetched by this window (after it opened): no automatic fetch unless a test gives an older snapshot.
    fetchedAt: new Date(Date.now() + 1000).toISOString(),
    devices: [makeDevice()],
    users: [],
    keys: [makeKey()],
    coverage: { deviceKeys: true, users: true, userKeys: 'all' },
    ...overrides,
  };
}

export interface InventoryFakeOptions extends FakeOptions {
  readonly inventory?: Inventory | null;
  readonly offline?: InventoryView['offline'];
  readonly audit?: AuditEntry[];
}

const ownerIdOf = (owner: KeyOwner) => (owner.type === 'device' ? owner.id : 'ada@example.org');

/** Installs the sites fake with an active site and an in-memory inventory answered by the inventory tasks. */
export function installInventoryFake(options: InventoryFakeOptions = {}) {
  const site = makeSite();
  const fake = installFakeKeyAdmin({ state: { sites: [site], activeId: site.id }, ...options });
  let inventory: Inventory | null = options.inventory === undefined ? makeInventory() : options.inventory;
  const offline = options.offline ?? null;
  let created = 0;
  const view = (): InventoryView => ({ inventory: structuredClone(inventory), offline });
  const patch = (change: (inv: Inventory) => Inventory) => {
    if (inventory) inventory = change(inventory);
  };
  const deviceLabel = (id: string) => inventory?.devices.find((d) => d.id === id)?.label ?? id;

  const newKey = (owner: KeyOwner, label: string, expiresAt: string): CreatedKey => {
    created += 1;
    const ownerId = ownerIdOf(owner);
    const key = makeKey({
      id: `new-key-${created}`,
      label,
      ownerType: owner.type === 'device' ? 'device' : 'user',
      ownerId,
      ownerLabel: owner.type === 'device' ? deviceLabel(ownerId) : site.userName,
      created: new Date().toISOString(),
      expiresAt,
      lastUsed: null,
    });
    patch((inv) => ({ ...inv, keys: [...inv.keys, key] }));
    return {
      key,
      secret: `flywheel.example.org:${KEY_CANARY}${created}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
      secretHandle: SECRET_HANDLE,
      adopted: false,
    };
  };

  fake.inventory.load.mockImplementation(async () => ok(view()));
  fake.inventory.refresh.mockImplementation(async () => ok(view()));
  fake.preferences.get.mockImplementation(async () => ok({ expiringWithinDays: 7, idleAfterDays: 90 }));
  fake.audit.list.mockImplementation(async () => ok(options.audit ?? []));
  fake.secrets.copy.mockImplementation(async () => ok({ clearsAfterSeconds: 30 }));
  fake.secrets.discard.mockImplementation(async () => ok({ discarded: true }));

  fake.confirmations.request.mockImplementation(async ({ action, targets }) => {
    const id = targets[0] ?? '';
    const key = inventory?.keys.find((k) => k.id === id);
    const deviceKeys = inventory?.keys.filter((k) => k.ownerType === 'device' && k.ownerId === id) ?? [];
    const answers: Record<Confirmation['action'], Pick<Confirmation, 'title' | 'lines' | 'typeToConfirm'>> = {
      'revoke-key':
        targets.length > 1
          ? {
              title: `Revoke ${targets.length} keys?`,
              lines: [`${targets.length} keys of their owners stop working.`],
              typeToConfirm: null,
            }
          : {
              title: `Revoke ${key?.label}?`,
              lines: [`Key ${key?.label} of ${key?.ownerLabel} stops working.`],
              typeToConfirm: null,
            },
      'bulk-rotate': {
        title: `Rotate ${targets.length} keys?`,
        lines: ['Nothing stops working: the old keys are kept.'],
        typeToConfirm: null,
      },
      'rotate-compromised': {
        title: `Replace ${key?.label} now?`,
        lines: [`Key ${key?.label} is revoked at once.`],
        typeToConfirm: null,
      },
      'enable-device': {
        title: `Enable ${deviceLabel(id)}?`,
        lines: deviceKeys.map((k) => `${k.label} will work again`),
        typeToConfirm: null,
      },
      'delete-device': {
        title: `Delete ${deviceLabel(id)}?`,
        lines: [`${deviceKeys.length} keys are removed.`],
        typeToConfirm: deviceLabel(id),
      },
      'disable-device': {
        title: `Disable ${deviceLabel(id)}?`,
        lines: [`${deviceKeys.length} keys are rejected from then on.`, 'The device stops sending data.'],
        typeToConfirm: null,
      },
      'enable-user': { title: 'Enable user?', lines: [], typeToConfirm: null },
      'disable-user': { title: 'Disable user?', lines: ['Their scripts and the web login stop.'], typeToConfirm: null },
    };
    return ok({ id: CONFIRMATION_ID, action, targets, ...answers[action], expiresAt: daysFromNow(1) });
  });

  fake.keys.create.mockImplementation(async ({ owner, label, expiresAt }) => ok(newKey(owner, label, expiresAt)));
  fake.keys.rotate.mockImplementation(async ({ owner, keyId, expiresAt, compromised }) => {
    const old = inventory?.keys.find((k) => k.id === keyId);
    if (!old) return fail('not-found', 'The key is gone.');
    const answer = newKey(owner, rotatedLabel(old.label, new Date()), expiresAt);
    if (compromised) patch((inv) => ({ ...inv, keys: inv.keys.filter((k) => k.id !== keyId) }));
    return ok({ created: answer, oldKeyRevoked: compromised });
  });
  fake.keys.revoke.mockImplementation(async ({ keyId }) => {
    patch((inv) => ({ ...inv, keys: inv.keys.filter((k) => k.id !== keyId) }));
    return ok({ alreadyGone: false });
  });
  // Bulk actions: every key done, like main when the site agrees (tests override one answer to show failures).
  fake.keys.bulkRevoke.mockImplementation(async ({ keys }) => {
    const ids = new Set(keys.map((k) => k.keyId));
    patch((inv) => ({ ...inv, keys: inv.keys.filter((k) => !ids.has(k.id)) }));
    return ok({ results: keys.map(({ keyId }) => ({ keyId, ok: true as const, alreadyGone: false })) });
  });
  fake.keys.bulkRotate.mockImplementation(async ({ keys, expiresFrom }) =>
    ok({
      results: keys.map(({ owner, keyId }) => {
        const old = inventory?.keys.find((k) => k.id === keyId);
        const made = newKey(owner, rotatedLabel(old?.label ?? 'Key', new Date()), expiresFrom);
        return { keyId, ok: true as const, newKey: made.key, secretHandle: `${SECRET_HANDLE}_${keyId}` };
      }),
    }),
  );

  fake.devices.register.mockImplementation(async ({ label, type, notes }) => {
    const device = makeDevice({ id: `dev-new`, label, type, notes, health: 'unknown', lastSeen: null, version: null });
    patch((inv) => ({ ...inv, devices: [...inv.devices, device] }));
    return ok(device);
  });
  const updateDevice = (id: string, change: Partial<DeviceRecord>) => {
    patch((inv) => ({
      ...inv,
      devices: inv.devices.map((d) => (d.id === id ? { ...d, ...change } : d)),
      keys: inv.keys.map((k) =>
        k.ownerId === id && change.disabled !== undefined ? { ...k, ownerDisabled: change.disabled } : k,
      ),
    }));
    return inventory?.devices.find((d) => d.id === id) ?? makeDevice({ id });
  };
  fake.devices.updateNotes.mockImplementation(async ({ deviceId, notes }) => ok(updateDevice(deviceId, { notes })));
  fake.devices.setDisabled.mockImplementation(async ({ deviceId, disabled }) => ok(updateDevice(deviceId, { disabled })));
  fake.devices.remove.mockImplementation(async ({ deviceId }) => {
    patch((inv) => ({
      ...inv,
      devices: inv.devices.filter((d) => d.id !== deviceId),
      keys: inv.keys.filter((k) => k.ownerId !== deviceId),
    }));
    return ok({ removed: true });
  });

  return { fake, site, inventory: () => inventory };
}

/** Renders one page with the providers the shell gives it (query client without retries, theme, navigation). */
export function renderPage(page: ReactElement, initialPage: PageId = 'devices') {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } },
  });
  const user = userEvent.setup();
  const view = render(
    <QueryClientProvider client={queryClient}>
      <ThemeProvider theme={buildTheme('light')}>
        <NavigationProvider initialPage={initialPage}>{page}</NavigationProvider>
      </ThemeProvider>
    </QueryClientProvider>,
  );
  return { ...view, user, queryClient };
}
