import type { SiteNotice } from './ipc-contract.js';

/** What each notice about a connected site means for the admin, and what to do about it. */
export const SITE_NOTICE_TEXT: Readonly<Record<SiteNotice, string>> = {
  'not-site-admin':
    'This key does not belong to a site admin. You can manage your own keys, but device registry, other users and the site-wide inventory will be refused by the site.',
  'legacy-admin-key':
    'You connected with a legacy key. It works until the site is upgraded to Flywheel 19.0, which rejects legacy keys: create an enhanced key on your profile and connect with it instead.',
  'legacy-rejected-soon':
    'This site runs a release that rejects legacy keys; this connection will stop working. Replace the key with an enhanced one.',
  'release-unknown':
    'The site did not report a Flywheel release the app can read, so features that depend on the release are assumed to be present.',
};
