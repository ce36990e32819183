/**
 * In-app routing by state (no router dependency): the current page lives in a React context.
 * Only areas that are built are `available`; the others are listed in the navigation as coming.
 */
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

export type PageId = 'overview' | 'devices' | 'users' | 'legacy' | 'notifications' | 'audit' | 'connect';

export interface PageInfo {
  readonly id: PageId;
  readonly label: string;
  readonly available: boolean;
}

export const PAGES: readonly PageInfo[] = [
  { id: 'overview', label: 'Overview', available: false },
  { id: 'devices', label: 'Devices', available: false },
  { id: 'users', label: 'Users and keys', available: false },
  { id: 'legacy', label: 'Legacy migration', available: false },
  { id: 'notifications', label: 'Notifications', available: false },
  { id: 'audit', label: 'Audit log', available: false },
  { id: 'connect', label: 'Connect (Sites)', available: true },
];

/** The page the app opens on: Connect is the only built area for now, with or without an active site. */
export const START_PAGE: PageId = 'connect';

export interface Navigation {
  readonly page: PageId;
  readonly navigate: (page: PageId) => void;
}

const NavigationContext = createContext<Navigation | null>(null);

export function NavigationProvider({ children, initialPage = START_PAGE }: { children: ReactNode; initialPage?: PageId }) {
  const [page, setPage] = useState<PageId>(initialPage);
  const value = useMemo<Navigation>(
    () => ({
      page,
      navigate: (next) => {
        if (PAGES.some((p) => p.id === next && p.available)) setPage(next);
      },
    }),
    [page],
  );
  return <NavigationContext.Provider value={value}>{children}</NavigationContext.Provider>;
}

export function useNavigation(): Navigation {
  const navigation = useContext(NavigationContext);
  if (!navigation) throw new Error('useNavigation must be used inside a NavigationProvider');
  return navigation;
}
