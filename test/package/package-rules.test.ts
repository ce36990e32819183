/**
 * The package rules on made-up archive listings: each rule catches what it is for, so a clean result on the real
 * app.asar (package.test.ts) means something.
 */
import { describe, expect, it } from 'vitest';
import {
  asarViolations,
  missingPackages,
  packageDirOf,
  packagesImportedByMain,
  type AsarListing,
} from './support/package-rules.js';

const APP = [
  'package.json',
  'dist/electron/main.js',
  'dist/electron/preload.cjs',
  'dist/electron/snapshot-writer.worker.js',
  'dist/renderer/index.html',
  'dist/electron/licenses.json',
];
const allowed = new Set(['zod@4.6.7', 'semver@7.7.1', 'semver@6.3.1']);
const clean: AsarListing = {
  files: [
    ...APP,
    'dist/renderer/assets/index-DOvHuqDP.js',
    'node_modules/zod/package.json',
    'node_modules/zod/index.cjs',
    'node_modules/semver/package.json',
    'node_modules/x/node_modules/semver/package.json',
  ],
  packages: new Map([
    ['node_modules/zod', 'zod@4.6.7'],
    ['node_modules/semver', 'semver@7.7.1'],
    ['node_modules/x/node_modules/semver', 'semver@6.3.1'],
  ]),
};
const withFiles = (...files: string[]): AsarListing => ({ ...clean, files: [...clean.files, ...files] });
const check = (listing: AsarListing): string[] => asarViolations(listing, allowed, ['react', 'vitest']);

describe('asarViolations', () => {
  it('accepts the app files and the allowed packages', () => {
    expect(check(clean)).toEqual([]);
  });

  it.each([
    ['README.md', 'not part of the app'],
    ['dist/renderer/web-bridge.js', 'web host'],
    ['dist/renderer/assets/index-DOvHuqDP.js.map', 'source map'],
    ['dist/keyservice/server.js', 'key service'],
    ['test/e2e/connect.test.ts', 'tests'],
    ['node_modules/zod/tests/string.js', 'tests'],
    ['node_modules/zod/src/index.ts', 'TypeScript source'],
    ['node_modules/zod/index.d.cts', 'TypeScript source'],
    ['package-lock.json', 'lockfile'],
    ['node_modules/zod/tsconfig.json', 'tool configuration'],
    ['vite.electron.config.ts', 'TypeScript source'],
    ['electron-builder.yml', 'tool configuration'],
    ['node_modules/zod/.eslintrc.yml', 'tool configuration'],
  ])('refuses %s (%s)', (file, why) => {
    expect(check(withFiles(file))).toEqual([`${file}: ${why}`]);
  });

  it('refuses a devDependency and any package outside the production closure, by name and version', () => {
    const listing: AsarListing = {
      files: [...clean.files, 'node_modules/react/index.js', 'node_modules/zod/node_modules/semver/index.js'],
      packages: new Map([
        ...clean.packages,
        ['node_modules/react', 'react@19.3.1'],
        ['node_modules/zod/node_modules/semver', 'semver@5.0.0'],
      ]),
    };
    expect(check(listing)).toEqual([
      'node_modules/react/index.js: devDependency react@19.3.1',
      'node_modules/zod/node_modules/semver/index.js: no production dependency semver@5.0.0',
    ]);
  });

  it('reports the files the app cannot start without', () => {
    const listing = { ...clean, files: clean.files.filter((file) => file !== 'dist/electron/preload.cjs') };
    expect(check(listing)).toEqual(['dist/electron/preload.cjs: missing']);
  });
});

describe('missingPackages', () => {
  it('names the production packages the archive lacks', () => {
    expect(missingPackages(clean, allowed)).toEqual([]);
    expect(missingPackages(clean, new Set([...allowed, 'axios@1.21.1']))).toEqual(['axios@1.21.1']);
  });
});

describe('packageDirOf', () => {
  it('finds the innermost package folder, scoped or not', () => {
    expect(packageDirOf('node_modules/a/lib/x.js')).toBe('node_modules/a');
    expect(packageDirOf('node_modules/@s/b/x.js')).toBe('node_modules/@s/b');
    expect(packageDirOf('node_modules/a/node_modules/@s/b/x.js')).toBe('node_modules/a/node_modules/@s/b');
    expect(packageDirOf('dist/electron/main.js')).toBeNull();
  });
});

describe('packagesImportedByMain', () => {
  it('lists npm packages imported statically or dynamically, not electron or node built-ins', () => {
    const main = [
      'import { app } from "electron";',
      'import fs from "node:fs";',
      'import Store from "electron-store";',
      'import { z } from "zod/v4";',
      'import "@scope/side-effect/register";',
      'const { autoUpdater } = await import("electron-updater");',
    ].join('\n');
    expect(packagesImportedByMain(main)).toEqual(['@scope/side-effect', 'electron-store', 'electron-updater', 'zod']);
  });
});
