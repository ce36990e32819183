import { describe, expect, it } from 'vitest';
import { buildTheme } from '../../../renderer/theme/app-theme.js';
import { contrastRatio } from '../../../renderer/theme/contrast.js';
import { themePairs } from './theme-pairs.js';

describe.each(['light', 'dark'] as const)('the %s theme', (mode) => {
  const pairs = themePairs(buildTheme(mode));

  it('checks the pairs it should (a guard against an empty walk)', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(50);
  });

  it('reaches WCAG AA on every text pair and 3:1 for the focus ring', () => {
    const failures = pairs
      .map((pair) => ({ ...pair, ratio: contrastRatio(pair.foreground, pair.background, pair.backdrop) }))
      .filter((pair) => pair.ratio < pair.minimum)
      .map((pair) => `${pair.name}: ${pair.foreground} on ${pair.background} is ${pair.ratio.toFixed(2)}:1`);
    expect(failures).toEqual([]);
  });
});
