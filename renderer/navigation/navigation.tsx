/**
 * In-app routing by state (no router dependency): the current page, and the parameters a page can be opened
 * with (the inventory's status filter, a key's migration entry), live in a React context. Areas not built yet are
 * listed in the navigation as coming; pages about a site need an active site, and show the Connect page until there
 * is one.
 */
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { KeyStatus } from '../../shared/key-status.js';

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
   * `userId` where it belongs), the owner with this key highlighted (a notification's target).
   */
  readonly keyId?: string;
  /** Opens the Devices page on this device. */
  readonly deviceId?: string;
  /** Opens the Users page on this user. */
  readonly userId?: string;
  /** Opens the inventory showing exactly these keys (a summary notification's target). */
  readonly keyIds?: readonly string[];
}

export interface Navigation {
  readonly page: PageId;
  readonly params: PageParams;
  readonly navigate: (page: PageId, params?: PageParams) => void;
}

const NavigationContext = createContext<Navigation | null>(null);

export function NavigationProvider({ children, initialPage = START_PAGE }: { children: ReactNode; initialPage?: PageId }) {
  const [state, setState] = useState<{ page: PageId; params: PageParams }>({ page: initialPage, params: {} });
  const value = useMemo<Navigation>(
    () => ({
      page: state.page,
      params: state.params,
      navigate: (next, params = {}) => {
        if (PAGES.some((p) => p.id === next && p.available)) setState({ page: next, params });
      },
    }),
    [state],
  );
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
