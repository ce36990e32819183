/**
 * A dialog that is one form (issue 10, "Enter submits every form"): its paper is the `<form>`, so Enter in any of
 * its text fields submits it, as the dialog's primary button (`type="submit"`, see DialogButtons) does. The browser
 * submits on Enter only while that button is enabled (HTML's implicit submission skips a disabled default button);
 * `canSubmit` says the same to the handler, so no other path (an older engine, a test double) gets round it.
 */
import type { SyntheticEvent } from 'react';
import { Dialog, type DialogProps } from '@mui/material';

export interface FormDialogProps extends Omit<DialogProps, 'onSubmit' | 'open'> {
  /** Open unless said otherwise: most form dialogs are mounted only while they show. */
  readonly open?: boolean;
  /** The primary action: Enter in a field or the submit button. */
  readonly onSubmit: () => void;
  /** False while the primary action is not possible (its button disabled, main at work). */
  readonly canSubmit?: boolean;
}

export function FormDialog({ onSubmit, canSubmit = true, open = true, slotProps, ...props }: FormDialogProps) {
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    // A dialog is rendered in a portal, but React still bubbles its submit to the forms around the component that
    // opened it (a dialog opened from inside another form): this submit is this dialog's alone.
    event.stopPropagation();
    if (canSubmit) onSubmit();
  };
  // The paper's props as MUI's form dialog example gives them (its types know only a div's attributes).
  const paper = { component: 'form' as const, noValidate: true, onSubmit: submit };
  return <Dialog open={open} {...props} slotProps={{ ...slotProps, paper }} />;
}
