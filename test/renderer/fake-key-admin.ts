/**
 * A fake `window.keyAdmin` for renderer tests: each method is a vi.fn answering Result values from a small
 * in-memory sites state, so tests can both drive the UI and assert exactly what the renderer asked main for.
 * Override one answer with `fake.sites.connect.mockResolvedValueOnce(fail(...))`.
 */
import { vi, type Mock } from 'vitest';
import { ipcContract, type KeyAdminApi, type Namespace, type SitesState, type SiteSummary } from '../../shared/ipc-contract.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { onTestFinished } from 'vitest';
import { act } from '@testing-library/react';
import { mainEvent, type EventListener, type KeyAdminEvents, type MainEvent } from '../../shared/events.js';
import type { InventoryView } from '../../shared/inventory.js';
import { DEFAULT_THRESHOLDS, type StatusThresholds } from '../../shared/key-status.js';
import { queryUserRows, userRowsQuery } from '../../shared/user-rows-query.js';
import { deviceRowsQuery, queryDeviceRows } from '../../shared/device-rows-query.js';
import {
  buildInventoryIndex,
  inventoryQuery,
  inventoryScope,
  matchingBulkKeys,
  queryInventory,
  scopedInventory,
  summaryOf,
  keysExpiringOn,
  userRowsOf,
  deviceRowsOf,
} from '../../shared/inventory-query.js';

type Sites = KeyAdminApi['sites'];
type Fn<T> = T extends (...args: infer A) => infer R ? (...args: A) => R : never;
/** Every method of the contract as a vi.fn; only `sites` answers from state, the rest fail until a test says otherwise. */
export type FakeKeyAdmin = { readonly [N in Namespace]: { readonly [M in keyof KeyAdminApi[N]]: Mock<Fn<KeyAdminApi[N][M]>> } };

export function makeSite(overrides: Partial<SiteSummary> = {}): SiteSummary {
  return {
    id: 'flywheel-example-org',
    name: 'flywheel.example.org',
    origin: 'https://flywheel.example.org',
    release: '18.4.2',
    userId: 'ada@example.org',
    userName: 'Ada Lovelace',
    isSiteAdmin: true,
    keyKind: 'enhanced',
    storage: 'keychain',
    storageReason: 'Your OS keychain (libsecret) encrypts the key.',
    needsKey: false,
    notices: [],
    features: { deviceRegistry: true, deviceHealth: true, deviceKeys: true, ownKeys: true, allUserKeys: true },
    connectedAt: '2026-11-26T10:00:00.000Z',
    ...overrides,
  };
}

export function makeState(overrides: Partial<SitesState> = {}): SitesState {
  return {
    sites: [],
    activeId: null,
    keychainAvailable: true,
    keychainBackend: 'libsecret',
    warnings: [],
    ...overrides,
  };
}

export interface FakeOptions {
  readonly state?: Partial<SitesState>;
  /** What a successful connect answers (default: makeSite()); it becomes the active site. */
  readonly connectedSite?: SiteSummary;
}

export function createFakeKeyAdmin(options: FakeOptions = {}): FakeKeyAdmin & { readonly current: () => SitesState } {
  let state = makeState(options.state);
  const copy = (): SitesState => structuredClone(state);

  const unfaked: Record<string, Record<string, Mock>> = {};
  for (const [ns, methods] of Object.entries(ipcContract)) {
    unfaked[ns] = {};
    for (const method of Object.keys(methods)) {
      unfaked[ns][method] = vi.fn(async () => fail('internal', `${ns}.${method} is not faked in this test.`));
    }
  }

  const fake: FakeKeyAdmin = {
    ...(unfaked as unknown as FakeKeyAdmin),
    sites: {
      state: vi.fn<Sites['state']>(async () => ok(copy())),
      connect: vi.fn<Sites['connect']>(async () => {
        const site = options.connectedSite ?? makeSite();
        state = { ...state, sites: [...state.sites.filter((s) => s.id !== site.id), site], activeId: site.id };
        return ok(structuredClone(site));
      }),
      activate: vi.fn<Sites['activate']>(async ({ id }) => {
        if (!state.sites.some((s) => s.id === id)) return fail('not-found', 'This site is not connected.');
        state = { ...state, activeId: id };
        return ok(copy());
      }),
      forget: vi.fn<Sites['forget']>(async ({ id }) => {
        const sites = state.sites.filter((s) => s.id !== id);
        state = { ...state, sites, activeId: state.activeId === id ? (sites[0]?.id ?? null) : state.activeId };
        return ok(copy());
      }),
      recheck: vi.fn<Sites['recheck']>(async ({ id }) => {
        const site = state.sites.find((s) => s.id === id);
        return site ? ok(structuredClone(site)) : fail('not-found', 'This site is not connected.');
      }),
      replaceKey: vi.fn<Sites['replaceKey']>(async () => fail('internal', 'sites.replaceKey is not faked in this test.')),
    },
  };
  answerInventoryQuestions(fake, () => state);
  return { ...fake, current: () => state };
}

/**
 * Main's answers about the inventory (issue 12), from whatever the test's `inventory.load` answers, with main's own
 * pure rules (shared/inventory-query.ts): so each test sets up one inventory and every page sees the same data. The
 * load implementation is called directly, so `inventory.load` counts only the renderer's own calls.
 */
function answerInventoryQuestions(fake: FakeKeyAdmin, sites: () => SitesState): void {
  /**
   * Main's snapshot as the test set it up: its `inventory.load` answer (a failure passes on: main could not answer
   * either), or a refresh's answer when that is newer (main holds what it fetched). `record`: the read counts as a
   * call of `inventory.load` (a page reading its view), or not (questions about the snapshot).
   */
  const snapshot = async (record: boolean): Promise<Result<InventoryView>> => {
    const load = fake.inventory.load.getMockImplementation();
    const loaded = record ? await fake.inventory.load() : load ? await load() : fail('internal', 'not faked');
    if (!loaded.ok) return loaded;
    const refreshed = fake.inventory.refresh.mock.settledResults.at(-1);
    const fresh = refreshed?.type === 'fulfilled' && refreshed.value.ok ? refreshed.value.value : null;
    const newer = (fresh?.inventory?.fetchedAt ?? '') > (loaded.value.inventory?.fetchedAt ?? '');
    return ok(newer && fresh ? fresh : loaded.value);
  };
  const thresholds = async (): Promise<StatusThresholds> => {
    // As in main, thresholds the admin saved apply from then on.
    const saved = fake.preferences.update.mock.settledResults.at(-1);
    if (saved?.type === 'fulfilled' && saved.value.ok) return saved.value.value;
    const get = fake.preferences.get.getMockImplementation();
    const result = get ? await get() : null;
    return result?.ok ? result.value : DEFAULT_THRESHOLDS;
  };
  const indexOf = async (view: InventoryView) =>
    view.inventory ? buildInventoryIndex(view.inventory, new Date(), await thresholds()) : null;
  const selfId = () => {
    const state = sites();
    return state.sites.find((site) => site.id === state.activeId)?.userId ?? null;
  };
  // A page's scoped view is a read of main's snapshot: it goes through `inventory.load`, so tests that count the
  // renderer's reloads count these too.
  fake.inventory.view.mockImplementation(async (scope) => {
    const read = await snapshot(true);
    if (!read.ok) return read;
    const { inventory, offline } = read.value;
    return ok({ inventory: inventory ? scopedInventory(inventory, inventoryScope.parse(scope), selfId()) : null, offline });
  });
  // The renderer's refresh: main fetches (the test's `inventory.refresh` answer, which counts the calls) and
  // answers its summary.
  fake.inventory.fetch.mockImplementation(async () => {
    const refreshed = await fake.inventory.refresh();
    if (!refreshed.ok) return refreshed;
    const index = await indexOf(refreshed.value);
    return ok({ summary: index ? summaryOf(index) : null, offline: refreshed.value.offline });
  });
  fake.inventory.query.mockImplementation(async (input) => {
    const read = await snapshot(false);
    if (!read.ok) return read;
    const index = await indexOf(read.value);
    return ok(index ? queryInventory(index, inventoryQuery.parse(input)) : { rows: [], total: 0 });
  });
  fake.inventory.summary.mockImplementation(async () => {
    const read = await snapshot(false);
    if (!read.ok) return read;
    const index = await indexOf(read.value);
    return ok({ summary: index ? summaryOf(index) : null, offline: read.value.offline });
  });
  fake.inventory.keysExpiringOn.mockImplementation(async ({ day }) => {
    const read = await snapshot(false);
    if (!read.ok) return read;
    const index = await indexOf(read.value);
    return ok({ keyIds: index ? keysExpiringOn(index, day) : [] });
  });
  fake.inventory.userRows.mockImplementation(async (query) => {
    const read = await snapshot(false);
    if (!read.ok) return read;
    const rows = read.value.inventory ? userRowsOf(read.value.inventory) : [];
    return ok(queryUserRows(rows, userRowsQuery.parse(query), new Date()));
  });
  fake.inventory.deviceRows.mockImplementation(async (query) => {
    const read = await snapshot(false);
    if (!read.ok) return read;
    const rows = read.value.inventory ? deviceRowsOf(read.value.inventory) : [];
    return ok(queryDeviceRows(rows, deviceRowsQuery.parse(query), new Date()));
  });
  fake.inventory.matchingKeys.mockImplementation(async ({ filter, sort }) => {
    const read = await snapshot(false);
    if (!read.ok) return read;
    const index = await indexOf(read.value);
    return ok(index ? matchingBulkKeys(index, filter, selfId(), sort) : { keys: [], total: 0, otherUsers: 0, appKey: 0 });
  });
}

/** Installs a fake as `window.keyAdmin` (removed again after each test by setup.ts). */
export function installFakeKeyAdmin(options: FakeOptions = {}) {
  const fake = createFakeKeyAdmin(options);
  window.keyAdmin = fake satisfies KeyAdminApi;
  return fake;
}

/**
 * A fake `window.keyAdminEvents` (main's event stream): `emit` delivers an event to every subscriber, parsed with
 * the contract's schema as the preload and the browser bridge do. Removed again when the test ends.
 */
export function installFakeEvents() {
  const listeners = new Set<EventListener>();
  const subscribe = vi.fn((listener: EventListener) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  });
  window.keyAdminEvents = { subscribe } satisfies KeyAdminEvents;
  onTestFinished(() => {
    delete window.keyAdminEvents;
  });
  return {
    subscribe,
    /** How many listeners are subscribed now. */
    subscribers: () => listeners.size,
    emit: (event: MainEvent) =>
      act(() => {
        const parsed = mainEvent.parse(event);
        for (const listener of [...listeners]) listener(parsed);
      }),
  };
}
