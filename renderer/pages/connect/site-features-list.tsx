/**
 * What the site says it supports (its OpenAPI document), as chips, and what of it this key may use: supported
 * ones filled, missing ones struck out. A key that is not a site admin's sees only its own keys: the site refuses
 * it the device registry, device health, device keys and other users' keys, so those are not marked green but say
 * that they need a site admin's key.
 */
import { Chip, Stack, Typography } from '@mui/material';
import { SITE_FEATURE_TEXT, type SiteFeatures } from '../../../shared/site-features.js';

/** The features the site gives only to a site admin's key (flywheel-api.md; the key service's "admin" routes). */
export const ADMIN_ONLY_FEATURES: ReadonlySet<keyof SiteFeatures> = new Set([
  'deviceRegistry',
  'deviceHealth',
  'deviceKeys',
  'allUserKeys',
]);

export const NEEDS_SITE_ADMIN = "needs a site admin's key";

type FeatureState = 'usable' | 'needs-admin' | 'missing';

function stateOf(name: keyof SiteFeatures, features: SiteFeatures, isSiteAdmin: boolean): FeatureState {
  if (!features[name]) return 'missing';
  return !isSiteAdmin && ADMIN_ONLY_FEATURES.has(name) ? 'needs-admin' : 'usable';
}

const LABEL: Readonly<Record<FeatureState, (text: string) => string>> = {
  usable: (text) => text,
  'needs-admin': (text) => `${text}: ${NEEDS_SITE_ADMIN}`,
  missing: (text) => `${text}: not on this site`,
};

export interface SiteFeaturesListProps {
  readonly features: SiteFeatures | null;
  /** Whether the key Keywarden uses is a site admin's (the site summary's `isSiteAdmin`). */
  readonly isSiteAdmin: boolean;
}

export function SiteFeaturesList({ features, isSiteAdmin }: SiteFeaturesListProps) {
  if (!features) {
    return (
      <Typography component="span" variant="body2" color="text.secondary">
        The site publishes no API description the app can read; features are tried as they are used.
        {!isSiteAdmin && ` This key is not a site admin's: only your own keys can be listed.`}
      </Typography>
    );
  }
  const names = Object.keys(SITE_FEATURE_TEXT) as (keyof SiteFeatures)[];
  return (
    <Stack
      direction="row"
      sx={{ flexWrap: 'wrap', gap: 0.5 }}
      component="ul"
      aria-label={isSiteAdmin ? 'Supported by this site' : 'Supported by this site, for this key'}
      style={{ padding: 0, margin: 0 }}
    >
      {names.map((name) => {
        const state = stateOf(name, features, isSiteAdmin);
        return (
          <Chip
            component="li"
            key={name}
            size="small"
            variant={state === 'usable' ? 'filled' : 'outlined'}
            color={state === 'usable' ? 'success' : state === 'needs-admin' ? 'warning' : 'default'}
            label={LABEL[state](SITE_FEATURE_TEXT[name])}
          />
        );
      })}
    </Stack>
  );
}
