/**
 * The folder boundaries of eslint.config.js (design.md, convention 9), run through ESLint's Node API on tiny virtual
 * files: app code never imports the key service (only the web host, scripts, bench and tests may), and the older
 * boundaries still hold beside that rule (a later config block replaces an earlier one's rule for the same file,
 * so a new block can silently undo an old one).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let eslint: ESLint;

beforeAll(async () => {
  eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'eslint.config.js') });
  // Loading the config and the TypeScript parser takes a while the first time: not in a test's own time.
  await eslint.lintText('export {};\n', { filePath: path.join(root, 'shared/warm-up.ts') });
}, 60_000);

/** The rule ids and messages ESLint reports for `code` as if it were the file at `file` (relative to the root). */
async function lint(file: string, code: string): Promise<Array<{ ruleId: string | null; message: string }>> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map(({ ruleId, message }) => ({ ruleId, message }));
}

const KEY_SERVICE = /App code must not import the key service/;

function importOfKeyService(file: string, form: 'value' | 'type' | 'folder' | 'dynamic' | 're-export'): string {
  const depth = file.split('/').length - 1;
  const target = `${'../'.repeat(depth) || './'}keyservice`;
  switch (form) {
    case 'value':
      return `import { startKeyService } from '${target}/index.js';\nexport const start = startKeyService;\n`;
    case 'type':
      return `import type { KeyService } from '${target}/index.js';\nexport type Service = KeyService;\n`;
    case 'folder':
      return `import { startKeyService } from '${target}';\nexport const start = startKeyService;\n`;
    case 'dynamic':
      return `export const start = () => import('${target}/index.js');\n`;
    case 're-export':
      return `export { DEMO_DEVICE_IDS } from '${target}/seed/demo.js';\n`;
  }
}

describe('app code must not import the key service', { timeout: 20_000 }, () => {
  it('a service under electron/services importing ../../keyservice/index.js is an error', async () => {
    const messages = await lint('electron/services/uses-keyservice.ts', importOfKeyService('electron/services/x.ts', 'value'));
    expect(messages).toEqual([{ ruleId: 'no-restricted-imports', message: expect.stringMatching(KEY_SERVICE) }]);
  });

  it.each(['type', 'folder', 'dynamic', 're-export'] as const)('so is a %s import of it', async (form) => {
    const messages = await lint('electron/services/uses-keyservice.ts', importOfKeyService('electron/services/x.ts', form));
    expect(messages).toEqual([{ ruleId: expect.stringMatching(/^no-restricted-/), message: expect.stringMatching(KEY_SERVICE) }]);
  });

  it.each([
    'electron/headless/readiness.ts',
    'electron/headless/readiness-cli.ts',
    'electron/adapters/uses-keyservice.ts',
    'electron/ipc/uses-keyservice.ts',
    'electron/main.ts',
    'electron/preload.ts',
    'electron/composition.ts',
    'renderer/pages/uses-keyservice.tsx',
    'shared/uses-keyservice.ts',
    'vite.config.ts',
  ])('in %s too', async (file) => {
    const messages = await lint(file, importOfKeyService(file, 'value'));
    expect(messages).toEqual([{ ruleId: 'no-restricted-imports', message: expect.stringMatching(KEY_SERVICE) }]);
  });

  it.each([
    'electron/web-host/uses-keyservice.ts',
    'scripts/uses-keyservice.ts',
    'bench/uses-keyservice.ts',
    'test/integration/uses-keyservice.test.ts',
  ])('%s may import it', async (file) => {
    expect(await lint(file, importOfKeyService(file, 'value'))).toEqual([]);
    expect(await lint(file, importOfKeyService(file, 'dynamic'))).toEqual([]);
  });

  it('a folder merely named like it is not refused', async () => {
    expect(await lint('electron/services/x.ts', "export const load = () => import('../keyservices-docs/index.js');\n")).toEqual(
      [],
    );
  });

  it('electron/headless (the readiness command) does not import it today', async () => {
    for (const file of ['electron/headless/readiness.ts', 'electron/headless/readiness-cli.ts']) {
      const source = fs.readFileSync(path.join(root, file), 'utf8');
      expect(source).not.toMatch(/from\s+['"][^'"]*keyservice|import\(\s*['"][^'"]*keyservice/);
      const [result] = await eslint.lintFiles([path.join(root, file)]);
      expect(result?.messages.filter((message) => message.ruleId?.startsWith('no-restricted-'))).toEqual([]);
    }
  });
});

describe('the older boundaries still hold beside it', { timeout: 20_000 }, () => {
  it.each([
    ['electron/services/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['electron/web-host/x.ts', "import Store from 'electron-store';\nexport const a = Store;\n"],
    ['electron/services/x.ts', "import https from 'node:https';\nexport const a = https;\n"],
    ['electron/headless/x.ts', "import http from 'node:http';\nexport const a = http;\n"],
    ['renderer/x.tsx', "import fs from 'node:fs';\nexport const a = fs;\n"],
    [
      'renderer/x.tsx',
      "import { createMainServices } from '../electron/composition.js';\nexport const a = createMainServices;\n",
    ],
    ['shared/x.ts', "import { useState } from 'react';\nexport const a = useState;\n"],
  ])('%s: %j is an error', async (file, code) => {
    expect((await lint(file, code)).map((message) => message.ruleId)).toEqual(['no-restricted-imports']);
  });

  it('electron/adapters may import electron, and types of it are fine elsewhere', async () => {
    expect(await lint('electron/adapters/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
    expect(await lint('electron/services/x.ts', "import type { App } from 'electron';\nexport type A = App;\n")).toEqual([]);
  });
});
