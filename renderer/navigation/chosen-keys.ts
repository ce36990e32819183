/**
 * What the inventory says about a list of keys it was opened on (issue 10, "Say the right thing"): where the keys
 * came from, so that the admin knows what they are looking at. An overview's collision warning and its chart's bar
 * open the keys that expire on one day, and say that day; a notification's keys say so. Pure.
 */
import { countText, groupedNumber } from '../../shared/count-text.js';

/** A UTC day as the app writes it (YYYY-MM-DD), e.g. the day of an expiry collision. */
export const UTC_DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The line above the grid: "Showing the 5 keys that expire on 2027-01-14", "Showing 2 keys from a notification". */
export function chosenKeysText(count: number, expiringOn: string | undefined): string {
  if (expiringOn !== undefined) {
    return count === 1
      ? `Showing the key that expires on ${expiringOn}`
      : `Showing the ${groupedNumber(count)} keys that expire on ${expiringOn}`;
  }
  return `Showing ${countText(count, 'key')} from a notification`;
}

/** The same origin in an export's filter (the file's metadata says which rows it holds). */
export function chosenKeysFilter(expiringOn: string | undefined): string {
  return expiringOn !== undefined ? `The keys that expire on ${expiringOn}` : 'The keys of a notification';
}
