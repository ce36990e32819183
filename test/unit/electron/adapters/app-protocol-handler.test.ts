/**
 * The `app://` handler on a real folder (issue 11): answers the renderer's files with their type and the window's
 * CSP, and refuses unknown hosts, traversal, symlinks out of the folder, the web host's bridge and other methods.
 * The scheme is registered as privileged (before ready) and handled on the default session's protocol.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_SCHEME_PRIVILEGES } from '../../../../electron/app-protocol.js';
import { DESKTOP_CSP } from '../../../../electron/window-options.js';
import { createLogger } from '../../../../electron/services/logger.js';

vi.mock('electron', () => ({}));

const { createAppProtocolHandler, registerAppScheme, serveAppScheme } =
  await import('../../../../electron/adapters/app-protocol-handler.js');

let base: string;
let root: string;
const lines: string[] = [];
const logger = createLogger((line) => lines.push(line));

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-app-protocol-'));
  root = path.join(base, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Keywarden</title>');
  fs.writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'export {};');
  fs.writeFileSync(path.join(root, 'web-bridge.js'), '/* bridge */');
  fs.writeFileSync(path.join(base, 'secret.json'), '{"secret":true}');
  fs.mkdirSync(path.join(root, 'folder.js'));
  // A link planted in the renderer folder, pointing at a file outside it.
  fs.symlinkSync(path.join(base, 'secret.json'), path.join(root, 'assets', 'linked.json'));
  // A link to a file inside the folder is fine.
  fs.symlinkSync(path.join(root, 'index.html'), path.join(root, 'assets', 'inner.html'));
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => createAppProtocolHandler(root, logger)({ url, method });

describe('the app:// handler', () => {
  it('serves the page and its scripts with their type and the CSP of the window', async () => {
    const page = await get('app://keywarden/index.html');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Keywarden</title>');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(DESKTOP_CSP);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const script = await get('app://keywarden/assets/index-abc.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('export {};');
    expect((await get('app://keywarden/')).status).toBe(200);
    expect((await get('app://keywarden/assets/inner.html')).status).toBe(200);
  });

  it.each([
    'app://other/index.html',
    'app://keywarden/..%2fsecret.json',
    'app://keywarden/assets/..%2f..%2fsecret.json',
    'app://keywarden/assets/linked.json',
    'app://keywarden/web-bridge.js',
    'app://keywarden/missing.js',
    'app://keywarden/folder.js',
  ])('refuses %s with a 404 that carries nothing of the file', async (url) => {
    const answer = await get(url);
    expect(answer.status).toBe(404);
    expect(await answer.text()).toBe('');
    expect(answer.headers.get('content-security-policy')).toBe(DESKTOP_CSP);
  });

  it('answers only GET', async () => {
    expect((await get('app://keywarden/index.html', 'POST')).status).toBe(405);
  });

  it('logs the reason of a refusal, never the URL', async () => {
    lines.length = 0;
    await get('app://keywarden/assets/linked.json?token=ADMINCANARY');
    await get('app://evil/ADMINCANARY.js');
    expect(lines.map((line) => (JSON.parse(line) as { reason: string }).reason)).toEqual(['outside-folder', 'unknown-host']);
    expect(lines.join('\n')).not.toContain('ADMINCANARY');
  });

  it('registers the scheme with its privileges, and handles it on the given protocol', async () => {
    const registered: unknown[] = [];
    registerAppScheme({ registerSchemesAsPrivileged: (schemes) => registered.push(...schemes) });
    expect(registered).toEqual([{ scheme: 'app', privileges: APP_SCHEME_PRIVILEGES }]);
    const handled = new Map<string, (request: Request) => Promise<Response>>();
    serveAppScheme({ handle: (scheme, handler) => handled.set(scheme, handler as never) }, root, logger);
    expect([...handled.keys()]).toEqual(['app']);
    const answer = await handled.get('app')!(new Request('app://keywarden/index.html'));
    expect(answer.status).toBe(200);
  });
});
