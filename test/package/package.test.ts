/**
 * The app's package, built here as `npm run dist` builds it (electron-builder.yml, the unpacked Linux target) with a
 * stand-in for the Electron binary: its app.asar file by file and its size, the fuses flipped in the binary, and the
 * settings electron-builder actually used for every platform's installers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractFile } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { FuseState } from '@electron/fuses/dist/constants.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAMP_FILE } from '../../scripts/web-renderer-build.js';
import { buildUnpackedPackage, ensureAppBuilt, LICENCES_FILE, projectDir, type BuiltPackage } from './support/build-package.js';
import {
  asarViolations,
  dependencyClosure,
  missingPackages,
  packagesImportedByMain,
  readAsarListing,
  type AsarListing,
  type Manifest,
} from './support/package-rules.js';

/**
 * app.asar measured at 8.48 MB (2026-12-01: main with its worker, preload, renderer, the licences file, and axios,
 * electron-store, electron-updater and zod with their dependencies), plus about 18 % headroom for ordinary growth.
 * Axios has gone since (the site's HTTP is Node's own), which only makes it smaller.
 * A jump past it means something new is shipped: find out what before raising it.
 */
const ASAR_SIZE_BUDGET_BYTES = 10_000_000;

const manifest = JSON.parse(fs.readFileSync(path.join(projectDir, 'package.json'), 'utf8')) as Manifest & {
  readonly description: string;
};
const productionDependencies = Object.keys(manifest.dependencies ?? {});
const devDependencies = Object.keys(manifest.devDependencies ?? {});

let workDir: string;
let built: BuiltPackage;
let listing: AsarListing;

beforeAll(async () => {
  await ensureAppBuilt();
  // As after `npm run web`, which leaves its stamp beside the renderer it built: the package must not take it.
  const stamp = path.join(projectDir, 'dist', 'renderer', STAMP_FILE);
  if (!fs.existsSync(stamp)) fs.writeFileSync(stamp, JSON.stringify({ sourcesMtimeMs: 0 }));
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-package-'));
  built = await buildUnpackedPackage(workDir);
  listing = readAsarListing(built.asarPath);
});
afterAll(() => {
  if (workDir !== undefined) fs.rmSync(workDir, { recursive: true, force: true });
});

describe('app.asar', () => {
  it('holds the built app and the production dependencies, file by file, and nothing else', () => {
    const allowed = dependencyClosure(projectDir, productionDependencies);
    expect(asarViolations(listing, allowed, devDependencies)).toEqual([]);
    expect(missingPackages(listing, allowed)).toEqual([]);
  });

  it('ships every package the packaged main imports, where Node finds it', () => {
    const main = extractFile(built.asarPath, 'dist/electron/main.js').toString('utf8');
    const imported = packagesImportedByMain(main);
    expect(imported).toContain('electron-store');
    for (const name of imported) expect(listing.files, name).toContain(`node_modules/${name}/package.json`);
  });

  it('carries package.json without scripts or devDependencies, pointing at the built main', () => {
    const packaged = JSON.parse(extractFile(built.asarPath, 'package.json').toString('utf8')) as Record<string, unknown>;
    expect(packaged.main).toBe('dist/electron/main.js');
    expect(packaged).not.toHaveProperty('scripts');
    expect(packaged).not.toHaveProperty('devDependencies');
  });

  it('ships the licences file for the About panel as the build wrote it', () => {
    const written = fs.readFileSync(path.join(projectDir, LICENCES_FILE), 'utf8');
    expect(extractFile(built.asarPath, LICENCES_FILE).toString('utf8')).toBe(written);
  });

  it(`stays within its size budget (${ASAR_SIZE_BUDGET_BYTES} bytes)`, () => {
    expect(fs.statSync(built.asarPath).size).toBeLessThanOrEqual(ASAR_SIZE_BUDGET_BYTES);
  });
});

describe('the unpacked app', () => {
  it("adds only app.asar to Electron's files: no resources/app folder, no unpacked files, no extra resources", () => {
    const files = fs
      .readdirSync(built.appOutDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(built.appOutDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
      .sort();
    expect(files).toEqual(['LICENSE.electron.txt', 'keywarden', 'locales/en-US.pak', 'resources/app.asar', 'version']);
  });
});

describe('Electron fuses in the packaged binary', () => {
  const expected: readonly { fuse: keyof typeof FuseV1Options; state: 'enabled' | 'disabled' }[] = [
    { fuse: 'RunAsNode', state: 'disabled' },
    { fuse: 'EnableNodeOptionsEnvironmentVariable', state: 'disabled' },
    { fuse: 'EnableNodeCliInspectArguments', state: 'disabled' },
    { fuse: 'EnableCookieEncryption', state: 'enabled' },
    { fuse: 'OnlyLoadAppFromAsar', state: 'enabled' },
    { fuse: 'EnableEmbeddedAsarIntegrityValidation', state: 'enabled' },
    { fuse: 'GrantFileProtocolExtraPrivileges', state: 'disabled' },
  ];
  it.each(expected)('$fuse is $state', async ({ fuse, state }) => {
    const wire = await getCurrentFuseWire(built.executablePath);
    expect(wire[FuseV1Options[fuse]]).toBe(state === 'enabled' ? FuseState.ENABLE : FuseState.DISABLE);
  });
});

describe('the settings electron-builder used', () => {
  it('names the app: appId, product name and the version of package.json', () => {
    expect(built.config.appId).toBe('io.keywarden.desktop');
    expect(built.productName).toBe('Keywarden');
    expect(built.version).toBe((manifest as unknown as { version: string }).version);
  });

  it('builds AppImage and deb on Linux, NSIS on Windows, dmg for x64 and arm64 on macOS', () => {
    expect(built.config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(built.config.win?.target).toBe('nsis');
    expect(built.config.mac?.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
  });

  it('takes every icon from the rendered PNGs of build/icon.svg', () => {
    expect(built.config.icon).toBe('build/icon.png');
    expect(built.config.mac?.icon).toBe('build/icon.png');
    expect(built.config.win?.icon).toBe('build/icon.png');
    expect(built.config.linux?.icon).toBe('build/icons');
  });

  it('writes a desktop entry with the name, the description as comment, and the category', () => {
    const entry = Object.fromEntries(
      built.desktopEntry
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(entry).toMatchObject({
      Name: 'Keywarden',
      Comment: manifest.description,
      Categories: 'Utility;',
      Icon: 'keywarden',
      Type: 'Application',
    });
  });

  it('sets the fuses through electronFuses', () => {
    expect(built.config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
      resetAdHocDarwinSignature: true,
    });
  });
});
