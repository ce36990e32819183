/**
 * Work in steps: a generator that pauses (a `yield`) between parts of a long computation, so that main can run each
 * part in a task of its own and answer the admin's other questions meanwhile. Whoever needs the result before the
 * last step runs the rest at once: the result is the same either way.
 */

/** Runs the rest of the steps at once and gives the result. */
export function finishSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Items sorted a run at a time before the merges (Array#sort each). */
const SORT_RUN = 512;

/**
 * `items` sorted by `compare`, stably (equal items keep their order, as Array#sort does), pausing after about
 * `comparisonsPerStep` comparisons: a merge sort of runs. Sorting 30,000 legacy keys by urgency in one go took
 * 65-70 ms of one task at 10x the scale site. `items` itself is left as it is.
 */
export function* sortInSteps<T>(
  items: readonly T[],
  compare: (a: T, b: T) => number,
  comparisonsPerStep = 8000,
): Generator<void, T[]> {
  const count = items.length;
  let from: T[] = items.slice();
  let to: T[] = new Array<T>(count);
  let work = 0;
  for (let start = 0; start < count; start += SORT_RUN) {
    const run = from.slice(start, start + SORT_RUN).sort(compare);
    for (let k = 0; k < run.length; k += 1) from[start + k] = run[k]!;
    // A run's sort compares about n log2 n times.
    work += run.length * Math.log2(Math.max(2, run.length));
    if (work >= comparisonsPerStep) {
      work = 0;
      yield;
    }
  }
  for (let width = SORT_RUN; width < count; width *= 2) {
    for (let low = 0; low < count; low += 2 * width) {
      const middle = Math.min(low + width, count);
      const high = Math.min(low + 2 * width, count);
      let left = low;
      let right = middle;
      let at = low;
      while (left < middle && right < high) {
        // The left item first when equal: stable.
        to[at++] = compare(from[right]!, from[left]!) < 0 ? from[right++]! : from[left++]!;
        if (++work >= comparisonsPerStep) {
          work = 0;
          yield;
        }
      }
      while (left < middle) to[at++] = from[left++]!;
      while (right < high) to[at++] = from[right++]!;
    }
    [from, to] = [to, from];
  }
  return from;
}

/**
 * One computation in steps that several callers share (two grid questions asked while the first still makes the
 * rows): each caller's `steps()` runs the computation's next step when it runs one of its own, and every caller gets
 * the one result. A caller that needs it now runs the rest at once (finishSteps).
 */
export class SharedSteps<T> {
  private result: { readonly value: T } | null = null;
  /** Dropped once done: what the computation held on its way (counts, maps) goes with it. */
  private computation: Generator<void, T> | null;

  constructor(computation: Generator<void, T>) {
    this.computation = computation;
  }

  /** Whether the result is made. */
  get done(): boolean {
    return this.result !== null;
  }

  *steps(): Generator<void, T> {
    for (;;) {
      if (this.result) return this.result.value;
      const step = this.computation!.next();
      if (step.done) {
        this.result = { value: step.value };
        this.computation = null;
      } else yield;
    }
  }
}
