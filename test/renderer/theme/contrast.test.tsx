import { describe, expect, it } from 'vitest';
import { getContrastRatio } from '@mui/material/styles';
import { contrastRatio, parseColor } from '../../../renderer/theme/contrast.js';
import { visionColors } from '../../../renderer/theme/vision-tokens.js';

describe('contrastRatio', () => {
  it('spans 1 (same colour) to 21 (black on white), whichever side is the text', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#1b68fa', '#1b68fa')).toBeCloseTo(1, 5);
  });

  it('puts #767676 on white just above AA and #777777 just below, as WebAIM does', () => {
    expect(contrastRatio('#767676', '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5);
  });

  // MUI rounds luminance to three decimals, so the two agree to about 0.01.
  it('agrees with MUI on opaque token pairs', () => {
    const { light, dark } = visionColors;
    const pairs = [
      [light.primary.base, light.page.light],
      [light.typography.muted, light.page.shaded],
      [dark.red.base, dark.card.background],
      [dark.typography.contrast, dark.green.base],
    ] as const;
    for (const [fg, bg] of pairs) expect(contrastRatio(fg, bg)).toBeCloseTo(getContrastRatio(fg, bg), 1);
  });

  it('lays a translucent background over its backdrop, and a translucent text over that', () => {
    // 50% black over white is #808080 (3.95:1 against white); the same tint over black is black.
    expect(contrastRatio('#ffffff', 'rgba(0, 0, 0, 0.5)')).toBeCloseTo(contrastRatio('#ffffff', '#808080'), 1);
    expect(contrastRatio('#ffffff', '#00000080', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('rgba(255, 255, 255, 0)', '#000000')).toBeCloseTo(1, 5);
  });
});

describe('parseColor', () => {
  it('reads the hex and rgb forms MUI and the tokens use', () => {
    expect(parseColor('#1b68fa')).toEqual({ r: 27, g: 104, b: 250, a: 1 });
    expect(parseColor('#fff')).toEqual({ r: 255, g: 255, b: 255, a: 1 });
    expect(parseColor('#0000003f')?.a).toBeCloseTo(63 / 255, 5);
    expect(parseColor('rgba(27, 104, 250, 0.08)')).toEqual({ r: 27, g: 104, b: 250, a: 0.08 });
    expect(parseColor('rgb(74, 53, 105)')).toEqual({ r: 74, g: 53, b: 105, a: 1 });
  });

  it('refuses what it cannot read, so a check never passes on a guess', () => {
    expect(parseColor('red')).toBeNull();
    expect(parseColor('#12345')).toBeNull();
    expect(parseColor('var(--x)')).toBeNull();
    expect(() => contrastRatio('undefined', '#ffffff')).toThrow(/Not a colour/);
  });
});
