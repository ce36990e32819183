/**
 * The Users grid's questions, answered by main over the rows it keeps (userRowsOfIndex): one page for a sort, a
 * column filter and the page's search. The grid used to hold every user's row: at 10x the scale site 50,000 rows,
 * 13.6 MB of JSON and about half a second of the grid's own work each time the page opened (issue 12).
 *
 * The rules are the data grid's own (shared/grid-rows-query.ts). The search finds its phrase in the shown text of a
 * name, e-mail, soonest expiry or last use (userShownTexts), or equals a key count, as the grid's quick filter did.
 */
import { z } from 'zod';
import {
  DATE_OPERATORS,
  MAX_GRID_PAGE_SIZE,
  NUMBER_OPERATORS,
  TEXT_OPERATORS,
  booleanFilter,
  dateFilter,
  gridRowsQuery,
  numberFilter,
  gridRowsSteps,
  textFilter,
  type GridRowsSpec,
  type ColumnKind,
} from './grid-rows-query.js';
import { finishSteps } from './steps.js';
import { LEGACY_EXPIRY_TEXT, NO_DATE_TEXT, type UserRowWire, userRowWire } from './inventory-query.js';
import { utcDay } from './inventory-stats.js';

export const MAX_USER_PAGE_SIZE = MAX_GRID_PAGE_SIZE;

/** What a key column shows for a user whose keys the site does not show: not a blank, not 0. */
export const NOT_VISIBLE_TEXT = 'not visible';

export const USER_SORT_FIELDS = [
  'name',
  'email',
  'disabled',
  'isSiteAdmin',
  'keyCount',
  'soonestExpiry',
  'legacyKeys',
  'lastUse',
] as const;
export type UserSortField = (typeof USER_SORT_FIELDS)[number];

/** The kind of each column (the filter it takes, how it sorts). */
export const USER_COLUMNS: Readonly<Record<UserSortField, ColumnKind>> = {
  name: 'text',
  email: 'text',
  disabled: 'boolean',
  isSiteAdmin: 'boolean',
  keyCount: 'number',
  legacyKeys: 'number',
  soonestExpiry: 'date',
  lastUse: 'date',
};

/** The column filters main applies, by the kind of column (the data grid's operator names). */
export const USER_TEXT_OPERATORS = TEXT_OPERATORS;
export const USER_NUMBER_OPERATORS = NUMBER_OPERATORS;
export const USER_DATE_OPERATORS = DATE_OPERATORS;

/** One column filter (the free data grid has one at a time). A value left out: the filter waits for one. */
export const userColumnFilter = z.discriminatedUnion('kind', [
  textFilter(['name', 'email']),
  booleanFilter(['disabled', 'isSiteAdmin']),
  numberFilter(['keyCount', 'legacyKeys']),
  dateFilter(['soonestExpiry', 'lastUse']),
]);
export type UserColumnFilter = z.infer<typeof userColumnFilter>;

export const userRowsQuery = gridRowsQuery(USER_SORT_FIELDS, userColumnFilter);
export type UserRowsQuery = z.infer<typeof userRowsQuery>;

export const userRowsPage = z.object({
  rows: z.array(userRowWire),
  /** How many users the filter and search leave. */
  total: z.number(),
  /** How many users the site has. */
  users: z.number(),
});
export type UserRowsPage = z.infer<typeof userRowsPage>;

/** What a user's key columns show (a row's dates as instants, or null). */
export interface UserKeyFields {
  readonly keysVisible: boolean;
  readonly keyCount: number | null;
  readonly legacyKeys: number | null;
  readonly soonestExpiry: Date | null;
  readonly lastUse: Date | null;
}

/** A key count as the grid shows it. */
export function keyCountText(row: Pick<UserKeyFields, 'keysVisible'>, count: number | null): string {
  if (!row.keysVisible) return NOT_VISIBLE_TEXT;
  return count === null ? NO_DATE_TEXT : String(count);
}

/**
 * The soonest expiry's words from its instant (NaN: none) and that instant's day as shown: "Expired" once past;
 * only legacy keys: the 19.0 upgrade ends them. The grid's column (Dates) and main's search (ISO texts) both say it.
 */
function soonestWords(row: Pick<UserKeyFields, 'keysVisible' | 'legacyKeys'>, time: number, day: () => string, now: Date): string {
  if (!row.keysVisible) return NOT_VISIBLE_TEXT;
  if (Number.isNaN(time)) return (row.legacyKeys ?? 0) > 0 ? LEGACY_EXPIRY_TEXT : NO_DATE_TEXT;
  return time <= now.getTime() ? `Expired ${day()}` : day();
}

/** The last use's words from its instant (NaN: none) and its day as shown. */
function lastUseWords(row: Pick<UserKeyFields, 'keysVisible'>, time: number, day: () => string): string {
  if (!row.keysVisible) return NOT_VISIBLE_TEXT;
  return Number.isNaN(time) ? NO_DATE_TEXT : day();
}

const timeOfDate = (date: Date | null): number => (date === null ? Number.NaN : date.getTime());

/** The soonest expiry as the grid shows it. */
export function soonestExpiryText(row: UserKeyFields, now: Date): string {
  const time = timeOfDate(row.soonestExpiry);
  return soonestWords(row, time, () => utcDay(time), now);
}

/** The last use as the grid shows it: its UTC day. */
export function lastUseText(row: UserKeyFields): string {
  const time = timeOfDate(row.lastUse);
  return lastUseWords(row, time, () => utcDay(time));
}

const timeOf = (iso: string | null): number => (iso === null ? Number.NaN : Date.parse(iso));

/** An instant's UTC day as the grid shows it; an ISO text in UTC (main's own, toISOString) is read, not parsed. */
function dayText(iso: string): string {
  return iso.length === 24 && iso.charCodeAt(10) === 84 /* T */ && iso.endsWith('Z') ? iso.slice(0, 10) : utcDay(Date.parse(iso));
}

/**
 * The texts of a row the search looks into: what its name, e-mail, soonest expiry and last use columns show, from
 * the row's ISO texts (no Date made, as this runs for every user).
 */
export function userShownTexts(row: UserRowWire, now: Date): readonly string[] {
  const { soonestExpiry, lastUse } = row;
  return [
    row.name,
    row.email ?? '',
    soonestWords(row, timeOf(soonestExpiry), () => dayText(soonestExpiry!), now),
    lastUseWords(row, timeOf(lastUse), () => dayText(lastUse!)),
  ];
}

/** How the Users grid's rows are searched and sorted. */
const USER_ROWS: GridRowsSpec<UserRowWire> = {
  columns: USER_COLUMNS,
  textsPerRow: 4,
  shownTexts: userShownTexts,
  hasNumber: (row, number) => row.keyCount === number || row.legacyKeys === number,
  textsChangeAt: (row) => timeOf(row.soonestExpiry),
};

/** One page of the Users grid: the rows the filter and search leave, in the sort's order. */
export function queryUserRows(rows: readonly UserRowWire[], query: UserRowsQuery, now: Date): UserRowsPage {
  return finishSteps(userRowsPageSteps(rows, query, now));
}

/** The same in steps, for main (gridRowsSteps). */
export function* userRowsPageSteps(rows: readonly UserRowWire[], query: UserRowsQuery, now: Date): Generator<void, UserRowsPage> {
  const { rows: page, total, all } = yield* gridRowsSteps(rows, query, now, USER_ROWS);
  return { rows: page, total, users: all };
}
