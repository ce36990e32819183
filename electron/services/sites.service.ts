/**
 * Connecting to sites: check a key against the site before storing anything (security.md A4), keep the profile
 * (no secret) and the key (vault), switch between sites, forget one. Also hands out the SiteClient of a site
 * to the other services.
 */
import { randomBytes } from 'node:crypto';
import type { ConnectInput, CredentialStorage, SiteNotice, SitesState, SiteSummary } from '../../shared/ipc-contract.js';
import { isLoopbackHost, keyKindOf, keyStringFromUrl, parseKeyString, type ParsedKeyString } from '../../shared/key-string.js';
import { ENHANCED_KEYS_FROM, releaseGates } from '../../shared/version.js';
import { releaseOf, type UserWire, type VersionWire } from '../../shared/wire.schema.js';
import { siteFeaturesFromOpenApi, type SiteFeatures } from '../../shared/site-features.js';
import { z } from 'zod';
import type { Clock, SiteHttpFactory } from '../ports.js';
import type { AuditInput } from './audit-log.js';
import type { CredentialVault } from './credential-vault.js';
import { SiteClient } from './site-client.js';
import { AppFailure } from './site-error.js';
import type { SiteProfile, SiteProfiles } from './site-profiles.js';

export interface SitesServiceDeps {
  readonly profiles: SiteProfiles;
  readonly vault: CredentialVault;
  readonly httpFactory: SiteHttpFactory;
  readonly clock: Clock;
  /** PEM of a private CA, for on-premises sites (security.md D1). */
  readonly caPem?: string;
  readonly socketTimeoutMs?: number;
  readonly deadlineMs?: number;
  readonly maxBodyBytes?: number;
  /** Problems found in local state (damaged files kept aside), shown to the admin as warnings. */
  readonly problems?: () => readonly string[];
  /** Where connecting and forgetting a site are recorded (the audit log); never with the key. */
  readonly audit?: { append(entry: AuditInput): unknown };
}

/** How the key is kept, for the audit entry of a connect. */
const STORAGE_TEXT: Readonly<Record<CredentialStorage, string>> = {
  keychain: 'the key is kept in the OS keychain',
  session: 'the key is kept for this session only',
  'weak-opt-in': 'the key is kept with weak protection, as the admin chose',
};

/** Why a connect failed, for the log: the error's code only (its message may quote the site). */
function connectFailure(error: unknown): string {
  return error instanceof AppFailure ? `Failed: ${error.code}. Nothing was stored.` : 'Failed. Nothing was stored.';
}

export function displayNameOf(user: Pick<UserWire, '_id' | 'firstname' | 'lastname' | 'email'>): string {
  // The names that are not blank, joined by a space, then trimmed; without an array per call, as a refresh names
  // every user of the site.
  const first = user.firstname && user.firstname.trim() ? user.firstname : '';
  const last = user.lastname && user.lastname.trim() ? user.lastname : '';
  const name = (first && last ? `${first} ${last}` : first || last).trim();
  return name || user.email || user._id;
}

export class SitesService {
  private readonly clients = new Map<string, SiteClient>();

  constructor(private readonly deps: SitesServiceDeps) {}

  state(): SitesState {
    const keychain = this.deps.vault.keychain();
    return {
      sites: this.deps.profiles.list().map((profile) => this.summaryOf(profile)),
      activeId: this.deps.profiles.activeSiteId(),
      keychainAvailable: keychain.available,
      keychainBackend: keychain.backend,
      warnings: [...this.deps.profiles.problems, ...(this.deps.problems?.() ?? [])],
    };
  }

  async connect(input: ConnectInput): Promise<SiteSummary> {
    const parsed = this.parseInput(input);
    const client = this.clientFor(parsed.origin, parsed.secret);
    const checked = await this.check(client, parsed).catch((error: unknown) => {
      // A key the site refused is worth a line in the log (someone tried it); whose key it was is unknown.
      this.record(parsed.origin, '', 'connect-site', input.name?.trim() || parsed.host, 'failed', connectFailure(error));
      throw error;
    });
    const existing = this.deps.profiles.findByOriginAndUser(parsed.origin, checked.userId);
    const id = existing?.id ?? randomBytes(6).toString('hex');
    const stored = this.deps.vault.store(id, parsed.secret, input.allowWeakStorage ?? false);
    const profile: SiteProfile = {
      id,
      name: input.name?.trim() || existing?.name || parsed.host,
      origin: parsed.origin,
      storage: stored.storage,
      connectedAt: this.deps.clock.now().toISOString(),
      ...checked,
    };
    this.deps.profiles.save(profile);
    this.deps.profiles.activate(id);
    this.clients.set(id, client);
    this.record(
      profile.origin,
      profile.userId,
      'connect-site',
      profile.name,
      'ok',
      `${existing ? 'Connected again' : 'Connected'} as ${profile.userName}; ${STORAGE_TEXT[stored.storage]}.`,
    );
    return this.summaryOf(profile);
  }

  async recheck(id: string): Promise<SiteSummary> {
    const profile = this.requireProfile(id);
    const client = this.client(id);
    const checked = await this.check(client, { kind: keyKindOf(this.secretOf(id)) });
    const updated: SiteProfile = { ...profile, ...checked, connectedAt: this.deps.clock.now().toISOString() };
    this.deps.profiles.save(updated);
    return this.summaryOf(updated);
  }

  /**
   * Switches a connected site to another key of the same account (the app's own key replaced): the new key is
   * checked against the site first (as `connect` does, security.md A4), then kept the way the site's key is kept
   * (the admin's storage choice stays), and every later call uses it. When the check or the storing fails, nothing
   * changed: the app still uses, and keeps, the old key.
   */
  async switchKey(id: string, secret: string): Promise<SiteSummary> {
    const profile = this.requireProfile(id);
    const client = this.clientFor(profile.origin, secret);
    const checked = await this.check(client, { kind: keyKindOf(secret) });
    if (checked.userId !== profile.userId) {
      throw new AppFailure(
        'forbidden',
        'The new key belongs to another account than the one Keywarden is signed in as here. Keywarden kept its old key.',
      );
    }
    const current = this.deps.vault.read(id);
    const allowWeakStorage = (current.kind === 'ok' ? current.storage : profile.storage) === 'weak-opt-in';
    const stored = this.deps.vault.store(id, secret, allowWeakStorage);
    this.clients.set(id, client);
    const updated: SiteProfile = {
      ...profile,
      ...checked,
      storage: stored.storage,
      connectedAt: this.deps.clock.now().toISOString(),
    };
    this.deps.profiles.save(updated);
    return this.summaryOf(updated);
  }

  activate(id: string): SitesState {
    this.requireProfile(id);
    this.deps.profiles.activate(id);
    return this.state();
  }

  forget(id: string): SitesState {
    const profile = this.requireProfile(id);
    this.deps.vault.forget(id);
    this.clients.delete(id);
    this.deps.profiles.remove(id);
    this.record(
      profile.origin,
      profile.userId,
      'forget-site',
      profile.name,
      'ok',
      'The site and its key were removed from this computer; nothing changed on the site.',
    );
    return this.state();
  }

  /** One audit entry about a site itself (connect, forget): its address, who, the outcome; never the key. */
  private record(origin: string, actor: string, action: string, name: string, outcome: 'ok' | 'failed', detail: string): void {
    this.deps.audit?.append({
      site: origin,
      actor,
      action,
      targetType: 'site',
      targetId: origin,
      targetLabel: name,
      keyId: null,
      outcome,
      detail,
      ...(name ? { siteName: name } : {}),
      ownerName: null,
    });
  }

  /** The client of a connected site, for the other services. */
  client(id: string): SiteClient {
    const cached = this.clients.get(id);
    if (cached) return cached;
    const profile = this.requireProfile(id);
    const client = this.clientFor(profile.origin, this.secretOf(id));
    this.clients.set(id, client);
    return client;
  }

  /** Every saved site, for work that spans them (the background expiry checks). */
  profiles(): readonly SiteProfile[] {
    return this.deps.profiles.list();
  }

  activeSite(): SiteProfile {
    const profile = this.deps.profiles.active();
    if (!profile) throw new AppFailure('no-site', 'Connect to a Flywheel site first.');
    return profile;
  }

  private secretOf(id: string): string {
    const read = this.deps.vault.read(id);
    if (read.kind === 'ok') return read.secret;
    throw new AppFailure(
      'keyring-locked',
      read.kind === 'missing' ? 'The key of this site was kept for the last session only. Enter the key again.' : read.reason,
    );
  }

  private requireProfile(id: string): SiteProfile {
    const profile = this.deps.profiles.get(id);
    if (!profile) throw new AppFailure('not-found', 'There is no saved site with this id.');
    return profile;
  }

  private parseInput(input: ConnectInput): ParsedKeyString {
    let result;
    if (input.keyString !== undefined && input.keyString.trim() !== '') result = parseKeyString(input.keyString);
    else if (input.siteUrl !== undefined && input.secret !== undefined) result = keyStringFromUrl(input.siteUrl, input.secret);
    else throw new AppFailure('validation', 'Paste a key string, or give the site address and the key.');
    if (!result.ok) throw new AppFailure(result.error.code, result.error.message);
    if (result.value.insecure && !isLoopbackHost(result.value.host)) {
      throw new AppFailure(
        'insecure-http',
        'Plain http is allowed only for a test site on this computer. Use the https address of the site.',
      );
    }
    return result.value;
  }

  private clientFor(origin: string, secret: string): SiteClient {
    const http = this.deps.httpFactory({
      origin,
      caPem: this.deps.caPem,
      socketTimeoutMs: this.deps.socketTimeoutMs ?? 15_000,
      maxBodyBytes: this.deps.maxBodyBytes ?? 64 * 1024 * 1024,
    });
    return new SiteClient({ http, secret, clock: this.deps.clock, deadlineMs: this.deps.deadlineMs });
  }

  /** Version, auth status and current user: what the app learns about a key before it keeps it. */
  private async check(
    client: SiteClient,
    key: { kind: 'enhanced' | 'legacy' },
  ): Promise<Pick<SiteProfile, 'release' | 'userId' | 'userName' | 'isSiteAdmin' | 'keyKind' | 'notices' | 'features'>> {
    const version = await this.flywheelVersion(client);
    const release = releaseOf(version);
    const gates = releaseGates(release ?? '');
    if (gates.known && !gates.supportsEnhancedKeys) {
      throw new AppFailure(
        'unsupported-site',
        `This site runs Flywheel ${release}, older than ${ENHANCED_KEYS_FROM}: it cannot create the enhanced keys this app manages. The site needs an upgrade first.`,
      );
    }
    const status = await client.authStatus();
    if (status.is_device || status.origin.type === 'device') {
      throw new AppFailure('forbidden', "This is a device's key. Connect with your own key, from your Flywheel profile.");
    }
    const user = await client.currentUser();
    const isSiteAdmin = status.user_is_admin || (user.roles ?? []).includes('site_admin');
    const notices: SiteNotice[] = [];
    if (!isSiteAdmin) notices.push('not-site-admin');
    if (key.kind === 'legacy') notices.push(gates.rejectsLegacyKeys ? 'legacy-rejected-soon' : 'legacy-admin-key');
    if (!gates.known) notices.push('release-unknown');
    const features = await this.features(client);
    return { release, userId: user._id, userName: displayNameOf(user), isSiteAdmin, keyKind: key.kind, notices, features };
  }

  /**
   * The key goes out only once the address answers as a Flywheel site: /api/version, asked without the key, gives a
   * JSON version document (named `version`, or with a release). An HTML page, a 404 or any other JSON stops here.
   */
  private async flywheelVersion(client: SiteClient): Promise<VersionWire> {
    const notFlywheel = new AppFailure(
      'bad-response',
      'This address does not answer as a Flywheel site (it has no Flywheel version document), so the key was not sent. Check the address.',
    );
    let version: VersionWire;
    try {
      version = await client.version();
    } catch (error) {
      if (error instanceof AppFailure && (error.code === 'bad-response' || error.code === 'not-found')) throw notFlywheel;
      throw error;
    }
    if (version._id !== 'version' && !releaseOf(version)) throw notFlywheel;
    return version;
  }

  /** What the site's OpenAPI document says it supports; a site without a readable one still works. */
  private async features(client: SiteClient): Promise<SiteFeatures | null> {
    try {
      return siteFeaturesFromOpenApi(await client.call('GET', '/openapi.json', z.unknown()));
    } catch (error) {
      if (error instanceof AppFailure) return null;
      throw error;
    }
  }

  private summaryOf(profile: SiteProfile): SiteSummary {
    const read = this.deps.vault.read(profile.id);
    const backend = this.deps.vault.keychain().backend;
    const storageReason =
      read.kind === 'ok'
        ? this.deps.vault.reasonFor(read.storage, backend)
        : read.kind === 'missing'
          ? 'The key was kept for the last session only and is gone. Enter the key again.'
          : read.reason;
    return {
      id: profile.id,
      name: profile.name,
      origin: profile.origin,
      release: profile.release,
      userId: profile.userId,
      userName: profile.userName,
      isSiteAdmin: profile.isSiteAdmin,
      keyKind: profile.keyKind,
      storage: read.kind === 'ok' ? read.storage : profile.storage,
      storageReason,
      needsKey: read.kind !== 'ok',
      notices: profile.notices,
      features: profile.features,
      connectedAt: profile.connectedAt,
    };
  }
}
