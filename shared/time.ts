export const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `now` until `then` (negative when past), rounded down. */
export function daysUntil(then: Date, now: Date): number {
  return Math.floor((then.getTime() - now.getTime()) / DAY_MS);
}
