import { DialogButtons } from './dialog-buttons.js';
import { useId } from 'react';
import { Alert, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import { FormDialog } from './form-dialog.js';
import type { SiteSummary } from '../../shared/ipc-contract.js';
import { useForgetSite } from '../api/key-admin.js';

export interface ForgetSiteDialogProps {
  /** The site to forget; the dialog is open while this is set. */
  readonly site: SiteSummary | null;
  readonly onClose: () => void;
}

/** Confirms before forgetting a site, and says what goes with it (its key, its inventory, its migration progress). */
export function ForgetSiteDialog({ site, onClose }: ForgetSiteDialogProps) {
  const forget = useForgetSite();
  const titleId = useId();
  const textId = useId();

  const close = () => {
    if (forget.isPending) return;
    forget.reset();
    onClose();
  };

  const confirm = () => {
    if (!site) return;
    forget.mutate(site.id, {
      onSuccess: () => {
        forget.reset();
        onClose();
      },
    });
  };

  return (
    <FormDialog
      open={site !== null}
      onSubmit={confirm}
      canSubmit={!forget.isPending}
      onClose={close}
      aria-labelledby={titleId}
      aria-describedby={textId}
    >
      <DialogTitle id={titleId}>Forget {site?.name ?? 'this site'}?</DialogTitle>
      <DialogContent>
        <DialogContentText id={textId}>
          Keywarden will remove {site ? `${site.name} (${site.origin})` : 'this site'} from this computer, with its stored key,
          its saved inventory and its migration progress. Nothing changes on the site: the key stays valid there, and to connect
          again you will need to enter it again.
        </DialogContentText>
        {forget.error && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {forget.error.message}
          </Alert>
        )}
      </DialogContent>
      <DialogButtons onCancel={close} confirmLabel="Forget site and key" pending={forget.isPending} color="error" />
    </FormDialog>
  );
}
