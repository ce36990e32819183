/**
 * Where a list changed, found by identity alone: a snapshot patched after an action keeps every object it does not
 * touch, so comparing references finds what an action added or removed without reading any item.
 */

/**
 * The items of each list between their longest common start and longest common end (compared with ===). Null when
 * that is more than `max` items in all, as after a refresh, where nearly every item is new.
 */
export function differingStretch<T>(
  previous: readonly T[],
  next: readonly T[],
  max: number,
): { readonly removed: readonly T[]; readonly added: readonly T[] } | null {
  if (previous === next) return { removed: [], added: [] };
  const shorter = Math.min(previous.length, next.length);
  let start = 0;
  while (start < shorter && previous[start] === next[start]) start += 1;
  let previousEnd = previous.length;
  let nextEnd = next.length;
  while (previousEnd > start && nextEnd > start && previous[previousEnd - 1] === next[nextEnd - 1]) {
    previousEnd -= 1;
    nextEnd -= 1;
  }
  if (previousEnd - start + (nextEnd - start) > max) return null;
  return { removed: previous.slice(start, previousEnd), added: next.slice(start, nextEnd) };
}
