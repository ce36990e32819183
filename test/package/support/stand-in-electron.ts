/**
 * A stand-in for Electron's unpacked Linux distribution, for electron-builder's `electronDist` where the real binary
 * cannot be downloaded. electron-builder copies the folder as it is, renames `electron` to the app's executable and
 * flips the fuses in it with @electron/fuses, which looks for the fuse sentinel followed by the wire:
 * one version byte, one length byte, then one state byte per fuse (node_modules/@electron/fuses/dist/index.js).
 * The stand-in carries that wire with Electron's own defaults, so a fuse the configuration forgets stays at the
 * default and the packaging test sees it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
// The package's index does not re-export these: the sentinel ('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX') that Electron's
// binary carries before its fuse wire, and the state bytes ('0' disabled, '1' enabled, 'r' removed).
import { FuseState, SENTINEL } from '@electron/fuses/dist/constants.js';

/** Electron's defaults (https://www.electronjs.org/docs/latest/tutorial/fuses#current-fuses), by wire index. */
export const ELECTRON_DEFAULT_FUSES: Readonly<Record<FuseV1Options, FuseState>> = {
  [FuseV1Options.RunAsNode]: FuseState.ENABLE,
  [FuseV1Options.EnableCookieEncryption]: FuseState.DISABLE,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: FuseState.ENABLE,
  [FuseV1Options.EnableNodeCliInspectArguments]: FuseState.ENABLE,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: FuseState.DISABLE,
  [FuseV1Options.OnlyLoadAppFromAsar]: FuseState.DISABLE,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: FuseState.DISABLE,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: FuseState.ENABLE,
};

function fuseWire(): Buffer {
  const states = Object.keys(ELECTRON_DEFAULT_FUSES)
    .map(Number)
    .sort((a, b) => a - b)
    .map((index) => ELECTRON_DEFAULT_FUSES[index as FuseV1Options]);
  return Buffer.concat([Buffer.from(SENTINEL, 'ascii'), Buffer.from([Number(FuseVersion.V1), states.length, ...states])]);
}

/**
 * Writes the stand-in into `dir`: the executable (bytes around the wire, as in a real binary), Electron's licence
 * and version files, one locale, and an empty resources folder where electron-builder puts app.asar. Electron's
 * resources/default_app.asar is left out: electron-builder deletes it from the Electron it downloads, but keeps
 * whatever a custom `electronDist` folder holds.
 */
export function writeStandInElectron(dir: string): void {
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'locales'), { recursive: true });
  const executable = Buffer.concat([Buffer.from('\x7fELF stand-in for Electron\n'), fuseWire(), Buffer.alloc(64)]);
  fs.writeFileSync(path.join(dir, 'electron'), executable, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'LICENSE'), "Stand-in for Electron's MIT licence.\n");
  fs.writeFileSync(path.join(dir, 'version'), '45.5.0');
  fs.writeFileSync(path.join(dir, 'locales', 'en-US.pak'), 'stand-in locale');
}
