/**
 * What the app's package may hold, as functions of values so that each rule can be shown to fail on a made-up
 * listing as well as checked against the real app.asar.
 */
import fs from 'node:fs';
import path from 'node:path';
import { extractFile, getRawHeader } from '@electron/asar';

/**
 * The app's own files in app.asar, exactly: the built main process, preload and renderer, the licences for the About
 * panel, and package.json. The renderer's assets are whatever Vite emits (hashed names), by type.
 */
export const APP_FILE_PATTERNS: readonly RegExp[] = [
  /^package\.json$/,
  /^dist\/electron\/main\.js$/,
  /^dist\/electron\/preload\.cjs$/,
  /^dist\/electron\/snapshot-writer\.worker\.js$/,
  /^dist\/electron\/licenses\.json$/,
  /^dist\/renderer\/index\.html$/,
  /^dist\/renderer\/assets\/[\w-]+\.(js|css|woff2?|svg|png|ico)$/,
];

/** The files the app cannot do without (the About panel lists the licences of what ships). */
export const REQUIRED_APP_FILES = [
  'package.json',
  'dist/electron/main.js',
  'dist/electron/preload.cjs',
  'dist/electron/snapshot-writer.worker.js',
  'dist/renderer/index.html',
  'dist/electron/licenses.json',
] as const;

/** Never in the package, wherever they sit (dependencies included). */
export const FORBIDDEN_FILES: readonly { readonly why: string; readonly pattern: RegExp }[] = [
  { why: 'source map', pattern: /\.map$/ },
  { why: 'key service', pattern: /keyservice/i },
  { why: 'web host', pattern: /web-bridge|web-host/ },
  { why: 'tests', pattern: /(^|\/)(tests?|__tests__|spec)\/|\.(test|spec)\.[cm]?[jt]sx?$/ },
  { why: 'TypeScript source', pattern: /\.[cm]?tsx?$/ },
  { why: 'lockfile', pattern: /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml)$/ },
  {
    why: 'tool configuration',
    pattern:
      /(^|\/)(tsconfig[\w.-]*\.json|(vite|vitest|eslint)[\w.-]*\.config\.[cm]?[jt]s|\.eslintrc[\w.]*|\.prettierrc[\w.]*|\.nycrc[\w.]*|\.editorconfig|\.npmrc|electron-builder\.ya?ml)$/,
  },
];

/** Every file (not folder) in an asar archive, as paths relative to its root with forward slashes. */
export function listAsarFiles(asarPath: string): string[] {
  interface Entry {
    files?: Record<string, Entry>;
  }
  const files: string[] = [];
  const walk = (entry: Entry, prefix: string): void => {
    for (const [name, child] of Object.entries(entry.files ?? {})) {
      const relative = prefix === '' ? name : `${prefix}/${name}`;
      if (child.files !== undefined) walk(child, relative);
      else files.push(relative);
    }
  };
  walk(getRawHeader(asarPath).header as Entry, '');
  return files.sort();
}

/** The archive's files and the `name@version` of each node_modules folder in it (read from its package.json). */
export function readAsarListing(asarPath: string): AsarListing {
  const files = listAsarFiles(asarPath);
  const packages = new Map<string, string>();
  for (const file of files) {
    const dir = packageDirOf(file);
    if (dir === null || file !== `${dir}/package.json`) continue;
    packages.set(dir, packageId(JSON.parse(extractFile(asarPath, file).toString('utf8')) as PackageManifest));
  }
  return { files, packages };
}

/** The package folder a node_modules file belongs to (`node_modules/a/node_modules/@s/b`), or null for app files. */
export function packageDirOf(file: string): string | null {
  const match = /^((?:node_modules\/(?:@[^/]+\/)?[^/]+\/)+)/.exec(file);
  return match === null ? null : match[1]!.replace(/\/$/, '');
}

interface PackageManifest {
  readonly name: string;
  readonly version: string;
}

export interface Manifest extends PackageManifest {
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
}

const readManifest = (dir: string): Manifest => JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;

/** Node's lookup: `name` from `fromDir`'s own node_modules, then each parent's, up to the project. */
function resolvePackage(projectDir: string, fromDir: string, name: string): string | null {
  for (let dir = fromDir; ; dir = path.dirname(path.dirname(dir))) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.relative(projectDir, dir) === '') return null;
  }
}

/** A package as `name@version`: electron-builder flattens node_modules, so a folder says less than its manifest. */
export const packageId = (manifest: { readonly name: string; readonly version: string }): string =>
  `${manifest.name}@${manifest.version}`;

/**
 * The installed packages (`name@version`) of `roots` and everything they depend on at run time: what the production
 * dependencies need, and so all that electron-builder may copy.
 */
export function dependencyClosure(projectDir: string, roots: readonly string[]): Set<string> {
  const found = new Set<string>();
  const visited = new Set<string>();
  const visit = (fromDir: string, name: string, optional: boolean): void => {
    const dir = resolvePackage(projectDir, fromDir, name);
    if (dir === null) {
      if (optional) return;
      throw new Error(`${name} is not installed (needed from ${path.relative(projectDir, fromDir) || 'the app'})`);
    }
    if (visited.has(dir)) return;
    visited.add(dir);
    const manifest = readManifest(dir);
    found.add(packageId(manifest));
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dir, dep, false);
    for (const dep of Object.keys(manifest.optionalDependencies ?? {})) visit(dir, dep, true);
  };
  for (const root of roots) visit(projectDir, root, false);
  return found;
}

/** What the rules need to know about the archive: its files, and each node_modules folder's `name@version`. */
export interface AsarListing {
  readonly files: readonly string[];
  readonly packages: ReadonlyMap<string, string>;
}

/** Each file that breaks a rule, with the reason. Empty when the listing holds what runs and nothing else. */
export function asarViolations(
  listing: AsarListing,
  allowedPackages: ReadonlySet<string>,
  devDependencies: readonly string[],
): string[] {
  const violations: string[] = [];
  const devNames = new Set(devDependencies);
  for (const file of listing.files) {
    const forbidden = FORBIDDEN_FILES.find(({ pattern }) => pattern.test(file));
    if (forbidden !== undefined) {
      violations.push(`${file}: ${forbidden.why}`);
      continue;
    }
    const packageDir = packageDirOf(file);
    if (packageDir === null) {
      if (!APP_FILE_PATTERNS.some((pattern) => pattern.test(file))) violations.push(`${file}: not part of the app`);
      continue;
    }
    const id = listing.packages.get(packageDir) ?? `${packageDir} (no package.json)`;
    if (allowedPackages.has(id)) continue;
    const name = packageDir.replace(/^.*node_modules\//, '');
    violations.push(`${file}: ${devNames.has(name) ? 'devDependency' : 'no production dependency'} ${id}`);
  }
  for (const required of REQUIRED_APP_FILES) {
    if (!listing.files.includes(required)) violations.push(`${required}: missing`);
  }
  return violations;
}

/** Production packages main may need that the archive lacks (main would fail to load them). */
export function missingPackages(listing: AsarListing, allowedPackages: ReadonlySet<string>): string[] {
  const shipped = new Set(listing.packages.values());
  return [...allowedPackages].filter((id) => !shipped.has(id)).sort();
}

/** Bare module names main.js imports at run time (npm packages, not Electron or Node built-ins). */
export function packagesImportedByMain(mainSource: string): string[] {
  const staticImports = [...mainSource.matchAll(/^import\s[^'"]*?["']([^"']+)["'];?$/gm)];
  const dynamicImports = [...mainSource.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)];
  const specifiers = [...staticImports, ...dynamicImports].map((match) => match[1]!);
  const names = specifiers
    .filter((specifier) => specifier !== 'electron' && !specifier.startsWith('node:') && !specifier.startsWith('.'))
    .map((specifier) =>
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/'),
    );
  return [...new Set(names)].sort();
}
