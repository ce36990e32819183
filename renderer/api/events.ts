/**
 * Main's event stream in the renderer (design.md, "One event stream from main"): `window.keyAdminEvents`, built by
 * the preload or the web host's browser bridge from shared/events.ts, is subscribed to once for the whole app by
 * `MainEventsProvider` (mounted by the shell). Parts of the app listen through the provider with `useMainEvent`;
 * the latest refresh progress of each site is kept here for the progress bar (no polling).
 */
import {
  createContext,
  createElement,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import type { EventListener, KeyAdminEvents, MainEvent } from '../../shared/events.js';
import type { RefreshProgress } from '../../shared/inventory.js';

declare global {
  interface Window {
    /** Main's event stream, from the preload (desktop) or the browser bridge (web host); absent anywhere else. */
    keyAdminEvents?: KeyAdminEvents;
  }
}

/** Fans main's events out to the app's listeners and keeps what must outlive one event (refresh progress per site). */
export class MainEventBus {
  private readonly listeners = new Set<EventListener>();
  private readonly watchers = new Set<() => void>();
  private progress = new Map<string, RefreshProgress>();

  dispatch(event: MainEvent): void {
    if (event.type === 'refresh-progress') this.setProgress(event.siteId, event.progress);
    // A new snapshot ends the refresh that made it: its last progress no longer says anything.
    if (event.type === 'inventory-changed') this.clearProgress(event.siteId);
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // One failing listener must not keep the event from the others.
      }
    }
  }

  listen(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** The last progress main reported for a site's running refresh, or null. */
  progressOf(siteId: string | null): RefreshProgress | null {
    return siteId === null ? null : (this.progress.get(siteId) ?? null);
  }

  /** Forgets reported progress (of one site, or of all): a new refresh starts from nothing. */
  clearProgress(siteId?: string): void {
    if (siteId === undefined ? this.progress.size === 0 : !this.progress.has(siteId)) return;
    const next = new Map(this.progress);
    if (siteId === undefined) next.clear();
    else next.delete(siteId);
    this.progress = next;
    this.notify();
  }

  watchProgress(watcher: () => void): () => void {
    this.watchers.add(watcher);
    return () => {
      this.watchers.delete(watcher);
    };
  }

  private setProgress(siteId: string, progress: RefreshProgress): void {
    this.progress = new Map(this.progress).set(siteId, progress);
    this.notify();
  }

  private notify(): void {
    for (const watcher of [...this.watchers]) watcher();
  }
}

const MainEventsContext = createContext<MainEventBus | null>(null);

/**
 * Subscribes to `window.keyAdminEvents` once (where the host provides it) and hands every event to the listeners
 * below. Without the stream (a page rendered alone in a test) nothing is delivered and nothing fails.
 */
export function MainEventsProvider({ children }: { children: ReactNode }) {
  const [bus] = useState(() => new MainEventBus());
  useEffect(() => {
    const events = typeof window === 'undefined' ? undefined : window.keyAdminEvents;
    if (!events) return undefined;
    return events.subscribe((event) => bus.dispatch(event));
  }, [bus]);
  return createElement(MainEventsContext.Provider, { value: bus }, children);
}

/** The app's event bus, or null outside MainEventsProvider. */
export function useMainEventBus(): MainEventBus | null {
  return useContext(MainEventsContext);
}

/** Calls `listener` with each event from main while the component is mounted (always the latest listener). */
export function useMainEvent(listener: EventListener): void {
  const bus = useMainEventBus();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => bus?.listen((event) => latest.current(event)), [bus]);
}

/** The last refresh progress main reported for a site (null: none reported, or no event stream). */
export function useProgressEvents(siteId: string | null): RefreshProgress | null {
  const bus = useMainEventBus();
  const watch = useCallback((onChange: () => void) => (bus ? bus.watchProgress(onChange) : () => undefined), [bus]);
  return useSyncExternalStore(watch, () => bus?.progressOf(siteId) ?? null);
}
