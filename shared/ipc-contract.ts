/**
 * The one contract between renderer and main (design.md, convention 1).
 * Each entry is one user task: its input schema (strict: unknown keys are refused) and its output schema.
 * The preload and the web host's browser bridge both build `window.keyAdmin` from it with `buildKeyAdminApi`,
 * main registers one handler per entry, and the renderer's types come from `KeyAdminApi`.
 */
import { z } from 'zod';
import type { Result } from './result.js';
import { MAX_KEY_STRING_LENGTH } from './key-string.js';

const profileId = z.string().regex(/^[a-z0-9-]{1,64}$/);
const shortText = (max: number) => z.string().max(max);

export const credentialStorage = z.enum(['keychain', 'session', 'weak-opt-in']);
export type CredentialStorage = z.infer<typeof credentialStorage>;

export const siteNotice = z.enum(['not-site-admin', 'legacy-admin-key', 'legacy-rejected-soon', 'release-unknown']);
export type SiteNotice = z.infer<typeof siteNotice>;

export const siteSummary = z.object({
  id: profileId,
  name: z.string(),
  origin: z.string(),
  release: z.string().nullable(),
  userId: z.string(),
  userName: z.string(),
  isSiteAdmin: z.boolean(),
  keyKind: z.enum(['enhanced', 'legacy']),
  storage: credentialStorage,
  /** Why the credential is kept the way it is, in words for the admin. */
  storageReason: z.string(),
  /** The credential could not be read (keyring locked or changed): the admin must enter the key again. */
  needsKey: z.boolean(),
  notices: z.array(siteNotice),
  connectedAt: z.string(),
});
export type SiteSummary = z.infer<typeof siteSummary>;

export const sitesState = z.object({
  sites: z.array(siteSummary),
  activeId: profileId.nullable(),
  /** Whether this machine offers a real OS keychain. */
  keychainAvailable: z.boolean(),
  keychainBackend: z.string(),
  /** Problems found while loading local state (a damaged settings file kept aside, ...). */
  warnings: z.array(z.string()),
});
export type SitesState = z.infer<typeof sitesState>;

export const connectInput = z.strictObject({
  keyString: shortText(MAX_KEY_STRING_LENGTH).optional(),
  siteUrl: shortText(2048).optional(),
  secret: shortText(MAX_KEY_STRING_LENGTH).optional(),
  name: shortText(100).optional(),
  /** The admin accepts storing the key with weak protection where the OS has no keychain (security.md A2). */
  allowWeakStorage: z.boolean().optional(),
});
export type ConnectInput = z.infer<typeof connectInput>;

const none = z.undefined();

/** The contract: namespace → method → { input, output }. Channel names are "namespace.method". */
export const ipcContract = {
  sites: {
    state: { input: none, output: sitesState },
    connect: { input: connectInput, output: siteSummary },
    activate: { input: z.strictObject({ id: profileId }), output: sitesState },
    forget: { input: z.strictObject({ id: profileId }), output: sitesState },
    recheck: { input: z.strictObject({ id: profileId }), output: siteSummary },
  },
} as const;

export type IpcContract = typeof ipcContract;
export type Namespace = keyof IpcContract;
export type Method<N extends Namespace> = keyof IpcContract[N] & string;
export type Channel = { [N in Namespace]: `${N}.${Method<N>}` }[Namespace];

type Entry = { input: z.ZodType; output: z.ZodType };
type Call<E extends Entry> = [z.input<E['input']>] extends [undefined]
  ? () => Promise<Result<z.output<E['output']>>>
  : (input: z.input<E['input']>) => Promise<Result<z.output<E['output']>>>;

/** The shape of `window.keyAdmin`: one method per task, each answering a Result. */
export type KeyAdminApi = {
  readonly [N in Namespace]: { readonly [M in Method<N>]: IpcContract[N][M] extends Entry ? Call<IpcContract[N][M]> : never };
};

export type Transport = (channel: Channel, payload: unknown) => Promise<unknown>;

/** Every channel of the contract, for registration and for tests that cover them all. */
export function allChannels(): Channel[] {
  const channels: string[] = [];
  for (const [ns, methods] of Object.entries(ipcContract)) {
    for (const method of Object.keys(methods)) channels.push(`${ns}.${method}`);
  }
  return channels as Channel[];
}

export function contractEntry(channel: string): Entry | undefined {
  const [ns, method, ...rest] = channel.split('.');
  if (!ns || !method || rest.length > 0 || !Object.hasOwn(ipcContract, ns)) return undefined;
  const methods = ipcContract[ns as Namespace] as Record<string, Entry>;
  return Object.hasOwn(methods, method) ? methods[method] : undefined;
}

/**
 * Builds the task-shaped API from a transport. Used by the Electron preload (transport: ipcRenderer.invoke)
 * and by the web host's browser bridge (transport: fetch). The transport itself is never exposed.
 */
export function buildKeyAdminApi(transport: Transport): KeyAdminApi {
  const api: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
  for (const [ns, methods] of Object.entries(ipcContract)) {
    const group: Record<string, (input?: unknown) => Promise<unknown>> = {};
    for (const method of Object.keys(methods)) {
      const channel = `${ns}.${method}` as Channel;
      group[method] = (input?: unknown) => transport(channel, input);
    }
    api[ns] = Object.freeze(group);
  }
  return Object.freeze(api) as unknown as KeyAdminApi;
}
