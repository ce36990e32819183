/**
 * Builds the unpacked Linux package (electron-builder's `dir` target) the way `npm run dist` does, from
 * electron-builder.yml, with two differences: the output goes to a temporary folder, and Electron's distribution is
 * the stand-in (the build machine cannot download Electron). electron-builder's own afterPack hook hands back the
 * configuration it actually used and the desktop entry it would write for the Linux installers.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';
import { Arch, build, Platform, type Configuration } from 'electron-builder';
import type { AfterPackContext } from 'app-builder-lib';
import { LinuxTargetHelper } from 'app-builder-lib/out/targets/LinuxTargetHelper.js';
import type { LinuxPackager } from 'app-builder-lib/out/linuxPackager.js';
import { REQUIRED_APP_FILES } from './package-rules.js';
import { writeStandInElectron } from './stand-in-electron.js';

export const projectDir = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Builds what `files` in electron-builder.yml picks up, where it is missing, with `npm run build`'s steps: the
 * renderer, main with its preload, and the licences file. Only the missing parts are built, since the e2e tier may
 * be reading dist/renderer at the same time.
 */
export async function ensureAppBuilt(): Promise<void> {
  const exists = (file: string): boolean => fs.existsSync(path.join(projectDir, file));
  const missing = REQUIRED_APP_FILES.filter((file) => !exists(file));
  const steps: { configFile: string; mode?: string }[] = [];
  if (missing.some((file) => file.startsWith('dist/renderer/'))) steps.push({ configFile: 'vite.config.ts' });
  if (missing.some((file) => file.startsWith('dist/electron/') && file !== LICENCES_FILE)) {
    steps.push({ configFile: 'vite.electron.config.ts' }, { configFile: 'vite.electron.config.ts', mode: 'preload' });
  }
  for (const { configFile, mode } of steps) {
    await viteBuild({ configFile: path.join(projectDir, configFile), mode, logLevel: 'warn' });
  }
  if (!exists(LICENCES_FILE)) {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/licenses.ts'], { cwd: projectDir, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`scripts/licenses.ts failed (status ${String(result.status)})`);
  }
}

/** Written by scripts/licenses.ts (the last step of `npm run build`), for the About panel. */
export const LICENCES_FILE = 'dist/electron/licenses.json';

export interface BuiltPackage {
  /** The unpacked app: the executable, resources/app.asar, Electron's files. */
  readonly appOutDir: string;
  readonly asarPath: string;
  readonly executablePath: string;
  /** The configuration electron-builder used: electron-builder.yml merged with its defaults. */
  readonly config: Configuration;
  readonly productName: string;
  readonly version: string;
  /** The `[Desktop Entry]` the AppImage and deb installers carry. */
  readonly desktopEntry: string;
}

export async function buildUnpackedPackage(workDir: string): Promise<BuiltPackage> {
  const electronDist = path.join(workDir, 'electron-dist');
  writeStandInElectron(electronDist);
  let packed: Omit<BuiltPackage, 'asarPath'> | undefined;
  await build({
    projectDir,
    targets: Platform.LINUX.createTarget('dir', Arch.x64),
    publish: 'never',
    config: {
      electronDist,
      directories: { output: path.join(workDir, 'release') },
      afterPack: async (context: AfterPackContext) => {
        const packager = context.packager as LinuxPackager;
        const linux = packager.platformSpecificBuildOptions;
        packed = {
          appOutDir: context.appOutDir,
          executablePath: path.join(context.appOutDir, packager.executableName),
          config: packager.config,
          productName: packager.appInfo.productName,
          version: packager.appInfo.version,
          desktopEntry: await new LinuxTargetHelper(packager).computeDesktopEntry(linux),
        };
      },
    },
  });
  if (packed === undefined) throw new Error('electron-builder finished without packing the app');
  return { ...packed, asarPath: path.join(packed.appOutDir, 'resources', 'app.asar') };
}
