/** The benchmarks' arithmetic (pure; never used by tests to assert a time). */

/** A figure over several runs: its median and the spread from the smallest to the largest run. */
export interface Figure {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  // An even count takes the mean of the two middle values.
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function figure(values: readonly number[]): Figure {
  if (values.length === 0) throw new Error('A figure needs at least one run.');
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), runs: values.length };
}

/** "412 ms (380–455, 7 runs)" */
export function formatFigure(value: Figure, unit: string, digits = 0): string {
  const n = (x: number): string => x.toFixed(digits);
  return `${n(value.median)} ${unit} (${n(value.min)}–${n(value.max)}, ${value.runs} runs)`;
}

export function formatBytes(bytes: number): string {
  return bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : `${(bytes / 2 ** 10).toFixed(0)} KiB`;
}
