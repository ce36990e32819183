import { Alert, Stack } from '@mui/material';

/** Problems main found while loading local state (sitesState.warnings), shown at the top of the app. */
export function StateWarnings({ warnings }: { warnings: readonly string[] }) {
  if (warnings.length === 0) return null;
  return (
    <Stack spacing={1} sx={{ mb: 2 }}>
      {warnings.map((warning, i) => (
        <Alert key={i} severity="warning">
          {warning}
        </Alert>
      ))}
    </Stack>
  );
}
