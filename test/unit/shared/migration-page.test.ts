/**
 * What the migration page gets of main's view (issue 12): a summary whose counts agree with the view, and pages of
 * legacy keys that agree row for row with the view's own lists, filtered, searched and sorted. Checked on a seeded
 * site of 240 legacy keys in every phase, some gone, against plain references over the whole view.
 */
import { describe, expect, it } from 'vitest';
import {
  BLOCKERS_SENT,
  LEGACY_SORT_FIELDS,
  legacyEntryOf,
  migrationSummaryOf,
  queryLegacyKeys,
  type LegacyKeysQuery,
  type LegacyRow,
  type LegacySortField,
} from '../../../shared/migration-page.js';
import {
  PHASE_TEXT,
  RESPONSIBLE_TEXT,
  buildMigration,
  emptyMigrationState,
  trackLegacyKeys,
  type LegacyEntry,
  type MigrationView,
} from '../../../shared/migration.js';
import { DAY_MS } from '../../../shared/time.js';
import { NOW, legacySite } from '../../support/legacy-site.js';

function viewOf(): MigrationView {
  const { inventory, gone } = legacySite();
  const seen = trackLegacyKeys(emptyMigrationState(), inventory, new Date(NOW.getTime() - 10 * DAY_MS));
  const state = trackLegacyKeys(seen, gone, NOW);
  return buildMigration({
    inventory: gone,
    site: { name: 'Large', origin: 'https://large.example.org', release: '18.4.0', keyKind: 'enhanced' },
    state,
    now: NOW,
  });
}

const VIEW = viewOf();
const withoutSteps = ({ steps: _steps, ...row }: LegacyEntry): LegacyRow => row;

/** Every row of a query, page after page. */
function allRows(query: Omit<LegacyKeysQuery, 'page' | 'pageSize'>, pageSize = 37): LegacyRow[] {
  const rows: LegacyRow[] = [];
  for (let page = 0; ; page += 1) {
    const answer = queryLegacyKeys(VIEW, { ...query, page, pageSize });
    rows.push(...answer.rows);
    expect(answer.rows.length).toBeLessThanOrEqual(pageSize);
    if (answer.rows.length < pageSize) {
      expect(answer.total).toBe(rows.length);
      return rows;
    }
  }
}

describe('the summary', () => {
  it('counts the keys, the phases, the disabled owners and the blockers as the view has them, without the keys', () => {
    const summary = migrationSummaryOf(VIEW);
    expect(VIEW.keys.length).toBeGreaterThan(150);
    expect(VIEW.deleted.length).toBeGreaterThan(10);
    expect(summary.keyCount).toBe(VIEW.keys.length);
    expect(summary.deletedCount).toBe(VIEW.deleted.length);
    expect(summary.disabledOwnerKeys).toBe(VIEW.keys.filter((entry) => entry.owner.disabled).length);
    const phases = new Map<string, number>();
    for (const entry of VIEW.keys) phases.set(entry.phase, (phases.get(entry.phase) ?? 0) + 1);
    expect(summary.phaseCounts).toEqual(Object.fromEntries(phases));
    expect(phases.size).toBeGreaterThan(3);
    // The first BLOCKERS_SENT blockers in the view's order, and how many there are in all.
    expect(VIEW.blockers.length).toBeGreaterThan(BLOCKERS_SENT);
    expect(summary.blockers).toEqual(VIEW.blockers.slice(0, BLOCKERS_SENT));
    expect(summary.blockerCount).toBe(VIEW.blockers.length);
    expect(summary).not.toHaveProperty('keys');
    expect(summary).not.toHaveProperty('deleted');
    expect(summary.forecast).toEqual(VIEW.forecast);
  });
});

describe('pages of legacy keys', () => {
  it("are the view's lists in the view's order, without the steps, page after page", () => {
    expect(allRows({ list: 'present' })).toEqual(VIEW.keys.map(withoutSteps));
    expect(allRows({ list: 'deleted' }, 5)).toEqual(VIEW.deleted.map(withoutSteps));
    const page = queryLegacyKeys(VIEW, { list: 'present', page: 2, pageSize: 50 });
    expect(page.rows.map((row) => row.keyId)).toEqual(VIEW.keys.slice(100, 150).map((entry) => entry.keyId));
    expect(queryLegacyKeys(VIEW, { list: 'present', page: 99, pageSize: 50 })).toEqual({ rows: [], total: VIEW.keys.length });
  });

  it('take the phases and who replaces the keys asked for, in the same order', () => {
    const phases = ['replace', 'safe-to-delete'] as const;
    expect(allRows({ list: 'present', phases: [...phases] })).toEqual(
      VIEW.keys.filter((entry) => (phases as readonly string[]).includes(entry.phase)).map(withoutSteps),
    );
    expect(allRows({ list: 'present', responsible: ['owner'] })).toEqual(
      VIEW.keys.filter((entry) => entry.responsible === 'owner').map(withoutSteps),
    );
    const both = allRows({ list: 'present', phases: ['replace'], responsible: ['admin'] });
    expect(both).toEqual(
      VIEW.keys.filter((entry) => entry.phase === 'replace' && entry.responsible === 'admin').map(withoutSteps),
    );
    expect(both.length).toBeGreaterThan(0);
    // An empty list asks for no filter.
    expect(allRows({ list: 'present', phases: [], responsible: [] })).toHaveLength(VIEW.keys.length);
  });

  it('take the keys whose owner, key, phase, replacer or next step holds the search as a whole phrase', () => {
    const fields = (entry: LegacyEntry) => [
      entry.owner.name,
      entry.owner.id,
      entry.owner.email ?? '',
      entry.deviceType ?? '',
      entry.keyId,
      entry.label,
      PHASE_TEXT[entry.phase],
      RESPONSIBLE_TEXT[entry.responsible],
      entry.next,
    ];
    const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const phrase = (text: string) => new RegExp(`(^|[^\\p{L}\\p{N}])${text}($|[^\\p{L}\\p{N}])`, 'iu');
    const reference = (pattern: RegExp) =>
      VIEW.keys.filter((entry) => fields(entry).some((field) => pattern.test(field))).map(withoutSteps);
    // A name that is the start of another ("Scanner 7" and "Scanner 70"): the phrase finds the one alone.
    const names = [...new Set(VIEW.keys.map((entry) => entry.owner.name))];
    const short = names.find((name) => names.some((other) => other !== name && other.startsWith(name)))!;
    expect(short).toBeDefined();
    const user = VIEW.keys.find((entry) => entry.owner.kind === 'user')!.owner.name;
    for (const [search, pattern] of [
      [short.toLowerCase(), phrase(short.replace(/ /g, '\\s+'))],
      [`  ${user.toUpperCase().replace(/ /g, '   ')} `, phrase(user.replace(/ /g, '\\s+'))],
      [VIEW.keys[17]!.keyId, phrase(VIEW.keys[17]!.keyId)],
      // Words only a next step has.
      [VIEW.keys[30]!.next, phrase(escaped(VIEW.keys[30]!.next).replace(/ /g, '\\s+'))],
      ['importer', phrase('importer')],
      [PHASE_TEXT['safe-to-delete'], phrase(PHASE_TEXT['safe-to-delete'].replace(/[:()]/g, '\\$&'))],
    ] as const) {
      const rows = allRows({ list: 'present', search });
      expect(rows, search).toEqual(reference(pattern));
      expect(rows.length, search).toBeGreaterThan(0);
    }
    expect(allRows({ list: 'present', search: short }).every((row) => row.owner.name === short)).toBe(true);
    expect(allRows({ list: 'present', search: 'no such owner at all' })).toEqual([]);
    expect(allRows({ list: 'present', search: '   ' })).toHaveLength(VIEW.keys.length);
  });

  it('sort by each field both ways, ties kept in the view order, a missing date first when ascending', () => {
    const place = new Map(VIEW.keys.map((entry, at) => [entry.keyId, at]));
    const deletedPlace = new Map(VIEW.deleted.map((entry, at) => [entry.keyId, at]));
    const collator = new Intl.Collator();
    const time = (value: string | null) => (value === null ? Number.NEGATIVE_INFINITY : Date.parse(value));
    const compare: Record<LegacySortField, (a: LegacyRow, b: LegacyRow) => number> = {
      owner: (a, b) => collator.compare(a.owner.name, b.owner.name),
      lastUsed: (a, b) => (time(a.lastUsed) === time(b.lastUsed) ? 0 : time(a.lastUsed) < time(b.lastUsed) ? -1 : 1),
      responsible: (a, b) => collator.compare(RESPONSIBLE_TEXT[a.responsible], RESPONSIBLE_TEXT[b.responsible]),
      phase: (a, b) => collator.compare(PHASE_TEXT[a.phase], PHASE_TEXT[b.phase]),
      deletedAt: (a, b) => (time(a.deletedAt) === time(b.deletedAt) ? 0 : time(a.deletedAt) < time(b.deletedAt) ? -1 : 1),
    };
    for (const field of LEGACY_SORT_FIELDS) {
      for (const direction of ['asc', 'desc'] as const) {
        const list = field === 'deletedAt' ? 'deleted' : 'present';
        const places = list === 'deleted' ? deletedPlace : place;
        const rows = allRows({ list, sort: { field, direction } });
        expect(rows).toHaveLength(list === 'deleted' ? VIEW.deleted.length : VIEW.keys.length);
        let ties = 0;
        for (let k = 1; k < rows.length; k += 1) {
          const order = compare[field](rows[k - 1]!, rows[k]!) * (direction === 'asc' ? 1 : -1);
          const label = `${field} ${direction} at ${k}`;
          expect(order, label).toBeLessThanOrEqual(0);
          if (order === 0) {
            ties += 1;
            expect(places.get(rows[k - 1]!.keyId)!, label).toBeLessThan(places.get(rows[k]!.keyId)!);
          }
        }
        expect(ties, `${field} ${direction} has ties`).toBeGreaterThan(0);
      }
    }
    // A key never used comes first ascending, last descending.
    expect(allRows({ list: 'present', sort: { field: 'lastUsed', direction: 'asc' } })[0]!.lastUsed).toBeNull();
    expect(allRows({ list: 'present', sort: { field: 'lastUsed', direction: 'desc' } }).at(-1)!.lastUsed).toBeNull();
  });
});

describe('one key', () => {
  it('is the entry with its steps, on the site or gone; null for an id the view has not', () => {
    const present = VIEW.keys[7]!;
    const gone = VIEW.deleted[2]!;
    expect(legacyEntryOf(VIEW, present.keyId)).toEqual(present);
    expect(legacyEntryOf(VIEW, gone.keyId)).toEqual(gone);
    expect(legacyEntryOf(VIEW, gone.keyId)?.steps).toHaveLength(4);
    expect(legacyEntryOf(VIEW, 'new-1')).toBeNull();
    expect(legacyEntryOf(VIEW, 'nothing')).toBeNull();
  });
});
