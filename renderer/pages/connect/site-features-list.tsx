/** What the site says it supports (its OpenAPI document), as chips: supported ones filled, missing ones struck out. */
import { Chip, Stack, Typography } from '@mui/material';
import { SITE_FEATURE_TEXT, type SiteFeatures } from '../../../shared/site-features.js';

export function SiteFeaturesList({ features }: { features: SiteFeatures | null }) {
  if (!features) {
    return (
      <Typography component="span" variant="body2" color="text.secondary">
        The site publishes no API description the app can read; features are tried as they are used.
      </Typography>
    );
  }
  const names = Object.keys(SITE_FEATURE_TEXT) as (keyof SiteFeatures)[];
  return (
    <Stack
      direction="row"
      sx={{ flexWrap: 'wrap', gap: 0.5 }}
      component="ul"
      aria-label="Supported by this site"
      style={{ padding: 0, margin: 0 }}
    >
      {names.map((name) => (
        <Chip
          component="li"
          key={name}
          size="small"
          variant={features[name] ? 'filled' : 'outlined'}
          color={features[name] ? 'success' : 'default'}
          label={features[name] ? SITE_FEATURE_TEXT[name] : `${SITE_FEATURE_TEXT[name]}: not on this site`}
        />
      ))}
    </Stack>
  );
}
