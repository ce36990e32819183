/**
 * The licence list of what ships (issue 11, About panel), on a fake node_modules tree: every production dependency
 * and what it depends on, resolved as Node does (nested copies first), each version once; the runtime without its
 * download helpers; licence fields in their three historical forms; missing required packages reported.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectLicences, licenceOf } from '../../../scripts/licenses.js';
import { aboutPanelOptions, licenceLines, parseLicences } from '../../../electron/about-panel.js';

const ROOT = path.resolve('/project');

/** A tree of package.json files: relative folder -> manifest. */
function tree(packages: Record<string, object>) {
  const files = new Map(Object.entries(packages).map(([dir, pkg]) => [path.join(ROOT, dir, 'package.json'), pkg]));
  return (file: string): unknown => files.get(file) ?? null;
}

const read = tree({
  'node_modules/axios': {
    name: 'axios',
    version: '1.21.1',
    license: 'MIT',
    dependencies: { 'follow-redirects': '^1', 'form-data': '^4' },
  },
  'node_modules/follow-redirects': { name: 'follow-redirects', version: '1.15.0', license: 'MIT' },
  'node_modules/form-data': { name: 'form-data', version: '4.0.0', license: { type: 'MIT' }, dependencies: { asynckit: '^0.4' } },
  'node_modules/asynckit': { name: 'asynckit', version: '0.4.0', licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] },
  'node_modules/store': {
    name: 'store',
    version: '11.0.2',
    license: 'MIT',
    dependencies: { semver: '^7' },
    optionalDependencies: { fsevents: '*' },
  },
  // Two versions: the store's nested copy wins for it; the hoisted one serves the updater.
  'node_modules/store/node_modules/semver': { name: 'semver', version: '7.7.0', license: 'ISC' },
  'node_modules/semver': { name: 'semver', version: '6.3.1', license: 'ISC' },
  'node_modules/updater': {
    name: 'updater',
    version: '6.8.10',
    license: 'MIT',
    dependencies: { semver: '^6', 'follow-redirects': '^1' },
  },
  'node_modules/electron': { name: 'electron', version: '45.5.0', license: 'MIT', dependencies: { '@electron/get': '^5' } },
  'node_modules/@electron/get': { name: '@electron/get', version: '5.1.0', license: 'MIT' },
  'node_modules/devtool': { name: 'devtool', version: '1.0.0', license: 'GPL-3.0' },
  'node_modules/quiet': { name: 'quiet', version: '1.0.0' },
});

describe('collectLicences', () => {
  it('lists each shipped package once, nested copies resolved first, dev tools and download helpers left out', () => {
    const report = collectLicences(ROOT, ['axios', 'store', 'updater'], read, ['electron']);
    expect(report.missing).toEqual([]);
    expect(report.packages).toEqual([
      { name: 'asynckit', version: '0.4.0', license: '(MIT OR Apache-2.0)' },
      { name: 'axios', version: '1.21.1', license: 'MIT' },
      { name: 'electron', version: '45.5.0', license: 'MIT' },
      { name: 'follow-redirects', version: '1.15.0', license: 'MIT' },
      { name: 'form-data', version: '4.0.0', license: 'MIT' },
      { name: 'semver', version: '6.3.1', license: 'ISC' },
      { name: 'semver', version: '7.7.0', license: 'ISC' },
      { name: 'store', version: '11.0.2', license: 'MIT' },
      { name: 'updater', version: '6.8.10', license: 'MIT' },
    ]);
  });

  it('reports a required package that is not installed; a missing optional one is fine', () => {
    const report = collectLicences(ROOT, ['store', 'ghost'], read);
    expect(report.missing).toEqual(['ghost (needed by the app)']);
    expect(report.packages.map((p) => p.name)).toEqual(['semver', 'store']);
  });

  it('says UNKNOWN for a package that states no licence', () => {
    expect(licenceOf({ name: 'quiet', version: '1.0.0' })).toBe('UNKNOWN');
    expect(collectLicences(ROOT, ['quiet'], read).packages).toEqual([{ name: 'quiet', version: '1.0.0', license: 'UNKNOWN' }]);
  });
});

describe('the About panel', () => {
  const list = [{ name: 'axios', version: '1.21.1', license: 'MIT' }];

  it('reads the list the build wrote, and nothing else', () => {
    expect(parseLicences(JSON.stringify(list))).toEqual(list);
    expect(parseLicences(null)).toBeNull();
    expect(parseLicences('{')).toBeNull();
    expect(parseLicences(JSON.stringify([{ name: 'axios', version: '1', license: 'MIT', extra: 1 }]))).toBeNull();
  });

  it('shows the version and one line per licence; on Linux in the copyright text, its only free text', () => {
    const mac = aboutPanelOptions({ name: 'Keywarden', version: '0.1.0', platform: 'darwin', licences: list });
    expect(mac).toMatchObject({ applicationName: 'Keywarden', applicationVersion: '0.1.0' });
    expect(mac.credits).toContain('axios 1.21.1 (MIT)');
    const linux = aboutPanelOptions({ name: 'Keywarden', version: '0.1.0', platform: 'linux', licences: list });
    expect(linux.credits).toBeUndefined();
    expect(linux.copyright).toContain('axios 1.21.1 (MIT)');
    expect(licenceLines(null)).toMatch(/not built/);
  });
});
