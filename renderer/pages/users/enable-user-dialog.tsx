/**
 * Re-enabling a user brings their keys back to life (disabling never revoked them). Main lists what will happen
 * in a confirmation issued for exactly this user; the admin reads it before enabling.
 */
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  List,
  ListItem,
} from '@mui/material';
import type { Confirmation } from '../../../shared/ipc-contract.js';

export interface EnableUserDialogProps {
  readonly confirmation: Confirmation | null;
  readonly pending: boolean;
  readonly error: string | null;
  readonly onConfirm: (confirmation: Confirmation) => void;
  readonly onCancel: () => void;
}

export function EnableUserDialog({ confirmation, pending, error, onConfirm, onCancel }: EnableUserDialogProps) {
  return (
    <Dialog open={confirmation !== null} onClose={onCancel} aria-labelledby="enable-user-title" fullWidth maxWidth="sm">
      <DialogTitle id="enable-user-title">{confirmation?.title ?? 'Enable user'}</DialogTitle>
      <DialogContent>
        {confirmation && confirmation.lines.length > 0 ? (
          <>
            <DialogContentText>After enabling:</DialogContentText>
            <List dense aria-label="What enabling does">
              {confirmation.lines.map((line, index) => (
                <ListItem key={index}>{line}</ListItem>
              ))}
            </List>
          </>
        ) : (
          <DialogContentText>No key comes back to life: this user has no keys the site shows.</DialogContentText>
        )}
        {error && <Alert severity="error">{error}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button
          variant="contained"
          color="warning"
          disabled={pending || confirmation === null}
          onClick={() => confirmation && onConfirm(confirmation)}
        >
          Enable user
        </Button>
      </DialogActions>
    </Dialog>
  );
}
