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
