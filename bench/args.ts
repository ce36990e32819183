/** `npm run bench -- [--scale N] [--runs N] [--skip-render]`: parsed and checked (pure). */

export interface BenchArgs {
  /** The scale site's size factor (keyservice --scale). */
  readonly scale: number;
  /** Measured runs per figure (each figure is their median); at least 7. */
  readonly runs: number;
  /** Leave out the browser part (for a machine without Chromium). */
  readonly skipRender: boolean;
}

export const MIN_RUNS = 7;
export const USAGE = 'usage: npm run bench -- [--scale N] [--runs N (>= 7)] [--skip-render]';

export function parseBenchArgs(args: readonly string[]): BenchArgs | { error: string } {
  let scale = 1;
  let runs = MIN_RUNS;
  let skipRender = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = (): string | undefined => inline ?? args[++i];
    const whole = (text: string | undefined, min: number, max: number): number | null =>
      text !== undefined && /^\d{1,4}$/.test(text) && Number(text) >= min && Number(text) <= max ? Number(text) : null;
    switch (name) {
      case '--scale': {
        const text = value();
        const parsed = whole(text, 1, 100);
        if (parsed === null) return { error: `--scale takes a whole number from 1 to 100, got "${text ?? ''}"` };
        scale = parsed;
        break;
      }
      case '--runs': {
        const text = value();
        const parsed = whole(text, MIN_RUNS, 1000);
        if (parsed === null) return { error: `--runs takes a whole number from ${MIN_RUNS} to 1000, got "${text ?? ''}"` };
        runs = parsed;
        break;
      }
      case '--skip-render':
        skipRender = true;
        break;
      default:
        return { error: `unknown argument "${arg}"` };
    }
  }
  return { scale, runs, skipRender };
}
