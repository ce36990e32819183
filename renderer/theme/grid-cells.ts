/**
 * The look of the light cells every grid may use (a row's checkbox, a key's status badge): rules on the grid's root,
 * made once per theme, so that a grid's many cells render plain elements with a class and no styling engine runs
 * per cell (see grid-row-checkbox.tsx and key-status-chip.tsx for what that saves).
 */
import { alpha, type Theme } from '@mui/material/styles';
import { ROW_CHECKBOX_CLASS } from '../components/grid-row-checkbox.js';
import { KEY_STATUS_COLOR, STATUS_BADGE_CLASS } from '../components/key-status-chip.js';

type BadgeColor = (typeof KEY_STATUS_COLOR)[keyof typeof KEY_STATUS_COLOR];

/**
 * MUI's small Chip, filled or outlined, in the palette's colours (as @mui/material/Chip draws them), with the
 * font the theme gives chips.
 */
function statusBadgeStyles(theme: Theme, chipText: { fontSize: string; fontWeight: number }) {
  const colors = new Set<BadgeColor>(Object.values(KEY_STATUS_COLOR));
  const rules: Record<string, object> = {
    [`& .${STATUS_BADGE_CLASS}`]: {
      maxWidth: '100%',
      display: 'inline-flex',
      alignItems: 'center',
      height: 24,
      lineHeight: 1.5,
      borderRadius: 16,
      padding: '0 8px',
      boxSizing: 'border-box',
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      whiteSpace: 'nowrap',
      verticalAlign: 'middle',
      fontFamily: theme.typography.fontFamily,
      ...chipText,
    },
  };
  for (const color of colors) {
    const filled =
      color === 'default'
        ? { color: theme.palette.text.primary, backgroundColor: theme.palette.action.selected }
        : { color: theme.palette[color].contrastText, backgroundColor: theme.palette[color].main };
    const outlined =
      color === 'default'
        ? {
            color: theme.palette.text.primary,
            border: `1px solid ${theme.palette.mode === 'light' ? theme.palette.grey[400] : theme.palette.grey[700]}`,
          }
        : { color: theme.palette[color].main, border: `1px solid ${alpha(theme.palette[color].main, 0.7)}` };
    rules[`& .${STATUS_BADGE_CLASS}[data-color="${color}"][data-variant="filled"]`] = filled;
    rules[`& .${STATUS_BADGE_CLASS}[data-color="${color}"][data-variant="outlined"]`] = { ...outlined, padding: '0 7px' };
  }
  return rules;
}

/** A row's checkbox: the size of MUI's small checkbox box, the primary colour when checked, dimmed when it cannot be. */
function rowCheckboxStyles(theme: Theme) {
  return {
    [`& .${ROW_CHECKBOX_CLASS}`]: { display: 'inline-flex', alignItems: 'center', justifyContent: 'center', padding: 4 },
    [`& .${ROW_CHECKBOX_CLASS} input`]: {
      width: 16,
      height: 16,
      margin: 0,
      cursor: 'pointer',
      accentColor: theme.palette.primary.main,
    },
    [`& .${ROW_CHECKBOX_CLASS} input:disabled`]: { cursor: 'default', opacity: theme.palette.action.disabledOpacity },
  };
}

export function gridCellStyles(theme: Theme, chipText: { fontSize: string; fontWeight: number }) {
  return { ...statusBadgeStyles(theme, chipText), ...rowCheckboxStyles(theme) };
}
