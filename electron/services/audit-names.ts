/**
 * The names an audit entry is written with (issue 10: the log shows the site and the owner's name), found in the
 * app's own state when the entry is written: the site's profile (the name the admin gave it) and the site's last
 * snapshot (devices, users, keys). Written into the entry, so the log keeps the names as they were that day.
 */
import type { Inventory } from '../../shared/inventory.js';
import type { AuditInput, AuditNamer, AuditNames } from './audit-log.js';
import type { SiteProfile } from './site-profiles.js';

export interface AuditNamesDeps {
  readonly profiles: () => readonly SiteProfile[];
  readonly snapshot: (siteId: string) => Inventory | null;
}

/** Entries name their site by its address; two profiles of one address (two accounts) differ by the actor. */
function profileOf(entry: AuditInput, profiles: readonly SiteProfile[]): SiteProfile | undefined {
  const sameSite = profiles.filter((profile) => profile.origin === entry.site || profile.id === entry.site);
  return sameSite.find((profile) => profile.userId === entry.actor) ?? sameSite[0];
}

/**
 * The owner's name: the device's label or the user's name in the snapshot, or the owner of the entry's key. An
 * entry about a device or a user itself (no key) names it in its label, which a deleted device keeps.
 */
export function ownerNameOf(entry: AuditInput, profile: SiteProfile | undefined, snapshot: Inventory | null): string | null {
  const id = entry.targetId;
  if (entry.targetType === 'user' && profile && id === profile.userId) return profile.userName;
  const found =
    entry.targetType === 'device'
      ? snapshot?.devices.find((device) => device.id === id)?.label
      : entry.targetType === 'user'
        ? snapshot?.users.find((user) => user.id === id)?.name
        : undefined;
  if (found) return found;
  // Only then the keys: a large site has many more keys than owners, and most entries name a device or a user.
  const key = entry.keyId === null ? undefined : snapshot?.keys.find((candidate) => candidate.id === entry.keyId);
  if (key) return key.ownerLabel;
  if (entry.keyId === null && (entry.targetType === 'device' || entry.targetType === 'user') && entry.targetLabel) {
    return entry.targetLabel;
  }
  return null;
}

export function auditNamer(deps: AuditNamesDeps): AuditNamer {
  return (entry): AuditNames => {
    const profile = profileOf(entry, deps.profiles());
    const snapshot = profile ? deps.snapshot(profile.id) : null;
    return {
      siteName: profile?.name ?? null,
      ownerName: entry.targetType === 'site' ? null : ownerNameOf(entry, profile, snapshot),
    };
  };
}
