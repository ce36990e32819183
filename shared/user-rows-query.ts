/**
 * The Users grid's questions, answered by main over the rows it keeps (userRowsOfIndex): one page for a sort, a
 * column filter and the page's search. The grid used to hold every user's row: at 10x the scale site 50,000 rows,
 * 13.6 MB of JSON and about half a second of the grid's own work each time the page opened (issue 12).
 *
 * The rules are the data grid's own, operator by operator, as it applied them to the rows in the renderer, with one
 * difference: a date filter compares the UTC day the grid shows, not the local day. The search finds its phrase in
 * the shown text of a name, e-mail, soonest expiry or last use (userShownTexts), or equals a key count, as the grid's
 * quick filter did.
 */
import { z } from 'zod';
import {
  LEGACY_EXPIRY_TEXT,
  NO_DATE_TEXT,
  SEPARATOR,
  haystackOf,
  markMatches,
  searchText,
  type Haystack,
  type UserRowWire,
  userRowWire,
} from './inventory-query.js';
import { escapeRegExp, phraseMatcher, phrasePattern, utcDay } from './inventory-stats.js';
import { calendarDay } from './time.js';

export const MAX_USER_PAGE_SIZE = 100;

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

/** The column filters main applies, by the kind of column (the data grid's operator names). */
export const USER_TEXT_OPERATORS = [
  'contains',
  'doesNotContain',
  'equals',
  'doesNotEqual',
  'startsWith',
  'endsWith',
  'isEmpty',
  'isNotEmpty',
] as const;
export const USER_NUMBER_OPERATORS = ['=', '!=', '>', '>=', '<', '<=', 'isEmpty', 'isNotEmpty'] as const;
export const USER_DATE_OPERATORS = ['is', 'not', 'after', 'onOrAfter', 'before', 'onOrBefore', 'isEmpty', 'isNotEmpty'] as const;

/** One column filter (the free data grid has one at a time). A value left out: the filter waits for one. */
export const userColumnFilter = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('text'),
    field: z.enum(['name', 'email']),
    operator: z.enum(USER_TEXT_OPERATORS),
    value: z.string().max(200).optional(),
  }),
  z.strictObject({ kind: z.literal('boolean'), field: z.enum(['disabled', 'isSiteAdmin']), operator: z.literal('is'), value: z.boolean().optional() }),
  z.strictObject({
    kind: z.literal('number'),
    field: z.enum(['keyCount', 'legacyKeys']),
    operator: z.enum(USER_NUMBER_OPERATORS),
    value: z.number().finite().optional(),
  }),
  z.strictObject({
    kind: z.literal('date'),
    field: z.enum(['soonestExpiry', 'lastUse']),
    operator: z.enum(USER_DATE_OPERATORS),
    value: calendarDay.optional(),
  }),
]);
export type UserColumnFilter = z.infer<typeof userColumnFilter>;

export const userRowsQuery = z.strictObject({
  page: z.number().int().min(0).max(10_000_000),
  pageSize: z.number().int().min(1).max(MAX_USER_PAGE_SIZE),
  /** Absent: the site's own order of its users. */
  sort: z.strictObject({ field: z.enum(USER_SORT_FIELDS), direction: z.enum(['asc', 'desc']) }).optional(),
  filter: userColumnFilter.optional(),
  /** One phrase of whole words (the page's search box). */
  search: searchText.optional(),
});
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

// --- Filters: the data grid's rules, per operator (its gridStringOperators, gridNumericOperators,
// gridBooleanOperators, gridDateOperators). A filter that lacks its value leaves every row.

const equalText = new Intl.Collator(undefined, { sensitivity: 'base', usage: 'search' });

type RowTest = (row: UserRowWire) => boolean;

function textTest(filter: Extract<UserColumnFilter, { kind: 'text' }>): RowTest | null {
  const valueOf = (row: UserRowWire): string | null => row[filter.field];
  if (filter.operator === 'isEmpty' || filter.operator === 'isNotEmpty') {
    const empty = filter.operator === 'isEmpty';
    return (row) => {
      const value = valueOf(row);
      return (value === null || value === '') === empty;
    };
  }
  const wanted = filter.value?.trim();
  if (!wanted) return null;
  const pattern = (source: string) => new RegExp(source, 'i');
  switch (filter.operator) {
    case 'contains':
    case 'doesNotContain': {
      const negate = filter.operator === 'doesNotContain';
      const found = pattern(escapeRegExp(wanted));
      return (row) => {
        const value = valueOf(row);
        return value === null ? negate : found.test(value) !== negate;
      };
    }
    case 'equals':
    case 'doesNotEqual': {
      const negate = filter.operator === 'doesNotEqual';
      return (row) => {
        const value = valueOf(row);
        return value === null ? negate : (equalText.compare(wanted, value) === 0) !== negate;
      };
    }
    case 'startsWith':
    case 'endsWith': {
      const found = pattern(filter.operator === 'startsWith' ? `^${escapeRegExp(wanted)}` : `${escapeRegExp(wanted)}$`);
      return (row) => {
        const value = valueOf(row);
        return value !== null && found.test(value);
      };
    }
  }
}

function numberTest(filter: Extract<UserColumnFilter, { kind: 'number' }>): RowTest | null {
  const valueOf = (row: UserRowWire): number | null => row[filter.field];
  if (filter.operator === 'isEmpty') return (row) => valueOf(row) === null;
  if (filter.operator === 'isNotEmpty') return (row) => valueOf(row) !== null;
  const wanted = filter.value;
  if (wanted === undefined) return null;
  switch (filter.operator) {
    case '=':
      return (row) => valueOf(row) === wanted;
    case '!=':
      return (row) => valueOf(row) !== wanted;
    case '>':
      return (row) => (valueOf(row) ?? Number.NaN) > wanted;
    case '>=':
      return (row) => (valueOf(row) ?? Number.NaN) >= wanted;
    case '<':
      return (row) => (valueOf(row) ?? Number.NaN) < wanted;
    case '<=':
      return (row) => (valueOf(row) ?? Number.NaN) <= wanted;
  }
}

function dateTest(filter: Extract<UserColumnFilter, { kind: 'date' }>): RowTest | null {
  const dayOf = (row: UserRowWire): string | null => {
    const time = timeOf(row[filter.field]);
    return Number.isNaN(time) ? null : utcDay(time);
  };
  if (filter.operator === 'isEmpty') return (row) => dayOf(row) === null;
  if (filter.operator === 'isNotEmpty') return (row) => dayOf(row) !== null;
  const wanted = filter.value;
  if (wanted === undefined) return null;
  // Days as YYYY-MM-DD compare as texts. A row without the date matches none of these.
  const compare: Record<typeof filter.operator, (day: string) => boolean> = {
    is: (day) => day === wanted,
    not: (day) => day !== wanted,
    after: (day) => day > wanted,
    onOrAfter: (day) => day >= wanted,
    before: (day) => day < wanted,
    onOrBefore: (day) => day <= wanted,
  };
  const test = compare[filter.operator];
  return (row) => {
    const day = dayOf(row);
    return day !== null && test(day);
  };
}

/** The rows a column filter leaves (null: every row). */
function userFilterTest(filter: UserColumnFilter): RowTest | null {
  switch (filter.kind) {
    case 'text':
      return textTest(filter);
    case 'boolean': {
      const wanted = filter.value;
      return wanted === undefined ? null : (row) => row[filter.field] === wanted;
    }
    case 'number':
      return numberTest(filter);
    case 'date':
      return dateTest(filter);
  }
}

/** How many shown texts each row has (userShownTexts). */
const TEXTS_PER_ROW = 4;

/**
 * Every row's shown texts in one haystack (one scan of the search's pattern finds the rows: inventory-query.ts),
 * made at the first search of a set of rows and kept while its texts hold: a soonest expiry reads "Expired" from
 * its instant on, so until the next such instant after it was made. Made per search, the texts took 100-200 ms
 * for the 50,000 users of 10x the scale site.
 */
interface ShownTexts {
  readonly haystack: Haystack;
  readonly madeAt: number;
  readonly validUntil: number;
}
const shownTexts = new WeakMap<readonly UserRowWire[], ShownTexts>();

function shownTextsOf(rows: readonly UserRowWire[], now: Date): Haystack {
  const time = now.getTime();
  const kept = shownTexts.get(rows);
  if (kept && time >= kept.madeAt && time < kept.validUntil) return kept.haystack;
  const texts: string[] = [];
  let validUntil = Number.POSITIVE_INFINITY;
  for (const row of rows) {
    for (const text of userShownTexts(row, now)) texts.push(text);
    const soonest = timeOf(row.soonestExpiry);
    if (soonest > time && soonest < validUntil) validUntil = soonest;
  }
  const haystack = haystackOf(texts);
  shownTexts.set(rows, { haystack, madeAt: time, validUntil });
  return haystack;
}

/**
 * The rows the search finds, by place (null: every row): the phrase in one of a row's shown texts, or a key count
 * equal to it, as the grid's quick filter searched its number columns.
 */
function searchHits(rows: readonly UserRowWire[], search: string, now: Date): Uint8Array | null {
  const matches = phraseMatcher(search);
  const global = phrasePattern(search, true);
  if (!matches || !global) return null;
  let textHits: Uint8Array;
  if (search.includes(SEPARATOR)) {
    // A phrase holding the separator (only a direct caller can pass one): each text tested alone.
    textHits = Uint8Array.from(rows.flatMap((row) => userShownTexts(row, now)), (text) => (matches(text) ? 1 : 0));
  } else {
    textHits = new Uint8Array(rows.length * TEXTS_PER_ROW);
    markMatches(shownTextsOf(rows, now), global, textHits);
  }
  const number = Number(search.trim());
  const counts = Number.isNaN(number) ? null : number;
  const hits = new Uint8Array(rows.length);
  for (let k = 0; k < rows.length; k += 1) {
    const row = rows[k]!;
    const at = k * TEXTS_PER_ROW;
    const text = textHits[at]! | textHits[at + 1]! | textHits[at + 2]! | textHits[at + 3]!;
    hits[k] = text === 1 || (counts !== null && (row.keyCount === counts || row.legacyKeys === counts)) ? 1 : 0;
  }
  return hits;
}

// --- Sorting: the data grid's comparators (no value first, then texts by the collator, numbers and instants by
// value, false before true); rows that compare equal keep the site's order, in either direction.

const collator = new Intl.Collator();

function sortKeyOf(row: UserRowWire, field: UserSortField): string | number | null {
  switch (field) {
    case 'name':
    case 'email':
      return row[field];
    case 'disabled':
    case 'isSiteAdmin':
      return row[field] ? 1 : 0;
    case 'keyCount':
    case 'legacyKeys':
      return row[field];
    case 'soonestExpiry':
    case 'lastUse': {
      const time = timeOf(row[field]);
      return Number.isNaN(time) ? null : time;
    }
  }
}

function compareKeys(a: string | number | null, b: string | number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (typeof a === 'string' && typeof b === 'string') return collator.compare(a, b);
  return (a as number) - (b as number);
}

/** Each sort's order of a set of rows, made at its first question and kept as long as the rows are. */
const orders = new WeakMap<readonly UserRowWire[], Map<string, Int32Array>>();

function orderOf(rows: readonly UserRowWire[], sort: NonNullable<UserRowsQuery['sort']>): Int32Array {
  let byName = orders.get(rows);
  if (!byName) {
    byName = new Map();
    orders.set(rows, byName);
  }
  const name = `${sort.field}:${sort.direction}`;
  let order = byName.get(name);
  if (!order) {
    const keys = rows.map((row) => sortKeyOf(row, sort.field));
    const sign = sort.direction === 'asc' ? 1 : -1;
    const places = Array.from(rows, (_row, at) => at);
    // Array#sort is stable: rows that compare equal stay in the site's order, either way.
    places.sort((a, b) => sign * compareKeys(keys[a]!, keys[b]!));
    order = Int32Array.from(places);
    byName.set(name, order);
  }
  return order;
}

/** One page of the Users grid: the rows the filter and search leave, in the sort's order. */
export function queryUserRows(rows: readonly UserRowWire[], query: UserRowsQuery, now: Date): UserRowsPage {
  const filter = query.filter ? userFilterTest(query.filter) : null;
  const found = query.search ? searchHits(rows, query.search, now) : null;
  const from = query.page * query.pageSize;
  const to = from + query.pageSize;
  const page: UserRowWire[] = [];
  let total = 0;
  const order = query.sort ? orderOf(rows, query.sort) : null;
  for (let k = 0; k < rows.length; k += 1) {
    const at = order ? order[k]! : k;
    const row = rows[at]!;
    if ((found && found[at] === 0) || (filter && !filter(row))) continue;
    if (total >= from && total < to) page.push(row);
    total += 1;
  }
  return { rows: page, total, users: rows.length };
}
