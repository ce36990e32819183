/**
 * A fake `window.keyAdmin` for renderer tests: each method is a vi.fn answering Result values from a small
 * in-memory sites state, so tests can both drive the UI and assert exactly what the renderer asked main for.
 * Override one answer with `fake.sites.connect.mockResolvedValueOnce(fail(...))`.
 */
import { vi, type Mock } from 'vitest';
import { ipcContract, type KeyAdminApi, type Namespace, type SitesState, type SiteSummary } from '../../shared/ipc-contract.js';
import { fail, ok } from '../../shared/result.js';
import { onTestFinished } from 'vitest';
import { act } from '@testing-library/react';
import { mainEvent, type EventListener, type KeyAdminEvents, type MainEvent } from '../../shared/events.js';

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
  return { ...fake, current: () => state };
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
