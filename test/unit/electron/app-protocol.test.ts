/**
 * The `app://` scheme's pure rules (issue 11): only the app's host, only plain paths below the renderer folder,
 * only the types the renderer build emits, never the web host's bridge.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_INDEX_URL,
  APP_SCHEME_PRIVILEGES,
  resolveAppRequest,
  type AppRequestRefusal,
} from '../../../electron/app-protocol.js';
import { isAppUrl } from '../../../electron/window-options.js';

const ROOT = path.resolve('/opt/keywarden/dist/renderer');

describe('resolveAppRequest', () => {
  it.each([
    ['app://keywarden/', 'index.html', 'text/html; charset=utf-8'],
    ['app://keywarden/index.html', 'index.html', 'text/html; charset=utf-8'],
    ['app://keywarden/index.html#/devices/dev-1', 'index.html', 'text/html; charset=utf-8'],
    ['app://KEYWARDEN/assets/index-B4hX5YzE.js', 'assets/index-B4hX5YzE.js', 'text/javascript; charset=utf-8'],
    ['app://keywarden/assets/app-1.CSS', 'assets/app-1.CSS', 'text/css; charset=utf-8'],
    ['app://keywarden/assets/font%20x.woff2', 'assets/font x.woff2', 'font/woff2'],
    // The URL parser itself folds dot segments: what is left is a path below the folder.
    ['app://keywarden/assets/../index.html', 'index.html', 'text/html; charset=utf-8'],
    ['app://keywarden/%2e%2e/index.html', 'index.html', 'text/html; charset=utf-8'],
    // Decoded once: a file literally named "%2e%2e", below the folder.
    ['app://keywarden/%252e%252e/x.js', '%2e%2e/x.js', 'text/javascript; charset=utf-8'],
  ])('%s is %s', (url, file, type) => {
    expect(resolveAppRequest(url, ROOT)).toEqual({ ok: true, file: path.join(ROOT, ...file.split('/')), contentType: type });
  });

  it.each<[string, AppRequestRefusal]>([
    ['app://evil/index.html', 'unknown-host'],
    ['app://keywarden.evil/index.html', 'unknown-host'],
    ['app://user@keywarden/index.html', 'unknown-host'],
    ['app://keywarden:8080/index.html', 'unknown-host'],
    ['app:///index.html', 'unknown-host'],
    ['file:///opt/keywarden/dist/renderer/index.html', 'bad-url'],
    ['https://keywarden/index.html', 'bad-url'],
    ['not a url', 'bad-url'],
    ['app://keywarden/..%2f..%2fetc%2fpasswd.json', 'bad-path'],
    ['app://keywarden/assets%2f..%2f..%2fsecret.js', 'bad-path'],
    ['app://keywarden/..%5c..%5cwindows%5cwin.ini.json', 'bad-path'],
    ['app://keywarden/%2fetc%2fpasswd.json', 'bad-path'],
    ['app://keywarden/C:%5cUsers%5cx.json', 'bad-path'],
    ['app://keywarden/c%3a/x.json', 'bad-path'],
    ['app://keywarden/assets//index.js', 'bad-path'],
    ['app://keywarden/.env.json', 'bad-path'],
    ['app://keywarden/a%00.js', 'bad-path'],
    ['app://keywarden/%E0%A4%A.js', 'bad-path'],
    ['app://keywarden/web-bridge.js', 'web-host-only'],
    ['app://keywarden/assets/', 'bad-path'],
    ['app://keywarden/assets/index.js.map', 'unknown-type'],
    ['app://keywarden/package', 'unknown-type'],
  ])('%s is refused (%s)', (url, reason) => {
    expect(resolveAppRequest(url, ROOT)).toEqual({ ok: false, reason });
  });

  it('never answers with a file outside the folder, whatever the path', () => {
    const attempts = ['..', '%2e%2e', '.%2e', '%2E%2E%2F', '..%2F', '..%5C', '%2F', '%5C', 'a', '.', '%00'];
    for (const a of attempts) {
      for (const b of attempts) {
        const resolved = resolveAppRequest(`app://keywarden/${a}/${b}/x.js`, ROOT);
        if (resolved.ok) expect(resolved.file.startsWith(ROOT + path.sep), `${a}/${b}`).toBe(true);
      }
    }
  });
});

describe('the app origin', () => {
  it('is a standard, secure scheme and nothing more', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true });
  });

  it('is the only page the window may show: same host and page, any in-page address', () => {
    expect(isAppUrl(APP_INDEX_URL, APP_INDEX_URL)).toBe(true);
    expect(isAppUrl(`${APP_INDEX_URL}#/sites`, APP_INDEX_URL)).toBe(true);
    for (const other of [
      'app://keywarden/other.html',
      'app://evil/index.html',
      'app://keywarden.evil/index.html',
      'file:///opt/keywarden/dist/renderer/index.html',
      'https://keywarden/index.html',
    ]) {
      expect(isAppUrl(other, APP_INDEX_URL), other).toBe(false);
    }
  });
});
