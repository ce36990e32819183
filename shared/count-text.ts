/**
 * Counts in the app's prose, grouped by thousands as MUI's DataGrid footer writes them ("1–100 of 10,000"): a large
 * site has "10,000 devices", not "10000 devices". Human text only: CSV cells, JSON fields, ICS files, IPC payloads,
 * ids and dates keep their plain numbers.
 */

/** Built once: a NumberFormat is costly to make, and a grid or a report writes thousands of counts. */
const GROUPED = new Intl.NumberFormat('en-US');

/** 10000 → "10,000", 999 → "999", 1234.5 → "1,234.5". */
export function groupedNumber(n: number): string {
  return GROUPED.format(n);
}

/**
 * "1 key", "0 keys", "10,000 keys": the count grouped, then the word, or its plural (the word with an "s" unless
 * given, as in "1 key expiry", "2 key expiries").
 */
export function countText(count: number, word: string, pluralWord = `${word}s`): string {
  return `${groupedNumber(count)} ${count === 1 ? word : pluralWord}`;
}
