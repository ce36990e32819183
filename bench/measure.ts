/** Timing helpers for the benchmarks (never used by tests). */
import { performance } from 'node:perf_hooks';

export interface Measurement {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export async function measure(task: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await task();
  return performance.now() - start;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
