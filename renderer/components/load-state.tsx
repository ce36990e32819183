/**
 * The two states every page shows while it asks main for something: a spinner line that says what is loading (a
 * status region, read by screen readers), and a failure with a way to ask again.
 */
import { Alert, Box, Button, CircularProgress, Typography } from '@mui/material';

export function LoadingLine({ text }: { readonly text: string }) {
  return (
    <Box role="status" sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
      <CircularProgress size={24} aria-hidden />
      <Typography>{text}</Typography>
    </Box>
  );
}

export function RetryAlert({ message, onRetry }: { readonly message: string | undefined; readonly onRetry: () => unknown }) {
  return (
    <Alert
      severity="error"
      action={
        <Button color="inherit" size="small" onClick={() => void onRetry()}>
          Try again
        </Button>
      }
    >
      {message}
    </Alert>
  );
}
