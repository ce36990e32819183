/** Work in steps (shared/steps.ts): the same result as at once, with pauses between bounded parts. */
import { describe, expect, it } from 'vitest';
import { finishSteps, sortInSteps } from '../../../shared/steps.js';

/** A deterministic list with many equal keys: the order of equals tells a stable sort. */
const items = Array.from({ length: 5000 }, (_, at) => ({ at, key: (at * 7919) % 37 }));
const byKey = (a: { key: number }, b: { key: number }) => a.key - b.key;

describe('sortInSteps', () => {
  it('sorts as Array#sort does, equal items in their first order, and leaves the list as it was', () => {
    const before = items.map((item) => item.at);
    expect(finishSteps(sortInSteps(items, byKey))).toEqual([...items].sort(byKey));
    expect(items.map((item) => item.at)).toEqual(before);
    for (const size of [0, 1, 511, 512, 513, 1025]) {
      const some = items.slice(0, size);
      expect(finishSteps(sortInSteps(some, byKey, 100))).toEqual([...some].sort(byKey));
    }
  });

  it('pauses about every so many comparisons', () => {
    let comparisons = 0;
    const counted = (a: { key: number }, b: { key: number }) => {
      comparisons += 1;
      return byKey(a, b);
    };
    const steps = sortInSteps(items, counted, 2000);
    let most = 0;
    for (let step = steps.next(); ; step = steps.next()) {
      most = Math.max(most, comparisons);
      comparisons = 0;
      if (step.done) break;
    }
    // A run of 512 sorted at once is the largest part: about 512 log2 512 comparisons, over the step's own count.
    expect(most).toBeLessThanOrEqual(2000 + 512 * 9);
    expect(most).toBeGreaterThan(0);
    let pauses = 0;
    const again = sortInSteps(items, byKey, 2000);
    while (!again.next().done) pauses += 1;
    // Each of the 10 runs is more than a step's worth; the merges' 4 levels of 5,000 items some more.
    expect(pauses).toBeGreaterThanOrEqual(10 + 5);
  });
});
