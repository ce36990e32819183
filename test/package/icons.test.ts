/**
 * The app's icon set: one source image (build/icon.svg) and the PNGs `npm run icons` renders from it, committed so
 * that `npm run dist` needs no browser. Reads the PNG headers: size, colour type, and the first pixel (the corner,
 * outside the rounded square, which must stay transparent).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ICON_SOURCE, LINUX_ICON_SIZES, MASTER_ICON, linuxIconFile } from '../../scripts/make-icons.js';

interface PngFacts {
  readonly width: number;
  readonly height: number;
  readonly colourType: number;
  readonly firstPixel: readonly number[];
}

/** IHDR and the first pixel of the first row (whatever its filter, with no row above and no pixel to the left). */
function readPng(file: string): PngFacts {
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(0, 8).toString('hex'), `${file} is a PNG`).toBe('89504e470d0a1a0a');
  const idat: Buffer[] = [];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    if (bytes.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const pixels = zlib.inflateSync(Buffer.concat(idat));
  return {
    width: bytes.readUInt32BE(16),
    height: bytes.readUInt32BE(20),
    colourType: bytes[25]!,
    firstPixel: [...pixels.subarray(1, 5)],
  };
}

const RGBA = 6;

describe('the icon set', () => {
  it('has one source image, the SVG in Flywheel blue', () => {
    const svg = fs.readFileSync(ICON_SOURCE, 'utf8');
    expect(svg).toContain('viewBox="0 0 1024 1024"');
    expect(svg.toLowerCase()).toContain('#1b68fa');
  });

  it('renders the 1024x1024 master PNG with a transparent corner (macOS .icns and Windows .ico come from it)', () => {
    const png = readPng(MASTER_ICON.file);
    expect(png).toMatchObject({ width: 1024, height: 1024, colourType: RGBA });
    expect(png.firstPixel[3]).toBe(0);
  });

  it.each(LINUX_ICON_SIZES)('renders the Linux icon of %i pixels square', (size) => {
    expect(readPng(linuxIconFile(size))).toMatchObject({ width: size, height: size, colourType: RGBA });
  });

  it('holds nothing else in build/icons (electron-builder installs every <n>x<n>.png there)', () => {
    const expected = LINUX_ICON_SIZES.map((size) => path.basename(linuxIconFile(size))).sort();
    expect(fs.readdirSync(path.dirname(linuxIconFile(16))).sort()).toEqual(expected);
  });
});
