/**
 * The renderer's only way to reach main (design.md, conventions 2 and 6): it wraps `window.keyAdmin`, which the
 * preload (or the web host's browser bridge) builds from shared/ipc-contract.ts. Failed Results become thrown
 * `KeyAdminError`s so react-query sees them as errors. Nothing here talks to the network or holds the admin credential.
 */
import { useCallback, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ConnectInput, KeyAdminApi, ReplacedAppKey, SiteSummary, SitesState } from '../../shared/ipc-contract.js';
import type { AppError, ErrorCode, Result } from '../../shared/result.js';

declare global {
  interface Window {
    /** Provided by the preload (desktop) or the browser bridge (web host); absent anywhere else. */
    keyAdmin?: KeyAdminApi;
  }
}

/** A failed Result from main, thrown so that react-query (and callers) see an error. */
export class KeyAdminError extends Error implements AppError {
  readonly code: ErrorCode;

  constructor(error: AppError) {
    super(error.message);
    this.name = 'KeyAdminError';
    this.code = error.code;
  }
}

const BRIDGE_MISSING = 'Keywarden could not reach its own background process. Close the window and start Keywarden again.';
const BRIDGE_FAILED =
  'Keywarden lost contact with its own background process. Try again; if it keeps failing, restart Keywarden.';

/** The task-shaped bridge to main. Throws a KeyAdminError when it is missing (e.g. the page was opened outside the app). */
export function getKeyAdmin(): KeyAdminApi {
  const api = typeof window === 'undefined' ? undefined : window.keyAdmin;
  if (!api) throw new KeyAdminError({ code: 'internal', message: BRIDGE_MISSING });
  return api;
}

/** Any thrown value as a KeyAdminError; a transport failure (not a Result) becomes 'internal' with a fixed text. */
export function toKeyAdminError(error: unknown): KeyAdminError {
  if (error instanceof KeyAdminError) return error;
  return new KeyAdminError({ code: 'internal', message: BRIDGE_FAILED });
}

/** Calls one task on main and unwraps its Result: the value, or a thrown KeyAdminError. */
export async function callKeyAdmin<T>(task: (api: KeyAdminApi) => Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await task(getKeyAdmin());
  } catch (error) {
    throw toKeyAdminError(error);
  }
  if (!result.ok) throw new KeyAdminError(result.error);
  return result.value;
}

export const keyAdminQueryKeys = {
  sitesState: ['sites', 'state'] as const,
};

/** Everything cached about the previously active site (inventory, audit, ...) is stale once another one is active. */
function invalidateSiteData(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'sites' });
}

/** Puts a site summary into the cached sites state (replacing the entry with the same id, or appending it). */
function upsertSite(queryClient: QueryClient, site: SiteSummary): void {
  queryClient.setQueryData<SitesState>(keyAdminQueryKeys.sitesState, (state) => {
    if (!state) return state;
    const exists = state.sites.some((s) => s.id === site.id);
    const sites = exists ? state.sites.map((s) => (s.id === site.id ? site : s)) : [...state.sites, site];
    return { ...state, sites };
  });
}

/** The connected sites, the active one, the keychain situation and local-state warnings. */
export function useSitesState() {
  return useQuery({
    queryKey: keyAdminQueryKeys.sitesState,
    queryFn: () => callKeyAdmin((api) => api.sites.state()),
  });
}

export function useActivateSite() {
  const queryClient = useQueryClient();
  return useMutation<SitesState, KeyAdminError, string>({
    mutationFn: (id) => callKeyAdmin((api) => api.sites.activate({ id })),
    onSuccess: (state) => {
      queryClient.setQueryData(keyAdminQueryKeys.sitesState, state);
      void invalidateSiteData(queryClient);
    },
  });
}

/** Forgets a site; main removes its stored key as well. */
export function useForgetSite() {
  const queryClient = useQueryClient();
  return useMutation<SitesState, KeyAdminError, string>({
    mutationFn: (id) => callKeyAdmin((api) => api.sites.forget({ id })),
    onSuccess: (state) => {
      queryClient.setQueryData(keyAdminQueryKeys.sitesState, state);
      void invalidateSiteData(queryClient);
    },
  });
}

/** Asks main to check the site again with the stored key (release, admin status, notices). */
export function useRecheckSite() {
  const queryClient = useQueryClient();
  return useMutation<SiteSummary, KeyAdminError, string>({
    mutationFn: (id) => callKeyAdmin((api) => api.sites.recheck({ id })),
    onSuccess: (site) => upsertSite(queryClient, site),
  });
}

export interface ReplaceAppKeyInput {
  readonly id: string;
  readonly expiresAt: string;
  /** Main's rotate-compromised confirmation for the key Keywarden uses now. */
  readonly confirmationId: string;
}

/**
 * "Replace this app's key": main makes a new key, switches Keywarden to it, then revokes the old one, and answers the
 * evidence. The new key's secret stays in main, so this may be a react-query mutation.
 */
export function useReplaceAppKey() {
  const queryClient = useQueryClient();
  return useMutation<ReplacedAppKey, KeyAdminError, ReplaceAppKeyInput>({
    mutationFn: (input) => callKeyAdmin((api) => api.sites.replaceKey({ ...input })),
    onSuccess: (replaced) => {
      upsertSite(queryClient, replaced.site);
      // Main patched the inventory (new key in, old key out): show it.
      void invalidateSiteData(queryClient);
    },
  });
}

export interface ConnectSiteState {
  readonly isPending: boolean;
  readonly error: KeyAdminError | null;
  /** The site of the last successful connect (a summary: it never contains the key). */
  readonly connected: SiteSummary | null;
}

/**
 * Connects a site. Deliberately not a react-query mutation: the MutationCache keeps each mutation's `variables`,
 * which here contain the secret. The input lives only in the caller's form and in this call's arguments.
 * Resolves the site on success and `undefined` on failure (the error is in the returned state); never rejects.
 */
export function useConnectSite() {
  const queryClient = useQueryClient();
  const [state, setState] = useState<ConnectSiteState>({ isPending: false, error: null, connected: null });
  const pending = useRef(false);

  const connect = useCallback(
    async (input: ConnectInput): Promise<SiteSummary | undefined> => {
      if (pending.current) return undefined;
      pending.current = true;
      setState({ isPending: true, error: null, connected: null });
      try {
        const site = await callKeyAdmin((api) => api.sites.connect(input));
        upsertSite(queryClient, site);
        await queryClient.invalidateQueries({ queryKey: keyAdminQueryKeys.sitesState });
        await invalidateSiteData(queryClient);
        setState({ isPending: false, error: null, connected: site });
        return site;
      } catch (error) {
        setState({ isPending: false, error: toKeyAdminError(error), connected: null });
        return undefined;
      } finally {
        pending.current = false;
      }
    },
    [queryClient],
  );

  const reset = useCallback(() => setState({ isPending: false, error: null, connected: null }), []);

  return { ...state, connect, reset };
}
