/**
 * The Devices grid's questions, answered by main over the rows it keeps (deviceRowsOfIndex): one page for a sort, a
 * column filter and the page's search. The grid used to hold every device's row: at 10x the scale site 10,000 rows,
 * 2.65 MB of JSON and the grid's own sorting and filtering each time the page opened (0.6-0.8 s; issue 12).
 *
 * The rules are the data grid's own (shared/grid-rows-query.ts). The search finds its phrase in what a row's text
 * columns show (label, type, health, last seen, location, modality, soonest expiry: deviceShownTexts), or equals its
 * key count, as the grid's quick filter did.
 */
import { z } from 'zod';
import {
  MAX_GRID_PAGE_SIZE,
  booleanFilter,
  dateFilter,
  dateTimeFilter,
  gridRowsQuery,
  numberFilter,
  gridRowsSteps,
  selectFilter,
  textFilter,
  type GridRowsSpec,
  type ColumnKind,
} from './grid-rows-query.js';
import { finishSteps } from './steps.js';
import { DEVICE_HEALTHS, type DeviceHealth } from './inventory.js';
import { LEGACY_EXPIRY_TEXT, NO_DATE_TEXT, deviceRowWire, type DeviceRowWire } from './inventory-query.js';
import { utcDay } from './inventory-stats.js';

export const MAX_DEVICE_PAGE_SIZE = MAX_GRID_PAGE_SIZE;

/** A device's health in words, as its column shows it and its filter offers it. */
export const HEALTH_TEXT: Readonly<Record<DeviceHealth, string>> = {
  ok: 'OK',
  missing: 'Missing',
  error: 'Error',
  unknown: 'Unknown',
};

export const DEVICE_SORT_FIELDS = [
  'label',
  'type',
  'health',
  'lastSeen',
  'location',
  'modality',
  'keyCount',
  'soonestExpiry',
  'hasLegacyKeys',
  'disabled',
] as const;
export type DeviceSortField = (typeof DEVICE_SORT_FIELDS)[number];

/** The kind of each column (the filter it takes, how it sorts). */
export const DEVICE_COLUMNS: Readonly<Record<DeviceSortField, ColumnKind>> = {
  label: 'text',
  type: 'text',
  health: 'select',
  lastSeen: 'dateTime',
  location: 'text',
  modality: 'text',
  keyCount: 'number',
  soonestExpiry: 'date',
  hasLegacyKeys: 'boolean',
  disabled: 'boolean',
};

/** One column filter (the free data grid has one at a time). A value left out: the filter waits for one. */
export const deviceColumnFilter = z.union([
  textFilter(['label', 'type', 'location', 'modality']),
  selectFilter(['health'], DEVICE_HEALTHS),
  dateTimeFilter(['lastSeen']),
  numberFilter(['keyCount']),
  dateFilter(['soonestExpiry']),
  booleanFilter(['hasLegacyKeys', 'disabled']),
]);
export type DeviceColumnFilter = z.infer<typeof deviceColumnFilter>;

export const deviceRowsQuery = gridRowsQuery(DEVICE_SORT_FIELDS, deviceColumnFilter);
export type DeviceRowsQuery = z.infer<typeof deviceRowsQuery>;

export const deviceRowsPage = z.object({
  rows: z.array(deviceRowWire),
  /** How many devices the filter and search leave. */
  total: z.number(),
  /** How many devices the site has. */
  devices: z.number(),
});
export type DeviceRowsPage = z.infer<typeof deviceRowsPage>;

/** An instant's date and time as the grid shows it, in UTC ("2026-11-30 14:22 UTC"); NaN: none. */
export function dateTimeText(time: number): string {
  return Number.isNaN(time) ? NO_DATE_TEXT : `${new Date(time).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}

/** The soonest expiry as the grid shows it: "Expired" once past; only legacy keys: the 19.0 upgrade ends them. */
export function deviceSoonestText(row: Pick<DeviceRowWire, 'hasLegacyKeys'>, time: number, now: Date): string {
  if (Number.isNaN(time)) return row.hasLegacyKeys ? LEGACY_EXPIRY_TEXT : NO_DATE_TEXT;
  const day = utcDay(time);
  return time <= now.getTime() ? `Expired ${day}` : day;
}

const timeOf = (iso: string | null): number => (iso === null ? Number.NaN : Date.parse(iso));

/** The texts of a row the search looks into: what its text, health and date columns show. */
export function deviceShownTexts(row: DeviceRowWire, now: Date): readonly string[] {
  return [
    row.label,
    row.type,
    HEALTH_TEXT[row.health],
    dateTimeText(timeOf(row.lastSeen)),
    row.location,
    row.modality,
    deviceSoonestText(row, timeOf(row.soonestExpiry), now),
  ];
}

/** How the Devices grid's rows are searched and sorted. */
const DEVICE_ROWS: GridRowsSpec<DeviceRowWire> = {
  columns: DEVICE_COLUMNS,
  textsPerRow: 7,
  shownTexts: deviceShownTexts,
  hasNumber: (row, number) => row.keyCount === number,
  textsChangeAt: (row) => timeOf(row.soonestExpiry),
};

/** One page of the Devices grid: the rows the filter and search leave, in the sort's order. */
export function queryDeviceRows(rows: readonly DeviceRowWire[], query: DeviceRowsQuery, now: Date): DeviceRowsPage {
  return finishSteps(deviceRowsPageSteps(rows, query, now));
}

/** The same in steps, for main (gridRowsSteps). */
export function* deviceRowsPageSteps(rows: readonly DeviceRowWire[], query: DeviceRowsQuery, now: Date): Generator<void, DeviceRowsPage> {
  const { rows: page, total, all } = yield* gridRowsSteps(rows, query, now, DEVICE_ROWS);
  return { rows: page, total, devices: all };
}
