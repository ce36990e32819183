/**
 * A computation in steps (shared/steps.ts) run in main: a step per task for the questions that can wait for it
 * (`inTasks`, one run for every such question), or the rest at once for a caller that needs the result now
 * (`finish`). Either way the result is the same object.
 */
export class StepRun<T> {
  private result: { readonly value: T } | null = null;
  private stopped: Error | null = null;
  private running: Promise<T> | null = null;

  constructor(private readonly steps: Generator<void, T>) {}

  /** The result, the remaining steps run now. */
  finish(): T {
    for (;;) {
      const result = this.next();
      if (result) return result.value;
    }
  }

  /** The result, a step now and then one per task; every caller gets the same run. */
  inTasks(): Promise<T> {
    this.running ??= (async () => {
      for (;;) {
        const result = this.next();
        if (result) return result.value;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    })();
    return this.running;
  }

  /** No more steps: whoever waits gets `reason` (the site was forgotten meanwhile). */
  stop(reason: Error): void {
    this.stopped ??= reason;
  }

  private next(): { readonly value: T } | null {
    if (this.result) return this.result;
    if (this.stopped) throw this.stopped;
    const step = this.steps.next();
    if (step.done) this.result = { value: step.value };
    return this.result;
  }
}
