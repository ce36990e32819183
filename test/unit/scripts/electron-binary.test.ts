import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronBinary, MISSING_ELECTRON_MESSAGE } from '../../../scripts/electron-binary.js';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-electron-'));
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

const pkg = () => path.join(root, 'node_modules', 'electron');

describe('electronBinary', () => {
  it('null without node_modules/electron', () => {
    expect(electronBinary(root)).toBeNull();
  });

  it('null with path.txt but no dist binary', () => {
    fs.mkdirSync(pkg(), { recursive: true });
    fs.writeFileSync(path.join(pkg(), 'path.txt'), 'electron');
    expect(electronBinary(root)).toBeNull();
  });

  it('the binary path when path.txt and the binary exist (path.txt trimmed)', () => {
    fs.mkdirSync(path.join(pkg(), 'dist'), { recursive: true });
    fs.writeFileSync(path.join(pkg(), 'path.txt'), 'electron\n');
    fs.writeFileSync(path.join(pkg(), 'dist', 'electron'), '');
    expect(electronBinary(root)).toBe(path.join(pkg(), 'dist', 'electron'));
  });

  it('null with a dist folder but no path.txt', () => {
    fs.mkdirSync(path.join(pkg(), 'dist'), { recursive: true });
    fs.writeFileSync(path.join(pkg(), 'dist', 'electron'), '');
    expect(electronBinary(root)).toBeNull();
  });

  it('the message points to the web host', () => {
    expect(MISSING_ELECTRON_MESSAGE).toContain('npm run web');
  });
});
