import { Alert, Box, Button, Typography } from '@mui/material';
import type { KeyOwner } from '../../../shared/ipc-contract.js';
import type { KeyRecord } from '../../../shared/inventory.js';
import { revokeKey, useReloadInventory } from '../../api/inventory.js';
import { ConfirmationDialog } from './confirmation-dialog.js';

export interface RevokeDialogProps {
  readonly owner: KeyOwner;
  readonly keyRecord: KeyRecord;
  readonly onClose: () => void;
  readonly onRevoked: (outcome: { alreadyGone: boolean }) => void;
  /** For the key Keywarden itself uses: start the safe order (a new key first) instead. */
  readonly onCreateNewKey?: () => void;
}

/** Revokes one key with main's confirmation; warns first when it is the key Keywarden is connected with. */
export function RevokeDialog({ owner, keyRecord, onClose, onRevoked, onCreateNewKey }: RevokeDialogProps) {
  const reload = useReloadInventory();
  return (
    <ConfirmationDialog
      action="revoke-key"
      targets={[keyRecord.id]}
      fallbackTitle={`Revoke ${keyRecord.label}`}
      confirmLabel="Revoke key"
      onConfirm={async (confirmation) => {
        const outcome = await revokeKey(owner, keyRecord.id, confirmation.id);
        void reload();
        onRevoked(outcome);
      }}
      onClose={onClose}
    >
      {keyRecord.isAppKey && (
        <Alert severity="warning">
          <Typography sx={{ mb: 1 }}>
            Keywarden is connected to this site with this key. Revoking it disconnects Keywarden: it can no longer read or change
            anything here.
          </Typography>
          <Typography>The safe order:</Typography>
          <Box component="ol" sx={{ my: 0.5, pl: 3 }}>
            <li>Create a new key.</li>
            <li>Switch Keywarden to it on the Connect page.</li>
            <li>Revoke this key.</li>
          </Box>
          {onCreateNewKey && (
            <Button variant="outlined" color="inherit" size="small" onClick={onCreateNewKey}>
              Create a new key
            </Button>
          )}
        </Alert>
      )}
    </ConfirmationDialog>
  );
}
