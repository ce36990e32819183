import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import type { Configuration } from 'app-builder-lib';

// js-yaml ships no types here (@types/js-yaml is not installed); load it through require with a narrow type.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

const file = fileURLToPath(new URL('../../../electron-builder.yml', import.meta.url));
const load = (): Configuration & Record<string, unknown> =>
  yaml.load(fs.readFileSync(file, 'utf8')) as Configuration & Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('is valid for electron-builder', async () => {
    await expect(validateConfiguration(load(), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('an unknown key makes validation fail (the check can fail)', async () => {
    const config = { ...load(), notAnOption: true } as unknown as Configuration;
    await expect(validateConfiguration(config, new DebugLogger(false))).rejects.toThrow(/notAnOption/);
  });

  it('does not rebuild native modules (they belong to the key service)', () => {
    expect(load().npmRebuild).toBe(false);
  });

  it('sets appId and productName', () => {
    const config = load();
    expect(config.appId).toBe('io.keywarden.desktop');
    expect(config.productName).toBe('Keywarden');
  });

  it('ships only the built app, never the web bridge, key service or sources', () => {
    const files = load().files as string[];
    expect(files).toContain('!dist/renderer/web-bridge.js');
    for (const entry of files) expect(entry).not.toMatch(/^(keyservice|electron\/|shared|renderer\/|scripts|test)/);
  });

  it('pins the Electron version of package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(fileURLToPath(new URL('../../../package.json', import.meta.url)), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    expect(load().electronVersion).toBe(pkg.devDependencies.electron);
  });
});
