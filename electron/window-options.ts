/**
 * The one place the app's window is configured (security.md C1-C4, Electron's security checklist items
 * 2-4, 6, 12-14). Pure values and predicates so that tests assert them without Electron.
 */
export interface HardenedWebPreferences {
  readonly preload: string;
  readonly contextIsolation: true;
  readonly sandbox: true;
  readonly nodeIntegration: false;
  readonly nodeIntegrationInWorker: false;
  readonly nodeIntegrationInSubFrames: false;
  readonly webSecurity: true;
  readonly allowRunningInsecureContent: false;
  readonly webviewTag: false;
  readonly experimentalFeatures: false;
  readonly spellcheck: false;
}

export function mainWindowOptions(preloadPath: string) {
  const webPreferences: HardenedWebPreferences = {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    spellcheck: false,
  };
  return {
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Keywarden',
    webPreferences,
  } as const;
}

/** The desktop app's CSP, sent as a response header on top of the page's meta tag (security.md C2). */
export const DESKTOP_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Documentation hosts the app may open in the system browser (security.md C3); https only. */
export const EXTERNAL_LINK_HOSTS: ReadonlySet<string> = new Set(['docs.flywheel.io', 'www.electronjs.org']);

/** The project's own pages (its README and issue tracker, from the Help menu): this repository only, not all of GitHub. */
export const PROJECT_URL = 'https://github.com/keywarden/keywarden';

function isProjectPage(parsed: URL): boolean {
  const project = new URL(PROJECT_URL);
  return (
    parsed.hostname === project.hostname &&
    (parsed.pathname === project.pathname || parsed.pathname.startsWith(`${project.pathname}/`))
  );
}

export function isAllowedExternalLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    // A prepared message to a key's owner opens in the admin's mail program, which sends nothing by itself.
    if (parsed.protocol === 'mailto:') return url.length <= 8000;
    return (
      parsed.protocol === 'https:' &&
      parsed.username === '' &&
      parsed.password === '' &&
      parsed.port === '' &&
      (EXTERNAL_LINK_HOSTS.has(parsed.hostname) || isProjectPage(parsed))
    );
  } catch {
    return false;
  }
}

/** Whether a URL is the app's own page (the only page the window may show). */
export function isAppUrl(url: string, appIndexUrl: string): boolean {
  try {
    const target = new URL(url);
    const app = new URL(appIndexUrl);
    return target.protocol === app.protocol && target.host === app.host && target.pathname === app.pathname;
  } catch {
    return false;
  }
}
