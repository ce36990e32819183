/**
 * The composition root shared by both hosts (the Electron main process and the web host): it wires the
 * services from the ports each host provides. Nothing here imports electron.
 */
import path from 'node:path';
import type { Clock, CredentialCipher, KeyValueStore, Logger, SiteHttpFactory } from './ports.js';
import { CredentialVault } from './services/credential-vault.js';
import { SiteProfiles } from './services/site-profiles.js';
import { SitesService } from './services/sites.service.js';
import { createHandlers } from './ipc/handlers.js';
import { createDispatcher, type Dispatch } from './ipc/dispatcher.js';

export interface HostPorts {
  readonly dataDir: string;
  readonly cipher: CredentialCipher | null;
  readonly settings: KeyValueStore;
  readonly httpFactory: SiteHttpFactory;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly caPem?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface MainServices {
  readonly sites: SitesService;
  readonly dispatch: Dispatch;
}

/**
 * Turning TLS verification off process-wide would expose the admin's key to anyone on the path
 * (security.md D1): refuse to run at all.
 */
export function assertTlsVerificationOn(env: Readonly<Record<string, string | undefined>>): void {
  if (env.NODE_TLS_REJECT_UNAUTHORIZED === '0') {
    throw new Error('NODE_TLS_REJECT_UNAUTHORIZED=0 turns off TLS verification; Keywarden refuses to run with it. Unset it.');
  }
}

export function createMainServices(ports: HostPorts): MainServices {
  assertTlsVerificationOn(ports.env);
  const vault = new CredentialVault(path.join(ports.dataDir, 'credentials'), ports.cipher);
  const profiles = new SiteProfiles(ports.settings);
  const sites = new SitesService({ profiles, vault, httpFactory: ports.httpFactory, clock: ports.clock, caPem: ports.caPem });
  const dispatch = createDispatcher(createHandlers({ sites }), ports.logger);
  return { sites, dispatch };
}
