import { z } from 'zod';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `now` until `then` (negative when past), rounded down. */
export function daysUntil(then: Date, now: Date): number {
  return Math.floor((then.getTime() - now.getTime()) / DAY_MS);
}

/**
 * A UTC day as YYYY-MM-DD, and one on the calendar: 2027-02-29 or 2026-13-45 match the pattern, but a rule counting
 * days to them would count to NaN.
 */
export const calendarDay = z.iso.date('a day on the calendar, as YYYY-MM-DD');
