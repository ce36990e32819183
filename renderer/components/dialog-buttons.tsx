/**
 * The buttons every form dialog ends with: Cancel, and the action with a spinner while main works on it. In a
 * FormDialog the action is the form's submit button (no `onConfirm`), so Enter in a field does what it does.
 */
import { Button, CircularProgress, DialogActions } from '@mui/material';
import type { ReactNode } from 'react';

export interface DialogButtonsProps {
  readonly onCancel: () => void;
  /** Without it, the action button submits the form around it (a FormDialog's `onSubmit`). */
  readonly onConfirm?: () => void;
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
        type={onConfirm ? 'button' : 'submit'}
        onClick={onConfirm}
        disabled={pending || disabled}
        startIcon={pending ? <CircularProgress size={16} color="inherit" aria-hidden /> : undefined}
      >
        {confirmLabel}
      </Button>
    </DialogActions>
  );
}
