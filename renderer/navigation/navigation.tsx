/**
 * In-app routing without a router dependency: the current page and the parameters a page can be opened with (the
 * inventory's status filter, a device with one of its keys, ...) live in a React context, and each page has an
 * address in `location.hash` (address.ts). Every navigation adds a history entry, so the back and forward buttons,
 * a reload and a notification's click all land on the right page and item; an unknown or malformed address opens
 * the start page. Pages about a site need an active site, and show the Connect page until there is one.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { KeyStatus } from '../../shared/key-status.js';
import { addressOf, keyIdsFitAddress, parseAddress } from './address.js';

export type PageId =
  'overview' | 'inventory' | 'devices' | 'users' | 'my-keys' | 'legacy' | 'notifications' | 'audit' | 'connect';

export interface PageInfo {
  readonly id: PageId;
  readonly label: string;
  readonly available: boolean;
  /** The page is about the active site's data. */
  readonly needsSite: boolean;
}

export const PAGES: readonly PageInfo[] = [
  { id: 'overview', label: 'Overview', available: true, needsSite: true },
  { id: 'inventory', label: 'Key inventory', available: true, needsSite: true },
  { id: 'devices', label: 'Devices', available: true, needsSite: true },
  { id: 'users', label: 'Users', available: true, needsSite: true },
  { id: 'my-keys', label: 'My keys', available: true, needsSite: true },
  { id: 'legacy', label: 'Legacy migration', available: true, needsSite: true },
  { id: 'notifications', label: 'Notifications', available: true, needsSite: true },
  { id: 'audit', label: 'Audit log', available: true, needsSite: true },
  { id: 'connect', label: 'Sites', available: true, needsSite: false },
];

/** The page the app opens on; the shell shows Connect instead while no site is active. */
export const START_PAGE: PageId = 'overview';

export interface PageParams {
  /** Opens the inventory filtered to this status. */
  readonly status?: KeyStatus;
  /**
   * Opens the migration page on this legacy key's entry; on Devices, Users and My keys (with `deviceId` or
   * `userId` where it belongs), the owner with this key highlighted (a notification's target, an inventory row).
   */
  readonly keyId?: string;
  /** Opens the Devices page on this device. */
  readonly deviceId?: string;
  /** Opens the Users page on this user. */
  readonly userId?: string;
  /** Opens the inventory showing exactly these keys (a summary notification's target, an expiry day). */
  readonly keyIds?: readonly string[];
  /**
   * With `keyIds`: they are the keys that expire on this UTC day (YYYY-MM-DD; an overview's collision warning or
   * chart bar), and the inventory says so. Without it, they are a notification's keys.
   */
  readonly keysExpiringOn?: string;
}

export interface NavigateOptions {
  /**
   * Replace the current history entry instead of adding one: for a place the admin should not come back to
   * with the back button (a device just deleted, an address that led nowhere).
   */
  readonly replace?: boolean;
}

export interface Navigation {
  readonly page: PageId;
  readonly params: PageParams;
  readonly navigate: (page: PageId, params?: PageParams, options?: NavigateOptions) => void;
}

/** Where the app is, with the address that says so. */
interface Current {
  readonly page: PageId;
  readonly params: PageParams;
  readonly address: string;
}

/** What a history entry keeps besides its address: a list of keys too long for the address. */
interface EntryState {
  readonly keywarden: { readonly keyIds?: readonly string[] };
}

function entryState(params: PageParams): EntryState {
  return { keywarden: params.keyIds && !keyIdsFitAddress(params.keyIds) ? { keyIds: [...params.keyIds] } : {} };
}

function heldKeyIds(state: unknown, count: number): readonly string[] | null {
  const keyIds = (state as Partial<EntryState> | null)?.keywarden?.keyIds;
  if (!Array.isArray(keyIds) || keyIds.length !== count) return null;
  return keyIds.every((id) => typeof id === 'string') ? keyIds : null;
}

function startPlace(): Current {
  return { page: START_PAGE, params: {}, address: addressOf(START_PAGE) };
}

/**
 * Where the window's address leads: its page and parameters, the keys its history entry holds, or the start page
 * when the address is not one of ours (and the history entry is then given the start page's address).
 */
function arrive(): Current {
  const parsed = parseAddress(window.location.hash);
  let current: Current;
  if (!parsed || !PAGES.some((p) => p.id === parsed.page && p.available)) {
    current = startPlace();
  } else if (parsed.heldKeys !== undefined) {
    const keyIds = heldKeyIds(window.history.state, parsed.heldKeys);
    // The list is gone (the address was typed or kept elsewhere): the inventory without it, rather than wrong keys.
    const params: PageParams = keyIds ? { ...parsed.params, keyIds } : parsed.params;
    current = { page: parsed.page, params, address: addressOf(parsed.page, params) };
  } else {
    current = { page: parsed.page, params: parsed.params, address: window.location.hash };
  }
  if (current.address !== window.location.hash) window.history.replaceState(entryState(current.params), '', current.address);
  return current;
}

const NavigationContext = createContext<Navigation | null>(null);

/**
 * `initialPage` opens the app on that page whatever the address says (tests); without it, the app opens where
 * the window's address leads.
 */
export function NavigationProvider({ children, initialPage }: { children: ReactNode; initialPage?: PageId }) {
  const [current, setCurrent] = useState<Current>(() =>
    initialPage ? { page: initialPage, params: {}, address: addressOf(initialPage) } : arrive(),
  );
  const currentRef = useRef(current);

  useEffect(() => {
    // The address of the page the app opened on, so that a reload comes back to it.
    const opened = currentRef.current;
    if (window.location.hash !== opened.address) window.history.replaceState(entryState(opened.params), '', opened.address);

    const arrived = () => {
      const next = arrive();
      currentRef.current = next;
      setCurrent(next);
    };
    // Back and forward (the history entry may hold what its address does not, so each one is read anew).
    const onPopState = () => arrived();
    // An address typed or changed by hand; after a popstate for the same move, nothing is left to do.
    const onHashChange = () => {
      if (window.location.hash !== currentRef.current.address) arrived();
    };
    window.addEventListener('popstate', onPopState);
    window.addEventListener('hashchange', onHashChange);
    return () => {
      window.removeEventListener('popstate', onPopState);
      window.removeEventListener('hashchange', onHashChange);
    };
  }, []);

  const navigate = useCallback<Navigation['navigate']>((page, params = {}, options = {}) => {
    if (!PAGES.some((p) => p.id === page && p.available)) return;
    const address = addressOf(page, params);
    // The same place again (a notification clicked twice) opens it again, without a second entry to go back to.
    if (options.replace || window.location.hash === address) window.history.replaceState(entryState(params), '', address);
    else window.history.pushState(entryState(params), '', address);
    const next: Current = { page, params, address };
    currentRef.current = next;
    setCurrent(next);
  }, []);

  const value = useMemo<Navigation>(() => ({ page: current.page, params: current.params, navigate }), [current, navigate]);
  return <NavigationContext.Provider value={value}>{children}</NavigationContext.Provider>;
}

export function useNavigation(): Navigation {
  const navigation = useContext(NavigationContext);
  if (!navigation) throw new Error('useNavigation must be used inside a NavigationProvider');
  return navigation;
}

export function pageInfo(id: PageId): PageInfo {
  return PAGES.find((p) => p.id === id) ?? PAGES[PAGES.length - 1]!;
}
