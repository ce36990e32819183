import type { CredentialStorage, SiteSummary } from '../../shared/ipc-contract.js';

/** How main keeps the admin's key, in words for the admin. */
export const STORAGE_LABEL: Readonly<Record<CredentialStorage, string>> = {
  keychain: 'Encrypted by the OS keychain',
  session: 'This session only',
  'weak-opt-in': 'Stored with weak protection (your choice)',
};

export const KEY_KIND_LABEL: Readonly<Record<SiteSummary['keyKind'], string>> = {
  enhanced: 'Enhanced key',
  legacy: 'Legacy key',
};

export const NEEDS_KEY_TEXT = 'The stored key could not be read (keyring locked or changed): enter the key again';

export function siteAdminLabel(site: Pick<SiteSummary, 'isSiteAdmin'>): string {
  return site.isSiteAdmin ? 'Site admin' : 'Not a site admin';
}

type NamedSite = Pick<SiteSummary, 'id' | 'name' | 'userId' | 'userName'>;

/**
 * A site's name as lists and menus show it. One address can be connected twice, with two users' keys, and both
 * profiles then carry the same name: each is named by the user it is signed in as (by user id when the names match too).
 */
export function siteDisplayName(site: NamedSite, sites: readonly NamedSite[]): string {
  const name = site.name.trim().toLowerCase();
  const twins = sites.filter((other) => other.id !== site.id && other.name.trim().toLowerCase() === name);
  if (twins.length === 0) return site.name;
  return `${site.name} (${twins.some((other) => other.userName === site.userName) ? site.userId : site.userName})`;
}
