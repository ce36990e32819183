/** Work in steps (shared/steps.ts): the same result as at once, with pauses between bounded parts. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SharedSteps, finishSteps, sortInSteps } from '../../../shared/steps.js';

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

describe('SharedSteps', () => {
  function* counting(made: { steps: number }): Generator<void, string> {
    for (let step = 0; step < 5; step += 1) {
      made.steps += 1;
      yield;
    }
    return 'made';
  }

  it('runs one computation for every caller, a step whenever any caller runs one, and gives each the one result', () => {
    const made = { steps: 0 };
    const shared = new SharedSteps(counting(made));
    const first = shared.steps();
    const second = shared.steps();
    first.next();
    second.next();
    expect(made.steps).toBe(2);
    expect(shared.done).toBe(false);
    expect(finishSteps(second)).toBe('made');
    expect(made.steps).toBe(5);
    expect(shared.done).toBe(true);
    // The first caller's next step finds the result made.
    expect(first.next()).toEqual({ done: true, value: 'made' });
    // A caller coming later gets it without a pause.
    expect(shared.steps().next()).toEqual({ done: true, value: 'made' });
    expect(made.steps).toBe(5);
  });

  it('lets go of what the computation held once it is done (a collection frees it)', () => {
    // Only a collection can show it: a script in a process of its own, with gc exposed. What the computation holds
    // in a closure (as the grids' row makers do) stays as long as the generator is kept.
    const steps = fileURLToPath(new URL('../../../shared/steps.ts', import.meta.url));
    const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-steps-')), 'held.mjs');
    fs.writeFileSync(
      script,
      `import { SharedSteps, finishSteps } from ${JSON.stringify(steps)};
      let held;
      function* computation() {
        const big = { data: new Array(1000).fill(1) };
        const peek = () => big.data.length;
        held = new WeakRef(big);
        yield;
        return peek();
      }
      const shared = new SharedSteps(computation());
      const value = finishSteps(shared.steps());
      await new Promise((resolve) => setTimeout(resolve, 0));
      globalThis.gc();
      console.log(JSON.stringify({ value, done: shared.done, freed: held.deref() === undefined }));`,
    );
    try {
      const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', script], { encoding: 'utf8' });
      expect(JSON.parse(out)).toEqual({ value: 1000, done: true, freed: true });
    } finally {
      fs.rmSync(path.dirname(script), { recursive: true, force: true });
    }
  });
});
