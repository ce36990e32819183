import { useState, type ChangeEvent, type ReactNode } from 'react';
import { IconButton, InputAdornment, TextField } from '@mui/material';
import VisibilityIcon from '@mui/icons-material/Visibility';
import VisibilityOffIcon from '@mui/icons-material/VisibilityOff';
import { MAX_KEY_STRING_LENGTH } from '../../../shared/key-string.js';

export interface SecretFieldProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly helperText?: ReactNode;
  readonly error?: boolean;
  readonly autoFocus?: boolean;
  readonly disabled?: boolean;
}

/**
 * A key field: hidden by default with a show/hide toggle, and no autocomplete, spellcheck or autocorrect
 * (spellcheckers and form fillers may send or store what they read).
 */
export function SecretField({ label, value, onChange, helperText, error, autoFocus, disabled }: SecretFieldProps) {
  const [shown, setShown] = useState(false);
  return (
    <TextField
      label={label}
      value={value}
      onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
      type={shown ? 'text' : 'password'}
      autoComplete="off"
      required
      fullWidth
      autoFocus={autoFocus}
      disabled={disabled}
      error={error}
      helperText={helperText}
      slotProps={{
        htmlInput: {
          spellCheck: false,
          autoCapitalize: 'off',
          autoCorrect: 'off',
          maxLength: MAX_KEY_STRING_LENGTH,
          'data-lpignore': 'true',
        },
        input: {
          endAdornment: (
            <InputAdornment position="end">
              <IconButton
                aria-label={shown ? 'Hide key' : 'Show key'}
                onClick={() => setShown((s) => !s)}
                edge="end"
                disabled={disabled}
              >
                {shown ? <VisibilityOffIcon /> : <VisibilityIcon />}
              </IconButton>
            </InputAdornment>
          ),
        },
      }}
    />
  );
}
