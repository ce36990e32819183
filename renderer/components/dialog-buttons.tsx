/** The buttons every form dialog ends with: Cancel, and the action with a spinner while main works on it. */
import { Button, CircularProgress, DialogActions } from '@mui/material';
import type { ReactNode } from 'react';

export interface DialogButtonsProps {
  readonly onCancel: () => void;
  readonly onConfirm: () => void;
  readonly confirmLabel: ReactNode;
  readonly pending: boolean;
  /** The action is not possible yet (e.g. the label to type does not match). */
  readonly disabled?: boolean;
  readonly color?: 'primary' | 'error' | 'warning';
}

export function DialogButtons({
  onCancel,
  onConfirm,
  confirmLabel,
  pending,
  disabled = false,
  color = 'primary',
}: DialogButtonsProps) {
  return (
    <DialogActions>
      <Button onClick={onCancel} disabled={pending}>
        Cancel
      </Button>
      <Button
        variant="contained"
        color={color}
        onClick={onConfirm}
        disabled={pending || disabled}
        startIcon={pending ? <CircularProgress size={16} color="inherit" aria-hidden /> : undefined}
      >
        {confirmLabel}
      </Button>
    </DialogActions>
  );
}
