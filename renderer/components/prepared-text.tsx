/**
 * A prepared text (a support request, a message to a key's owner) to read and copy. Copying uses the page's
 * clipboard, and where that is refused (the desktop window grants the page no permissions) asks main to copy it;
 * where both fail, the text is selected so the admin copies it with the keyboard, and the page says so.
 */
import { useRef, useState } from 'react';
import { Alert, Box, Button, TextField, Typography } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { callKeyAdmin } from '../api/key-admin.js';

export interface PreparedTextProps {
  /** Names the text field, e.g. "Support request". */
  readonly label: string;
  readonly text: string;
}

export function PreparedText({ label, text }: PreparedTextProps) {
  const field = useRef<HTMLTextAreaElement | null>(null);
  const [outcome, setOutcome] = useState<'copied' | 'failed' | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setOutcome('copied');
      return;
    } catch {
      // Refused here: main copies it instead.
    }
    try {
      await callKeyAdmin((api) => api.clipboard.copyText({ text }));
      setOutcome('copied');
    } catch {
      setOutcome('failed');
      field.current?.focus();
      field.current?.select();
    }
  };

  return (
    <Box>
      <TextField
        label={label}
        value={text}
        multiline
        fullWidth
        minRows={4}
        maxRows={14}
        inputRef={field}
        slotProps={{ htmlInput: { readOnly: true, spellCheck: false }, inputLabel: { shrink: true } }}
        sx={{ '& textarea': { fontSize: '0.8125rem' } }}
      />
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, mt: 1 }}>
        <Button size="small" variant="outlined" startIcon={<ContentCopyIcon aria-hidden />} onClick={() => void copy()}>
          Copy
        </Button>
        {outcome === 'copied' && (
          <Typography role="status" variant="body2" color="success.main">
            Copied to the clipboard.
          </Typography>
        )}
      </Box>
      {outcome === 'failed' && (
        <Alert severity="warning" sx={{ mt: 1 }}>
          Keywarden could not copy the text here. It is selected in the box above: press Ctrl+C (⌘C on a Mac) to copy it.
        </Alert>
      )}
    </Box>
  );
}
