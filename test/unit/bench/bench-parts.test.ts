/** The benchmark's pure parts: median and spread, its arguments, the key service banner and the report table. */
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../../bench/args.js';
import { parseBanner } from '../../../bench/keyservice-process.js';
import { figure, formatFigure, median } from '../../../bench/measure.js';
import { markdownTable, reportRows, type FetchResults, type RenderResults } from '../../../bench/report.js';

describe('median and spread', () => {
  it('takes the middle run, or the mean of the two middle ones, and the smallest and largest', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(figure([30, 10, 20, 50, 40, 70, 60])).toEqual({ median: 40, min: 10, max: 70, runs: 7 });
    expect(() => figure([])).toThrow();
    expect(formatFigure(figure([1.26, 2, 3]), 'ms', 1)).toBe('2.0 ms (1.3–3.0, 3 runs)');
  });
});

describe('npm run bench arguments', () => {
  it('defaults to the 1x site and 7 runs', () => {
    expect(parseBenchArgs([])).toEqual({ scale: 1, runs: 7, skipRender: false });
    expect(parseBenchArgs(['--scale', '10', '--runs=9', '--skip-render'])).toEqual({ scale: 10, runs: 9, skipRender: true });
  });

  it('refuses fewer than 7 runs, a scale that is not a positive whole number, and anything unknown', () => {
    expect(parseBenchArgs(['--runs', '6'])).toEqual({ error: '--runs takes a whole number from 7 to 1000, got "6"' });
    for (const bad of ['0', '1.5', 'x', '-1']) expect(parseBenchArgs([`--scale=${bad}`])).toHaveProperty('error');
    expect(parseBenchArgs(['--scale'])).toEqual({ error: '--scale takes a whole number from 1 to 100, got ""' });
    expect(parseBenchArgs(['--fast'])).toEqual({ error: 'unknown argument "--fast"' });
  });
});

describe('the key service banner', () => {
  it('is read once both lines are there', () => {
    expect(parseBanner('listening: http://127.0.0.1:4000\n')).toBeNull();
    expect(
      parseBanner('listening: http://127.0.0.1:4000\nadmin-key: 127.0.0.1:4000:__force_insecure:abc\nuser-key: x\n'),
    ).toEqual({
      baseUrl: 'http://127.0.0.1:4000',
      adminKey: '127.0.0.1:4000:__force_insecure:abc',
    });
  });
});

describe('the report', () => {
  const f = (value: number) => figure([value * 0.9, value, value * 1.1]);
  const fetch: FetchResults = {
    keys: 25_000,
    appWall: f(390),
    floorWall: f(300),
    appCpu: f(160),
    floorCpu: f(100),
    wireBytes: 8_000_000,
    peakRssGrowth: 16_000_000,
    heldRssGrowth: 6_000_000,
    floorPeakRssGrowth: 12_000_000,
    actionLongestTask: f(20),
    legacyRevokeLongestTask: f(50),
  };
  const render: RenderResults = {
    openInventory: f(299),
    statusFilter: f(100),
    search: f(50),
    sort: f(99.9),
    heapAfterEveryPage: f(150_000_000),
  };

  it('says PASS or MISS per target at its boundary', () => {
    const verdicts = Object.fromEntries(
      reportRows(fetch, render).map((row) => [
        row.what.split(/[ :]/).slice(0, 3).join(' ') + (row.what.includes('legacy') ? ' (legacy)' : ''),
        row.verdict,
      ]),
    );
    expect(verdicts).toEqual({
      'full inventory refresh': 'PASS', // 1.30x
      "the app's CPU": 'MISS', // 1.60x
      'opening the inventory': 'PASS',
      'status filter to': 'MISS', // 100 ms is not under 100
      'search to rows': 'PASS',
      'sort to rows': 'PASS',
      'longest main-process task': 'PASS',
      'longest main-process task (legacy)': 'MISS', // 50 ms is not under 50
      'main-process memory growth': 'MISS', // exactly 2x is not under 2x
      'renderer JS heap': 'MISS',
    });
  });

  it('leaves the renderer rows out when the browser part was skipped', () => {
    expect(reportRows(fetch, null).map((row) => row.target)).toEqual([
      'within 1.3x',
      'within 1.5x',
      'under 50 ms',
      'under 50 ms',
      'under 2x',
    ]);
  });

  it('prints a Markdown table with the figures, spread and verdict', () => {
    const table = markdownTable(reportRows(fetch, null)).split('\n');
    expect(table).toHaveLength(7);
    expect(table[0]).toMatch(/^\| what +\| result \(median, min–max\) +\| target +\| +\|$/);
    expect(table[1]).toMatch(/^\| -+ \| -+ \| -+ \| -+ \|$/);
    expect(table[2]).toMatch(/390 ms \(351–429, 3 runs\) vs 300 ms \(270–330, 3 runs\) = 1\.30x +\| within 1\.3x \| PASS \|$/);
    expect(new Set(table.map((line) => line.length)).size).toBe(1);
  });

  it("shows the floor client's own memory growth beside main's, without changing the verdict", () => {
    const memory = reportRows({ ...fetch, floorPeakRssGrowth: 40_000_000 }, null).find((row) => row.target === 'under 2x');
    expect(memory?.result).toContain('= 2.00x (the floor client, keeping nothing: peak +38.1 MiB = 5.00x)');
    expect(memory?.verdict).toBe('MISS');
  });
});
