import type { PageParams } from '../navigation/navigation.js';

// Every navigation gives a new params object; a number per object tells two openings of the same target apart.
const visits = new WeakMap<PageParams, number>();
let lastVisit = 0;

/**
 * The React key of a page that can be opened on a target (a device, a user, a key, a notification's keys): each
 * opening remounts the page on its target, even when the admin opens the same one again after leaving it; the
 * page opened without a target keeps `base`.
 */
export function targetKey(base: string, params: PageParams): string {
  if (!params.keyId && !params.deviceId && !params.userId && !params.keyIds) return base;
  let visit = visits.get(params);
  if (visit === undefined) {
    lastVisit += 1;
    visit = lastVisit;
    visits.set(params, visit);
  }
  return `${base}:target-${visit}`;
}
