import { Typography } from '@mui/material';
import { countText } from '../../shared/count-text.js';

/** What leaves fewer rows than there are, in words. */
function narrowedBy(query: { readonly search?: string; readonly filter?: unknown }): string {
  if (query.search && query.filter) return 'the search and the filter';
  return query.search ? 'the search' : 'the filter';
}

/**
 * Above a grid main pages: how many rows there are, and how many the search or the filter leaves ("130 devices ·
 * 7 match the search"), as the grid's own footer counts only a page's worth of them.
 */
export function GridCount({
  noun,
  all,
  total,
  query,
}: {
  /** One of the rows: "device", "user". */
  readonly noun: string;
  readonly all: number;
  /** How many the search and the filter leave. */
  readonly total: number;
  readonly query: { readonly search?: string; readonly filter?: unknown };
}) {
  return (
    <Typography variant="body2" color="text.secondary">
      {countText(all, noun)}
      {total !== all && ` · ${countText(total, 'matches', 'match')} ${narrowedBy(query)}`}
    </Typography>
  );
}
