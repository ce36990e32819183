import { describe, expect, it } from 'vitest';
import {
  DESKTOP_CSP,
  EXTERNAL_LINK_HOSTS,
  isAllowedExternalLink,
  isAppUrl,
  mainWindowOptions,
} from '../../../electron/window-options.js';

function directives(csp: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values.join(' '));
  }
  return map;
}

describe('mainWindowOptions', () => {
  const { webPreferences, ...window } = mainWindowOptions('/app/preload.cjs');

  it('is hardened (Electron security checklist)', () => {
    expect(webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
    });
  });

  it('has no option that weakens the renderer', () => {
    const prefs = webPreferences as unknown as Record<string, unknown>;
    for (const risky of [
      'enableRemoteModule',
      'enableBlinkFeatures',
      'additionalArguments',
      'disableBlinkFeatures',
      'partition',
    ]) {
      expect(prefs[risky], risky).toBeUndefined();
    }
    expect(window.show).toBe(false);
  });
});

describe('DESKTOP_CSP', () => {
  const csp = directives(DESKTOP_CSP);
  it("default-src 'none', script-src 'self', connect-src 'none'", () => {
    expect(csp.get('default-src')).toBe("'none'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('connect-src')).toBe("'none'");
  });
  it('allows no inline or eval script, no objects, no framing', () => {
    expect(csp.get('script-src')).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'none'");
    expect(csp.get('form-action')).toBe("'none'");
    expect(csp.has('object-src') ? csp.get('object-src') : csp.get('default-src')).toBe("'none'");
  });
  it('style-src is self plus unsafe-inline only (MUI)', () => {
    expect(csp.get('style-src')).toBe("'self' 'unsafe-inline'");
  });
});

describe('isAllowedExternalLink', () => {
  it.each([
    'https://docs.flywheel.io/',
    'https://docs.flywheel.io/user/api/keys',
    'https://DOCS.FLYWHEEL.IO/x',
    'https://www.electronjs.org/docs',
    'https://github.com/keywarden/keywarden',
    'https://github.com/keywarden/keywarden#readme',
    'https://github.com/keywarden/keywarden/issues',
    'mailto:grace.hopper@example.org?subject=Replace%20your%20legacy%20key&body=Hello',
  ])('%s is allowed', (url) => {
    expect(isAllowedExternalLink(url)).toBe(true);
  });

  it.each([
    'http://docs.flywheel.io/',
    'https://docs.flywheel.io@evil.example/',
    'https://user:pw@docs.flywheel.io/',
    'https://docs.flywheel.io.evil.example/',
    'https://evil-docs.flywheel.io/',
    'https://sub.docs.flywheel.io/',
    'https://flywheel.io/',
    'https://electronjs.org/',
    'https://docs.flywheel.io:8443/',
    'https://github.com/',
    'https://github.com/keywarden/keywarden-evil',
    'https://github.com/evil/keywarden/issues',
    'https://gist.github.com/keywarden/keywarden',
    'http://github.com/keywarden/keywarden',
    'https://evil.example/?next=https://docs.flywheel.io/',
    'https://evil.example/#https://docs.flywheel.io',
    'javascript:alert(1)//docs.flywheel.io',
    'file:///etc/passwd',
    'docs.flywheel.io',
    '//docs.flywheel.io/x',
    'not a url',
    '',
    `mailto:a@example.org?body=${'x'.repeat(8000)}`,
  ])('%s is refused', (url) => {
    expect(isAllowedExternalLink(url)).toBe(false);
  });

  it('the allowlist holds only documentation hosts', () => {
    expect([...EXTERNAL_LINK_HOSTS].sort()).toEqual(['docs.flywheel.io', 'www.electronjs.org']);
  });
});

describe('isAppUrl', () => {
  const app = 'file:///opt/keywarden/dist/renderer/index.html';
  it.each([app, `${app}#/sites`, `${app}?x=1`])('%s is the app', (url) => {
    expect(isAppUrl(url, app)).toBe(true);
  });
  it.each([
    'file:///opt/keywarden/dist/renderer/other.html',
    'file:///opt/keywarden/dist/renderer/index.html/../other.html',
    'file:///tmp/index.html',
    'https://evil.example/opt/keywarden/dist/renderer/index.html',
    'http://localhost:5173/index.html',
    'not a url',
  ])('%s is not the app', (url) => {
    expect(isAppUrl(url, app)).toBe(false);
  });
  // The renderer's page addresses are hashes (renderer/navigation/address.ts): moving between them is an in-page
  // navigation, for which Electron emits no will-navigate; a reload of such an address, and the IPC sender check of
  // a frame showing one, must still find the app.
  it.each([
    '#/overview',
    '#/devices/dev-1?key=k1',
    '#/users/grace%40example.org?key=k-grace',
    '#/inventory?keys=k1,k%202,k%2C3',
    '#/inventory?status=expired&held=250',
    '#/nowhere/../../other.html',
  ])('the app at the address %s is the app', (hash) => {
    expect(isAppUrl(`${app}${hash}`, app)).toBe(true);
    expect(isAppUrl(`http://localhost:5173/${hash}`, 'http://localhost:5173/')).toBe(true);
  });
  it('a hash does not make another page the app', () => {
    expect(isAppUrl('file:///opt/keywarden/dist/renderer/other.html#/overview', app)).toBe(false);
    expect(isAppUrl('https://evil.example/#/devices/dev-1', 'http://localhost:5173/')).toBe(false);
  });
  it('for a dev server, another port or host is not the app', () => {
    const dev = 'http://localhost:5173/';
    expect(isAppUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', dev)).toBe(false);
  });
});
