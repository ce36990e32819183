/**
 * Site profiles (name, address, who is signed in, what was learnt on connect) in the settings store.
 * No secret is ever part of a profile. Entries that fail validation are kept aside in the store
 * (never dropped silently) and reported (security.md E2).
 */
import { z } from 'zod';
import { credentialStorage, siteNotice } from '../../shared/ipc-contract.js';
import { groupedNumber } from '../../shared/count-text.js';
import { siteFeatures } from '../../shared/site-features.js';
import type { KeyValueStore } from '../ports.js';

export const siteProfile = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,64}$/),
  name: z.string().max(100),
  origin: z.string().max(2048),
  release: z.string().max(64).nullable(),
  userId: z.string().max(256),
  userName: z.string().max(256),
  isSiteAdmin: z.boolean(),
  keyKind: z.enum(['enhanced', 'legacy']),
  storage: credentialStorage,
  notices: z.array(siteNotice),
  // Profiles saved before the app read the site's OpenAPI document have none.
  features: siteFeatures.nullable().default(null),
  connectedAt: z.string().max(64),
});
export type SiteProfile = z.infer<typeof siteProfile>;

const SITES_KEY = 'sites';
const ACTIVE_KEY = 'activeSiteId';
const DAMAGED_KEY = 'sitesDamaged';

export class SiteProfiles {
  private profiles: SiteProfile[] = [];
  private activeId: string | null = null;
  readonly problems: string[] = [];

  constructor(private readonly store: KeyValueStore) {
    this.problems.push(...store.problems);
    const raw = store.get(SITES_KEY);
    const entries = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
    const damaged: unknown[] = [];
    for (const entry of entries) {
      const parsed = siteProfile.safeParse(entry);
      if (parsed.success) this.profiles.push(parsed.data);
      else damaged.push(entry);
    }
    if (damaged.length > 0) {
      const previous = store.get(DAMAGED_KEY);
      store.set(DAMAGED_KEY, [...(Array.isArray(previous) ? previous : []), ...damaged]);
      store.set(SITES_KEY, this.profiles);
      this.problems.push(
        damaged.length === 1
          ? 'A saved site profile could not be read and was set aside in the settings file. Connect to that site again.'
          : `${groupedNumber(damaged.length)} saved site profiles could not be read and were set aside in the settings file. Connect to those sites again.`,
      );
    }
    const active = store.get(ACTIVE_KEY);
    this.activeId =
      typeof active === 'string' && this.profiles.some((p) => p.id === active) ? active : (this.profiles[0]?.id ?? null);
  }

  list(): readonly SiteProfile[] {
    return this.profiles;
  }

  get(id: string): SiteProfile | undefined {
    return this.profiles.find((p) => p.id === id);
  }

  findByOriginAndUser(origin: string, userId: string): SiteProfile | undefined {
    return this.profiles.find((p) => p.origin === origin && p.userId === userId);
  }

  active(): SiteProfile | undefined {
    return this.activeId ? this.get(this.activeId) : undefined;
  }

  activeSiteId(): string | null {
    return this.activeId;
  }

  save(profile: SiteProfile): void {
    const index = this.profiles.findIndex((p) => p.id === profile.id);
    if (index >= 0) this.profiles[index] = profile;
    else this.profiles.push(profile);
    this.store.set(SITES_KEY, this.profiles);
  }

  activate(id: string): boolean {
    if (!this.get(id)) return false;
    this.activeId = id;
    this.store.set(ACTIVE_KEY, id);
    return true;
  }

  remove(id: string): void {
    this.profiles = this.profiles.filter((p) => p.id !== id);
    this.store.set(SITES_KEY, this.profiles);
    if (this.activeId === id) {
      this.activeId = this.profiles[0]?.id ?? null;
      if (this.activeId) this.store.set(ACTIVE_KEY, this.activeId);
      else this.store.delete(ACTIVE_KEY);
    }
  }
}
