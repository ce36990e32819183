/**
 * A data grid in server mode, answered by main over rows it keeps (issue 12): one page for a sort, one column filter
 * and the page's search. The Users grid and the Devices grid each held every row in the renderer (50,000 users and
 * 10,000 devices at 10x the scale site): their rows crossed as JSON and the grid sorted and filtered them itself each
 * time the page opened. Each grid names its columns here (a GridRowsSpec) and main answers its questions.
 *
 * The rules are the data grid's own, operator by operator, as it applied them to the rows in the renderer
 * (gridStringOperators, gridNumericOperators, gridBooleanOperators, gridDateOperators, gridSingleSelectOperators),
 * with one difference: a date filter compares the UTC day the grid shows, not the local day. The search finds its
 * phrase in a row's shown texts, or a number equal to it, as the grid's quick filter did.
 */
import { z } from 'zod';
import { SEPARATOR, haystackSteps, markMatches, searchText, type Haystack } from './inventory-query.js';
import { SharedSteps, finishSteps, sortInSteps } from './steps.js';
import { escapeRegExp, phraseMatcher, phrasePattern, utcDay } from './inventory-stats.js';
import { calendarDay } from './time.js';

/** A page holds at most this many rows (the grids offer 25, 50 and 100). */
export const MAX_GRID_PAGE_SIZE = 100;

/** The column filters main applies, by the kind of column (the data grid's operator names). */
export const TEXT_OPERATORS = [
  'contains',
  'doesNotContain',
  'equals',
  'doesNotEqual',
  'startsWith',
  'endsWith',
  'isEmpty',
  'isNotEmpty',
] as const;
export const NUMBER_OPERATORS = ['=', '!=', '>', '>=', '<', '<=', 'isEmpty', 'isNotEmpty'] as const;
export const DATE_OPERATORS = ['is', 'not', 'after', 'onOrAfter', 'before', 'onOrBefore', 'isEmpty', 'isNotEmpty'] as const;
export const SELECT_OPERATORS = ['is', 'not', 'isAnyOf'] as const;

type Fields = readonly [string, ...string[]];
/** The longest text a column filter takes. */
export const FILTER_TEXT_MAX = 200;

/** A filter on text columns: a value left out (or blank) waits for one, and leaves every row. */
export const textFilter = <F extends Fields>(fields: F) =>
  z.strictObject({
    kind: z.literal('text'),
    field: z.enum(fields),
    operator: z.enum(TEXT_OPERATORS),
    value: z.string().max(FILTER_TEXT_MAX).optional(),
  });
export const booleanFilter = <F extends Fields>(fields: F) =>
  z.strictObject({ kind: z.literal('boolean'), field: z.enum(fields), operator: z.literal('is'), value: z.boolean().optional() });
export const numberFilter = <F extends Fields>(fields: F) =>
  z.strictObject({
    kind: z.literal('number'),
    field: z.enum(fields),
    operator: z.enum(NUMBER_OPERATORS),
    value: z.number().finite().optional(),
  });
/** A filter on date columns: the value is a day, compared with the UTC day a row's date shows. */
export const dateFilter = <F extends Fields>(fields: F) =>
  z.strictObject({
    kind: z.literal('date'),
    field: z.enum(fields),
    operator: z.enum(DATE_OPERATORS),
    value: calendarDay.optional(),
  });
/**
 * A filter on a column of date and time: the value is an instant at a whole minute (the renderer reads the admin's
 * local date and time as the grid did); `is` and `not` compare a row's instant cut to its minute, the others the
 * instant itself, as the grid's dateTime operators do.
 */
export const dateTimeFilter = <F extends Fields>(fields: F) =>
  z.strictObject({
    kind: z.literal('dateTime'),
    field: z.enum(fields),
    operator: z.enum(DATE_OPERATORS),
    value: z.iso
      .datetime({ offset: false })
      .refine((iso) => Date.parse(iso) % MINUTE_MS === 0, 'an instant at a whole minute')
      .optional(),
  });
/** A filter on a column of a few values: `isAnyOf` takes a list (an empty list leaves every row, as in the grid). */
export const selectFilter = <F extends Fields, V extends Fields>(fields: F, values: V) =>
  z.discriminatedUnion('operator', [
    z.strictObject({
      kind: z.literal('select'),
      field: z.enum(fields),
      operator: z.enum(['is', 'not']),
      value: z.enum(values).optional(),
    }),
    z.strictObject({
      kind: z.literal('select'),
      field: z.enum(fields),
      operator: z.literal('isAnyOf'),
      value: z.array(z.enum(values)).max(values.length).optional(),
    }),
  ]);

const MINUTE_MS = 60_000;

/** A grid's question: a page, and optionally a sort, one column filter and the search. */
export const gridRowsQuery = <S extends Fields, F extends z.ZodType>(sortFields: S, filter: F) =>
  z.strictObject({
    page: z.number().int().min(0).max(10_000_000),
    pageSize: z.number().int().min(1).max(MAX_GRID_PAGE_SIZE),
    /** Absent: the site's own order. */
    sort: z.strictObject({ field: z.enum(sortFields), direction: z.enum(['asc', 'desc']) }).optional(),
    filter: filter.optional(),
    /** One phrase of whole words (the page's search box). */
    search: searchText.optional(),
  });

/** Any one column filter, as the schemas above make them. */
export type ColumnFilter =
  | { readonly kind: 'text'; readonly field: string; readonly operator: (typeof TEXT_OPERATORS)[number]; readonly value?: string }
  | { readonly kind: 'boolean'; readonly field: string; readonly operator: 'is'; readonly value?: boolean }
  | {
      readonly kind: 'number';
      readonly field: string;
      readonly operator: (typeof NUMBER_OPERATORS)[number];
      readonly value?: number;
    }
  | {
      readonly kind: 'date' | 'dateTime';
      readonly field: string;
      readonly operator: (typeof DATE_OPERATORS)[number];
      readonly value?: string;
    }
  | { readonly kind: 'select'; readonly field: string; readonly operator: 'is' | 'not'; readonly value?: string }
  | { readonly kind: 'select'; readonly field: string; readonly operator: 'isAnyOf'; readonly value?: readonly string[] };

export interface GridQuery {
  readonly page: number;
  readonly pageSize: number;
  readonly sort?: { readonly field: string; readonly direction: 'asc' | 'desc' };
  readonly filter?: ColumnFilter;
  readonly search?: string;
}

/** The kind of a column main filters and sorts: which filter it takes, and how it sorts. */
export type ColumnKind = ColumnFilter['kind'];

/**
 * What main needs to know of a grid's rows. Fields are read by name (`row[field]`): texts sort by the collator
 * (a single-select column by its value, as the grid sorts it), numbers and instants (ISO texts) by value, false
 * before true.
 */
export interface GridRowsSpec<R> {
  /** Each column main filters and sorts by, and its kind. */
  readonly columns: Readonly<Record<string, ColumnKind>>;
  /** How many texts `shownTexts` gives per row (always that many). */
  readonly textsPerRow: number;
  /** What the searched columns show for a row, `textsPerRow` of them. */
  readonly shownTexts: (row: R, now: Date) => readonly string[];
  /** Whether one of a row's searched numbers equals `number` (the grid's quick filter on number columns). */
  readonly hasNumber: (row: R, number: number) => boolean;
  /**
   * The instant from which one of the row's shown texts reads otherwise (a soonest expiry turns "Expired"), NaN
   * where none: texts made before it are kept until then.
   */
  readonly textsChangeAt: (row: R) => number;
}

export interface GridRowsPage<R> {
  readonly rows: R[];
  /** How many rows the filter and search leave. */
  readonly total: number;
  /** How many rows there are. */
  readonly all: number;
}

/** A page of the grid: the rows the filter and search leave, in the sort's order. */
export function queryGridRows<R>(rows: readonly R[], query: GridQuery, now: Date, spec: GridRowsSpec<R>): GridRowsPage<R> {
  return finishSteps(gridRowsSteps(rows, query, now, spec));
}

/**
 * The same, in steps: the search's texts and a sort's order are made at the first question that needs them (for
 * 50,000 users 100-270 ms and 50-100 ms at once), and each question asked meanwhile shares that making.
 */
export function* gridRowsSteps<R>(
  rows: readonly R[],
  query: GridQuery,
  now: Date,
  spec: GridRowsSpec<R>,
): Generator<void, GridRowsPage<R>> {
  const filter = query.filter ? filterTest<R>(query.filter) : null;
  const found = query.search ? yield* searchHits(rows, query.search, now, spec) : null;
  const order = query.sort ? yield* orderOf(rows, query.sort, spec) : null;
  const from = query.page * query.pageSize;
  const to = from + query.pageSize;
  const page: R[] = [];
  let total = 0;
  for (let k = 0; k < rows.length; k += 1) {
    const at = order ? order[k]! : k;
    const row = rows[at]!;
    if ((found && found[at] === 0) || (filter && !filter(row))) continue;
    if (total >= from && total < to) page.push(row);
    total += 1;
  }
  return { rows: page, total, all: rows.length };
}

/** Rows whose shown texts, or whose sort keys, are made per step. */
const ROWS_PER_STEP = 10_000;

// --- Filters: the data grid's rules, per operator. A filter that lacks its value leaves every row.

type RowTest<R> = (row: R) => boolean;
const fieldOf =
  <T>(field: string) =>
  (row: unknown): T =>
    (row as Record<string, T>)[field]!;

const equalText = new Intl.Collator(undefined, { sensitivity: 'base', usage: 'search' });

function textTest<R>(filter: Extract<ColumnFilter, { kind: 'text' }>): RowTest<R> | null {
  const valueOf = fieldOf<string | null>(filter.field);
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

function numberTest<R>(filter: Extract<ColumnFilter, { kind: 'number' }>): RowTest<R> | null {
  const valueOf = fieldOf<number | null>(filter.field);
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

const timeOf = (iso: string | null): number => (iso === null ? Number.NaN : Date.parse(iso));

/**
 * A date column compares days (YYYY-MM-DD compare as texts); a date-and-time column instants, `is` and `not` at
 * the minute. A row without the date matches none of the comparisons.
 */
function dateTest<R>(filter: Extract<ColumnFilter, { kind: 'date' | 'dateTime' }>): RowTest<R> | null {
  const valueOf = fieldOf<string | null>(filter.field);
  if (filter.operator === 'isEmpty') return (row) => Number.isNaN(timeOf(valueOf(row)));
  if (filter.operator === 'isNotEmpty') return (row) => !Number.isNaN(timeOf(valueOf(row)));
  if (filter.value === undefined) return null;
  type Comparable = string | number;
  let wanted: Comparable;
  let rowValue: (time: number) => Comparable;
  if (filter.kind === 'date') {
    wanted = filter.value;
    rowValue = utcDay;
  } else {
    wanted = Date.parse(filter.value);
    const atMinute = filter.operator === 'is' || filter.operator === 'not';
    rowValue = atMinute ? (time) => Math.floor(time / MINUTE_MS) * MINUTE_MS : (time) => time;
  }
  const compare: Record<typeof filter.operator, (value: Comparable) => boolean> = {
    is: (value) => value === wanted,
    not: (value) => value !== wanted,
    after: (value) => value > wanted,
    onOrAfter: (value) => value >= wanted,
    before: (value) => value < wanted,
    onOrBefore: (value) => value <= wanted,
  };
  const test = compare[filter.operator];
  return (row) => {
    const time = timeOf(valueOf(row));
    return !Number.isNaN(time) && test(rowValue(time));
  };
}

function selectTest<R>(filter: Extract<ColumnFilter, { kind: 'select' }>): RowTest<R> | null {
  const valueOf = fieldOf<string>(filter.field);
  if (filter.operator === 'isAnyOf') {
    const wanted = new Set(filter.value ?? []);
    return wanted.size === 0 ? null : (row) => wanted.has(valueOf(row));
  }
  const wanted = filter.value;
  if (wanted === undefined) return null;
  const negate = filter.operator === 'not';
  return (row) => (valueOf(row) === wanted) !== negate;
}

/** The rows a column filter leaves (null: every row). */
function filterTest<R>(filter: ColumnFilter): RowTest<R> | null {
  switch (filter.kind) {
    case 'text':
      return textTest(filter);
    case 'boolean': {
      const { value } = filter;
      const valueOf = fieldOf<boolean>(filter.field);
      return value === undefined ? null : (row) => valueOf(row) === value;
    }
    case 'number':
      return numberTest(filter);
    case 'date':
    case 'dateTime':
      return dateTest(filter);
    case 'select':
      return selectTest(filter);
  }
}

// --- The search: every row's shown texts in one haystack (one scan of the search's pattern finds the rows:
// inventory-query.ts), made at the first search of a set of rows and kept while its texts hold: a soonest expiry
// reads "Expired" from its instant on, so until the next such instant after it was made. Made per search, the
// texts took 100-200 ms for the 50,000 users of 10x the scale site.

interface ShownTexts {
  readonly madeAt: number;
  readonly making: SharedSteps<{ readonly haystack: Haystack; readonly validUntil: number }>;
}
const shownTexts = new WeakMap<readonly unknown[], ShownTexts>();

function* shownTextsOf<R>(rows: readonly R[], now: Date, spec: GridRowsSpec<R>): Generator<void, Haystack> {
  const time = now.getTime();
  const kept = shownTexts.get(rows);
  if (kept && time >= kept.madeAt) {
    const made = yield* kept.making.steps();
    if (time < made.validUntil) return made.haystack;
  }
  const making = new SharedSteps(madeShownTexts(rows, now, spec));
  shownTexts.set(rows, { madeAt: time, making });
  return (yield* making.steps()).haystack;
}

function* madeShownTexts<R>(rows: readonly R[], now: Date, spec: GridRowsSpec<R>) {
  const time = now.getTime();
  const texts: string[] = [];
  let validUntil = Number.POSITIVE_INFINITY;
  for (let k = 0; k < rows.length; k += 1) {
    if (k % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield;
    const row = rows[k]!;
    for (const text of spec.shownTexts(row, now)) texts.push(text);
    const changeAt = spec.textsChangeAt(row);
    if (changeAt > time && changeAt < validUntil) validUntil = changeAt;
  }
  return { haystack: yield* haystackSteps(texts), validUntil };
}

/**
 * The rows the search finds, by place (null: every row): the phrase in one of a row's shown texts, or a number
 * equal to it, as the grid's quick filter searched its number columns.
 */
function* searchHits<R>(
  rows: readonly R[],
  search: string,
  now: Date,
  spec: GridRowsSpec<R>,
): Generator<void, Uint8Array | null> {
  const matches = phraseMatcher(search);
  const global = phrasePattern(search, true);
  if (!matches || !global) return null;
  const perRow = spec.textsPerRow;
  let textHits: Uint8Array;
  if (search.includes(SEPARATOR)) {
    // A phrase holding the separator (only a direct caller can pass one): each text tested alone.
    textHits = Uint8Array.from(
      rows.flatMap((row) => spec.shownTexts(row, now)),
      (text) => (matches(text) ? 1 : 0),
    );
  } else {
    textHits = new Uint8Array(rows.length * perRow);
    markMatches(yield* shownTextsOf(rows, now, spec), global, textHits);
  }
  const number = Number(search.trim());
  const hits = new Uint8Array(rows.length);
  for (let k = 0; k < rows.length; k += 1) {
    let hit = 0;
    for (let t = k * perRow; t < (k + 1) * perRow; t += 1) hit |= textHits[t]!;
    hits[k] = hit === 1 || (!Number.isNaN(number) && spec.hasNumber(rows[k]!, number)) ? 1 : 0;
  }
  return hits;
}

// --- Sorting: the data grid's comparators (no value first, then texts by the collator, numbers and instants by
// value, false before true); rows that compare equal keep the site's order, in either direction.

const collator = new Intl.Collator();

function sortKeyOf(value: unknown, kind: ColumnKind): string | number | null {
  switch (kind) {
    case 'text':
    case 'select':
      return value === null || value === undefined ? null : String(value);
    case 'boolean':
      return value ? 1 : 0;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'date':
    case 'dateTime': {
      const time = timeOf(typeof value === 'string' ? value : null);
      return Number.isNaN(time) ? null : time;
    }
  }
}

function compareKeys(a: string | number | null, b: string | number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (typeof a === 'string' && typeof b === 'string') return collator.compare(a, b);
  return (a as number) - (b as number);
}

/** Each sort's order of a set of rows, made (or in the making) since its first question, kept as long as the rows are. */
const orders = new WeakMap<readonly unknown[], Map<string, SharedSteps<Int32Array>>>();

function orderOf<R>(
  rows: readonly R[],
  sort: NonNullable<GridQuery['sort']>,
  spec: GridRowsSpec<R>,
): Generator<void, Int32Array> {
  let byName = orders.get(rows);
  if (!byName) {
    byName = new Map();
    orders.set(rows, byName);
  }
  const name = `${sort.field}:${sort.direction}`;
  let making = byName.get(name);
  if (!making) {
    making = new SharedSteps(madeOrder(rows, sort, spec));
    byName.set(name, making);
  }
  return making.steps();
}

function* madeOrder<R>(
  rows: readonly R[],
  sort: NonNullable<GridQuery['sort']>,
  spec: GridRowsSpec<R>,
): Generator<void, Int32Array> {
  const kind = spec.columns[sort.field];
  if (!kind) throw new Error(`No sort by ${sort.field}`);
  const valueOf = fieldOf<unknown>(sort.field);
  const keys: (string | number | null)[] = [];
  for (let k = 0; k < rows.length; k += 1) {
    if (k % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield;
    keys.push(sortKeyOf(valueOf(rows[k]), kind));
  }
  const sign = sort.direction === 'asc' ? 1 : -1;
  const places = Array.from(rows, (_row, at) => at);
  // A stable sort: rows that compare equal stay in the site's order, either way.
  return Int32Array.from(yield* sortInSteps(places, (a, b) => sign * compareKeys(keys[a]!, keys[b]!)));
}
