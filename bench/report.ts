/** The targets of issue 12 and the table `npm run bench` prints and the README shows (pure). */
import { formatBytes, formatFigure, type Figure } from './measure.js';

export interface FetchResults {
  readonly keys: number;
  /** The app's refresh, snapshot written, wall and CPU (ms). */
  readonly appWall: Figure;
  readonly appCpu: Figure;
  /** The bare client's paged GETs in its own process, wall and CPU (ms). */
  readonly floorWall: Figure;
  readonly floorCpu: Figure;
  /** The inventory's JSON on the wire (bytes of every page's body). */
  readonly wireBytes: number;
  /** Main's RSS growth over the idle process: the peak while refreshing, and once the inventory is held (bytes). */
  readonly peakRssGrowth: number;
  readonly heldRssGrowth: number;
  /**
   * The floor client's own peak RSS growth over its idle process (bytes), over the same rounds: what fetching and
   * parsing the pages costs a process that keeps none of them. Not a target; it shows how much of main's growth any
   * client of these pages pays.
   */
  readonly floorPeakRssGrowth: number;
  /** The longest main-thread task during a key action (a device key created), its snapshot write included (ms). */
  readonly actionLongestTask: Figure;
  /** The same for the migration's own action, on its page: a legacy key revoked, its progress written too (ms). */
  readonly legacyRevokeLongestTask: Figure;
}

export interface RenderResults {
  readonly openInventory: Figure;
  readonly statusFilter: Figure;
  readonly search: Figure;
  readonly sort: Figure;
  /** JS heap in use after opening every page (bytes). */
  readonly heapAfterEveryPage: Figure;
}

export interface ReportRow {
  readonly what: string;
  readonly result: string;
  readonly target: string;
  readonly verdict: 'PASS' | 'MISS';
}

const MB = 10 ** 6;

/** Each target of the issue with this run's figure; a ratio compares medians. */
export function reportRows(fetch: FetchResults, render: RenderResults | null): ReportRow[] {
  const rows: ReportRow[] = [];
  const add = (what: string, result: string, target: string, pass: boolean): void => {
    rows.push({ what, result, target, verdict: pass ? 'PASS' : 'MISS' });
  };
  const wallRatio = fetch.appWall.median / fetch.floorWall.median;
  add(
    'full inventory refresh incl. snapshot write vs the floor (bare paged GETs, own process), wall',
    `${formatFigure(fetch.appWall, 'ms')} vs ${formatFigure(fetch.floorWall, 'ms')} = ${wallRatio.toFixed(2)}x`,
    'within 1.3x',
    wallRatio <= 1.3,
  );
  const cpuRatio = fetch.appCpu.median / fetch.floorCpu.median;
  add(
    "the app's CPU during a refresh vs the floor client's",
    `${formatFigure(fetch.appCpu, 'ms')} vs ${formatFigure(fetch.floorCpu, 'ms')} = ${cpuRatio.toFixed(2)}x`,
    'within 1.5x',
    cpuRatio <= 1.5,
  );
  if (render) {
    add(
      'opening the inventory (data in main) to first rows painted',
      formatFigure(render.openInventory, 'ms'),
      'under 300 ms',
      render.openInventory.median < 300,
    );
    add(
      'status filter to rows painted',
      formatFigure(render.statusFilter, 'ms'),
      'under 100 ms',
      render.statusFilter.median < 100,
    );
    add('search to rows painted', formatFigure(render.search, 'ms'), 'under 100 ms', render.search.median < 100);
    add('sort to rows painted', formatFigure(render.sort, 'ms'), 'under 100 ms', render.sort.median < 100);
  }
  add(
    "longest main-process task during a key action and the open page's questions after it: a device key created (snapshot write included)",
    formatFigure(fetch.actionLongestTask, 'ms'),
    'under 50 ms',
    fetch.actionLongestTask.median < 50,
  );
  add(
    "longest main-process task during a key action and the open page's questions after it: a legacy key revoked on the migration page (its progress written too)",
    formatFigure(fetch.legacyRevokeLongestTask, 'ms'),
    'under 50 ms',
    fetch.legacyRevokeLongestTask.median < 50,
  );
  const memoryRatio = fetch.peakRssGrowth / fetch.wireBytes;
  add(
    'main-process memory growth over idle (peak while refreshing, held after) vs the JSON on the wire',
    `peak +${formatBytes(fetch.peakRssGrowth)}, held +${formatBytes(fetch.heldRssGrowth)} vs ${formatBytes(fetch.wireBytes)} = ${memoryRatio.toFixed(2)}x (the floor client, keeping nothing: peak +${formatBytes(fetch.floorPeakRssGrowth)} = ${(fetch.floorPeakRssGrowth / fetch.wireBytes).toFixed(2)}x)`,
    'under 2x',
    memoryRatio < 2,
  );
  if (render) {
    const heap = render.heapAfterEveryPage;
    add(
      'renderer JS heap after opening every page',
      `${(heap.median / MB).toFixed(1)} MB (${(heap.min / MB).toFixed(1)}–${(heap.max / MB).toFixed(1)}, ${heap.runs} runs)`,
      'under 150 MB',
      heap.median < 150 * MB,
    );
  }
  return rows;
}

/** A Markdown table, columns padded so it reads in a terminal too. */
export function markdownTable(rows: readonly ReportRow[]): string {
  const header = ['what', 'result (median, min–max)', 'target', ''];
  const cells = rows.map((row) => [row.what, row.result, row.target, row.verdict]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column]!.length)));
  const line = (values: readonly string[]): string => `| ${values.map((value, i) => value.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n');
}
