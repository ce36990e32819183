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
