/**
 * Writes dist/electron/licenses.json (run by `npm run build`): name, version and licence of every package the
 * desktop app ships, that is Electron and the production dependencies with everything they depend on, read from
 * node_modules as Node would resolve them. The About panel shows the list (electron/about-panel.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { LICENCES_FILE, type ShippedPackage } from '../electron/about-panel.js';
import { projectRoot } from './electron-binary.js';

const manifest = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  license: z.union([z.string(), z.object({ type: z.string() })]).optional(),
  licenses: z.array(z.object({ type: z.string() })).optional(),
  dependencies: z.record(z.string(), z.string()).optional(),
  optionalDependencies: z.record(z.string(), z.string()).optional(),
});
type Manifest = z.infer<typeof manifest>;

/** Reads a package.json; null when there is none. */
export type ReadManifest = (file: string) => unknown;

/** SPDX expression, or the old `{ type }` / `licenses: [...]` forms; UNKNOWN when a package states none. */
export function licenceOf(pkg: Manifest): string {
  if (typeof pkg.license === 'string') return pkg.license;
  if (pkg.license) return pkg.license.type;
  const types = (pkg.licenses ?? []).map((entry) => entry.type);
  return types.length > 0 ? `(${types.join(' OR ')})` : 'UNKNOWN';
}

export interface LicenceReport {
  readonly packages: ShippedPackage[];
  /** Required dependencies that are not installed: the list would be incomplete. */
  readonly missing: string[];
}

/**
 * Every package reachable from `roots` (names installed at `rootDir`), following `dependencies` and the installed
 * `optionalDependencies`, resolved as Node does: the nearest `node_modules/<name>` from the requiring package up to
 * the root. Sorted by name and version, each once.
 */
export function collectLicences(
  rootDir: string,
  roots: readonly string[],
  read: ReadManifest,
  /** Listed alone: the package ships, its npm dependencies do not (Electron's are its download helpers). */
  alone: readonly string[] = [],
): LicenceReport {
  const found = new Map<string, ShippedPackage>();
  const missing: string[] = [];
  const visited = new Set<string>();
  const load = (dir: string): Manifest | null => {
    const raw = read(path.join(dir, 'package.json'));
    if (raw === null) return null;
    const parsed = manifest.safeParse(raw);
    return parsed.success ? parsed.data : null;
  };
  const resolve = (fromDir: string, name: string): { dir: string; pkg: Manifest } | null => {
    let dir = fromDir;
    for (;;) {
      if (path.basename(dir) !== 'node_modules') {
        const candidate = path.join(dir, 'node_modules', name);
        const pkg = load(candidate);
        if (pkg) return { dir: candidate, pkg };
      }
      const parent = path.dirname(dir);
      if (dir === rootDir || parent === dir) return null;
      dir = parent;
    }
  };
  const visit = (fromDir: string, name: string, optional: boolean, requiredBy: string, follow = true): void => {
    const resolved = resolve(fromDir, name);
    if (!resolved) {
      if (!optional) missing.push(`${name} (needed by ${requiredBy})`);
      return;
    }
    if (visited.has(resolved.dir)) return;
    visited.add(resolved.dir);
    const { pkg } = resolved;
    found.set(`${pkg.name}@${pkg.version}`, { name: pkg.name, version: pkg.version, license: licenceOf(pkg) });
    if (!follow) return;
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(resolved.dir, dep, false, pkg.name);
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) visit(resolved.dir, dep, true, pkg.name);
  };
  for (const name of alone) visit(rootDir, name, false, 'the app', false);
  for (const name of roots) visit(rootDir, name, false, 'the app');
  const packages = [...found.values()].sort((a, b) =>
    a.name === b.name ? a.version.localeCompare(b.version) : a.name.localeCompare(b.name),
  );
  return { packages, missing };
}

function readManifestFile(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

/** The runtime inside every installer; its npm package's own dependencies only download it and do not ship. */
export const RUNTIME = 'electron';

function main(): void {
  const app = readManifestFile(path.join(projectRoot, 'package.json')) as { dependencies?: Record<string, string> };
  const roots = Object.keys(app.dependencies ?? {});
  const report = collectLicences(path.resolve(projectRoot), roots, readManifestFile, [RUNTIME]);
  if (report.missing.length > 0) {
    process.stderr.write(`Not installed, so their licences cannot be listed: ${report.missing.join(', ')}\n`);
    process.exit(1);
  }
  const out = path.join(projectRoot, 'dist', 'electron', LICENCES_FILE);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(report.packages, null, 2)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
