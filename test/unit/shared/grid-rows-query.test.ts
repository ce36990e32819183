/**
 * The grids' questions in steps (shared/grid-rows-query.ts): the same page as at once, pauses between bounded parts,
 * and the search's texts and a sort's order made once for every question asked meanwhile.
 */
import { describe, expect, it } from 'vitest';
import { gridRowsSteps, queryGridRows, type GridQuery, type GridRowsSpec } from '../../../shared/grid-rows-query.js';
import { SEPARATOR, haystackOf, haystackSteps } from '../../../shared/inventory-query.js';
import { finishSteps } from '../../../shared/steps.js';

interface Row {
  readonly id: string;
  readonly name: string;
  readonly count: number;
}

const SIZE = 25_000;
const NOW = new Date('2026-12-01T12:00:00Z');

/** A spec that counts the shown texts it makes and the sort values read. */
function countingSpec() {
  const made = { texts: 0, sortReads: 0 };
  const spec: GridRowsSpec<Row> = {
    columns: { name: 'text', count: 'number' },
    textsPerRow: 2,
    shownTexts: (row) => {
      made.texts += 1;
      return [row.name, row.id];
    },
    hasNumber: (row, number) => row.count === number,
    textsChangeAt: () => Number.NaN,
  };
  return { made, spec };
}

/** Rows whose `count` counts each read (the sort reads it, the texts do not). */
function rowsOf(reads: { sortReads: number }): Row[] {
  return Array.from({ length: SIZE }, (_, at) => {
    const count = (at * 7919) % 101;
    return {
      id: `r${at}`,
      name: `Name ${(at * 31) % 997}`,
      get count() {
        reads.sortReads += 1;
        return count;
      },
    };
  });
}

const QUERY: GridQuery = { page: 2, pageSize: 50, search: 'Name', sort: { field: 'count', direction: 'desc' } };

describe('a grid page in steps', () => {
  it('is the page made at once, after pauses between bounded parts', () => {
    const { made, spec } = countingSpec();
    const steps = gridRowsSteps(rowsOf(made), QUERY, NOW, spec);
    let pauses = 0;
    let most = { texts: 0, sortReads: 0 };
    const before = { ...made };
    let step = steps.next();
    for (; !step.done; step = steps.next()) {
      pauses += 1;
      most = {
        texts: Math.max(most.texts, made.texts - before.texts),
        sortReads: Math.max(most.sortReads, made.sortReads - before.sortReads),
      };
      Object.assign(before, made);
    }
    expect(pauses).toBeGreaterThan(10);
    // A step makes the texts of at most 10,000 rows, and reads as many rows' sort values.
    expect(most.texts).toBeGreaterThan(0);
    expect(most.texts).toBeLessThanOrEqual(10_000);
    expect(most.sortReads).toBeGreaterThan(0);
    expect(most.sortReads).toBeLessThanOrEqual(10_000);
    const atOnce = queryGridRows(rowsOf(countingSpec().made), QUERY, NOW, countingSpec().spec);
    expect(step.value).toEqual(atOnce);
    expect(step.value.total).toBeGreaterThan(QUERY.pageSize * 3);
    expect(step.value.rows.map((row) => row.count)).toEqual([...step.value.rows.map((row) => row.count)].sort((a, b) => b - a));
  });

  it('makes the texts and the order once for questions asked while they are being made', () => {
    const { made, spec } = countingSpec();
    const rows = rowsOf(made);
    const first = gridRowsSteps(rows, QUERY, NOW, spec);
    const second = gridRowsSteps(rows, { ...QUERY, page: 0, search: 'Name 7' }, NOW, spec);
    let a = first.next();
    let b = second.next();
    while (!a.done || !b.done) {
      if (!a.done) a = first.next();
      if (!b.done) b = second.next();
    }
    expect(made.texts).toBe(SIZE);
    // Each row's sort value read once, to make the one order.
    expect(made.sortReads).toBe(SIZE);
    expect(a.value).toEqual(queryGridRows(rowsOf(countingSpec().made), QUERY, NOW, countingSpec().spec));
  });
});

describe('the haystack joined in parts', () => {
  it('is the texts joined at once', () => {
    const texts = Array.from({ length: 45_001 }, (_, at) => `text ${at}`);
    const haystack = haystackOf(texts);
    expect(haystack.text).toBe(texts.join(SEPARATOR) + SEPARATOR);
    expect(haystack.starts[45_000]).toBe(haystack.text.lastIndexOf('text 45000'));
    expect(haystack.starts[45_001]).toBe(haystack.text.length);
    // 20,000 texts a part: two pauses.
    const steps = haystackSteps(texts);
    let pauses = 0;
    while (!steps.next().done) pauses += 1;
    expect(pauses).toBe(2);
  });
});

it('finishSteps of a page already made pauses nowhere', () => {
  const { made, spec } = countingSpec();
  const rows = rowsOf(made);
  finishSteps(gridRowsSteps(rows, QUERY, NOW, spec));
  expect(gridRowsSteps(rows, QUERY, NOW, spec).next().done).toBe(true);
});
