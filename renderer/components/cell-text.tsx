/**
 * A grid cell's text that may be cut short to fit its column (an owner's long name): one line ending in "…", the
 * whole text on hover (title) and for assistive technology (the DOM holds all of it).
 */
import { memo, type CSSProperties, type ReactNode } from 'react';

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

/**
 * A grid renders its cells again whenever any of its props changes (new rows included): the cell's text is a
 * plain span with a fixed style (no styling engine at work per cell), and renders only when its text does.
 */
export const CellText = memo(function CellText({ text, children }: { readonly text: string; readonly children?: ReactNode }) {
  return (
    <span title={text} style={ellipsisSx as CSSProperties}>
      {children ?? text}
    </span>
  );
});

/** "Yes" where a yes/no column is yes, and nothing otherwise: a column of "no" marks hides the few that matter. */
export const YesCell = memo(function YesCell({ value }: { readonly value: unknown }) {
  return value === true ? <>Yes</> : null;
});
