/**
 * A grid cell's text that may be cut short to fit its column (an owner's long name): one line ending in "…", the
 * whole text on hover (title) and for assistive technology (the DOM holds all of it).
 */
import type { ReactNode } from 'react';
import { Box } from '@mui/material';

export const ellipsisSx = {
  display: 'block',
  minWidth: 0,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
} as const;

/** The same for a link or button in a cell: one line, "…", kept on the cell's middle line. */
export const linkEllipsisSx = {
  display: 'inline-block',
  maxWidth: '100%',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
  verticalAlign: 'middle',
} as const;

export function CellText({ text, children }: { readonly text: string; readonly children?: ReactNode }) {
  return (
    <Box component="span" title={text} sx={ellipsisSx}>
      {children ?? text}
    </Box>
  );
}

/** "Yes" where a yes/no column is yes, and nothing otherwise: a column of "no" marks hides the few that matter. */
export function YesCell({ value }: { readonly value: unknown }) {
  return value === true ? <>Yes</> : null;
}
