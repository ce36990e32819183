/**
 * The migration page's share of main's migration view (issue 12: the renderer never holds every key). A large site
 * has tens of thousands of legacy keys, each with its four steps' evidence: sent whole, that was about 50 MB of
 * JSON at ten times the scale site. The page gets the verdict, the plan, the counts and the first blockers
 * (MigrationSummary); the legacy keys a page at a time, filtered, searched and sorted in main (queryLegacyKeys);
 * and one key's steps when it is opened (`migration.entry`).
 */
import { z } from 'zod';
import { keyRecord } from './inventory.js';
import { phraseMatcher } from './inventory-stats.js';
import {
  PHASE_TEXT,
  RESPONSIBLE_TEXT,
  blocker,
  entryCountsOf,
  legacyEntry,
  legacyPhase,
  migrationView,
  responsibleParty,
  type LegacyEntry,
  type MigrationView,
} from './migration.js';

/** Blockers sent with the summary: those about the site first, then the legacy keys', recently used first. */
export const BLOCKERS_SENT = 100;

/** A legacy key as the grid shows it: its entry without the steps (the details panel asks for those). */
export const legacyRow = legacyEntry.omit({ steps: true });
export type LegacyRow = z.infer<typeof legacyRow>;

export const migrationSummary = migrationView.omit({ keys: true, deleted: true, blockers: true }).extend({
  /** The first BLOCKERS_SENT blockers, in the view's order. */
  blockers: z.array(blocker),
  blockerCount: z.number().int().nonnegative(),
  /** Legacy keys on the site now, and those the app saw go. */
  keyCount: z.number().int().nonnegative(),
  deletedCount: z.number().int().nonnegative(),
  /** Legacy keys on the site per phase (phases with none left out). */
  phaseCounts: z.partialRecord(legacyPhase, z.number().int().positive()),
  /** Legacy keys on the site whose owner is disabled. */
  disabledOwnerKeys: z.number().int().nonnegative(),
});
export type MigrationSummary = z.infer<typeof migrationSummary>;

export function migrationSummaryOf(view: MigrationView): MigrationSummary {
  const { keys, deleted, blockers, ...rest } = view;
  // Counted once per view (a view after an action gets them from the one before: viewAfterPatch).
  const { phaseCounts, disabledOwnerKeys } = entryCountsOf(view);
  return {
    ...rest,
    blockers: blockers.slice(0, BLOCKERS_SENT),
    blockerCount: blockers.length,
    keyCount: keys.length,
    deletedCount: deleted.length,
    // A copy: the counts are kept for the view, and an answer may be changed by whoever gets it.
    phaseCounts: { ...phaseCounts },
    disabledOwnerKeys,
  };
}

export const LEGACY_SORT_FIELDS = ['owner', 'lastUsed', 'responsible', 'phase', 'deletedAt'] as const;
export type LegacySortField = (typeof LEGACY_SORT_FIELDS)[number];

export const MAX_LEGACY_PAGE_SIZE = 100;

export const legacyKeysQuery = z.strictObject({
  /** The keys on the site, or those gone from it. */
  list: z.enum(['present', 'deleted']),
  page: z.number().int().min(0).max(1_000_000),
  pageSize: z.number().int().min(1).max(MAX_LEGACY_PAGE_SIZE),
  /** A phrase (as the other grids' searches): the owner, its id, e-mail or device type, the key, its label, phase,
   * who replaces it or its next step. */
  search: z.string().max(200).optional(),
  phases: z.array(legacyPhase).max(legacyPhase.options.length).optional(),
  responsible: z.array(responsibleParty).max(responsibleParty.options.length).optional(),
  sort: z.strictObject({ field: z.enum(LEGACY_SORT_FIELDS), direction: z.enum(['asc', 'desc']) }).optional(),
});
export type LegacyKeysQuery = z.infer<typeof legacyKeysQuery>;

export const legacyKeysPage = z.object({ rows: z.array(legacyRow), total: z.number().int().nonnegative() });
export type LegacyKeysPage = z.infer<typeof legacyKeysPage>;

/** The words a search can match in a key's row, each field apart (a phrase is found within one field). */
function searchText(entry: LegacyEntry): string {
  return [
    entry.owner.name,
    entry.owner.id,
    entry.owner.email ?? '',
    entry.deviceType ?? '',
    entry.keyId,
    entry.label,
    PHASE_TEXT[entry.phase],
    RESPONSIBLE_TEXT[entry.responsible],
    entry.next,
  ].join('\u0000');
}

const collator = new Intl.Collator();

/** The order of one field, ascending; a missing date first. */
function comparator(field: LegacySortField): (a: LegacyEntry, b: LegacyEntry) => number {
  const byTime = (value: (entry: LegacyEntry) => string | null) => (a: LegacyEntry, b: LegacyEntry) => {
    const x = value(a);
    const y = value(b);
    if (x === y) return 0;
    if (x === null) return -1;
    if (y === null) return 1;
    return Date.parse(x) - Date.parse(y);
  };
  switch (field) {
    case 'owner':
      return (a, b) => collator.compare(a.owner.name, b.owner.name);
    case 'lastUsed':
      return byTime((entry) => entry.lastUsed);
    case 'deletedAt':
      return byTime((entry) => entry.deletedAt);
    case 'responsible':
      return (a, b) => collator.compare(RESPONSIBLE_TEXT[a.responsible], RESPONSIBLE_TEXT[b.responsible]);
    case 'phase':
      return (a, b) => collator.compare(PHASE_TEXT[a.phase], PHASE_TEXT[b.phase]);
  }
}

/** Without its steps: what the grid shows of a key. */
function rowOf(entry: LegacyEntry): LegacyRow {
  const { steps: _steps, ...row } = entry;
  return row;
}

/**
 * One page of a list of the view: the keys the filters and the search take, in the view's order (blockers first,
 * recently used first; the deleted ones latest first) or sorted by a field (ties kept in the view's order), and
 * how many there are.
 */
export function queryLegacyKeys(view: MigrationView, query: LegacyKeysQuery): LegacyKeysPage {
  const entries = query.list === 'present' ? view.keys : view.deleted;
  const phases = query.phases && query.phases.length > 0 ? new Set(query.phases) : null;
  const responsible = query.responsible && query.responsible.length > 0 ? new Set(query.responsible) : null;
  const matches = phraseMatcher(query.search ?? '');
  const taken = entries.filter(
    (entry) =>
      (!phases || phases.has(entry.phase)) &&
      (!responsible || responsible.has(entry.responsible)) &&
      (!matches || matches(searchText(entry))),
  );
  if (query.sort) {
    const compare = comparator(query.sort.field);
    const sign = query.sort.direction === 'asc' ? 1 : -1;
    // Array.prototype.sort is stable: ties keep the view's order, in both directions.
    taken.sort((a, b) => sign * compare(a, b));
  }
  const first = query.page * query.pageSize;
  return { rows: taken.slice(first, first + query.pageSize).map(rowOf), total: taken.length };
}

/**
 * A legacy key opened on the page: its entry with the steps, its record while it is on the site (what a delete
 * acts on), and how many keys its owner has (the swap's room for a new one).
 */
export const openedLegacyKey = z.object({
  entry: legacyEntry,
  key: keyRecord.nullable(),
  ownerKeyCount: z.number().int().nonnegative(),
});
export type OpenedLegacyKey = z.infer<typeof openedLegacyKey>;

/** A key of the view, on the site or gone, with its steps; null when the view has none of that id. */
export function legacyEntryOf(view: MigrationView, keyId: string): LegacyEntry | null {
  return view.keys.find((entry) => entry.keyId === keyId) ?? view.deleted.find((entry) => entry.keyId === keyId) ?? null;
}
