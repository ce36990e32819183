/**
 * The renderer's own origin (issue 11): the desktop app serves its built renderer from a privileged custom scheme,
 * `app://keywarden/`, instead of `file://`. A file:// page can read any file the admin can (Electron's security
 * checklist, item 18 "Avoid usage of the file:// protocol"); this origin answers only for the files of the
 * renderer's folder. These are the pure rules: which request maps to which file, with which type. The Electron
 * side (registration, reading the file, refusing symlinks out of the folder) is adapters/app-protocol-handler.ts.
 */
import path from 'node:path';

export const APP_SCHEME = 'app';
/** The one host the scheme answers for; any other host is refused. */
export const APP_HOST = 'keywarden';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * Privileges of the scheme (Electron's protocol.registerSchemesAsPrivileged): `standard` gives it origins and
 * relative URLs like https (the page's `./assets/...` scripts resolve), `secure` makes it a secure context, and
 * `supportFetchAPI` lets the page's module scripts and modulepreload links, which Chromium fetches through the
 * Fetch machinery, load from it. Nothing else: no CORS, no service workers, no CSP bypass.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

/**
 * Types of what the renderer build emits, for both hosts (this scheme and the web host); any other file is refused
 * here rather than sent as something guessed.
 */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Files of the renderer folder that belong to the web host only (its HTTP bridge); the desktop never serves them. */
const WEB_HOST_ONLY: ReadonlySet<string> = new Set(['web-bridge.js']);

export type AppRequestRefusal = 'bad-url' | 'unknown-host' | 'bad-path' | 'web-host-only' | 'unknown-type';

export type AppRequestResolution =
  | { readonly ok: true; readonly file: string; readonly contentType: string }
  | { readonly ok: false; readonly reason: AppRequestRefusal };

/** One decoded path segment that may name a file or folder below the renderer folder. */
function isPlainSegment(segment: string): boolean {
  // No parent or current folder, no separators or drive letters (after decoding: %2F, %5C, %3A), no hidden
  // files, no NUL; an empty segment (`//`) would make the path ambiguous.
  return segment.length > 0 && !segment.startsWith('.') && !/[/\\:\0]/.test(segment);
}

/**
 * Maps a request URL to a file below `rootDir`, or says why not. String rules only: the handler also checks, on
 * disk, that the file's real path (symlinks followed) is still inside the folder.
 */
export function resolveAppRequest(url: string, rootDir: string): AppRequestResolution {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'bad-url' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:`) return { ok: false, reason: 'bad-url' };
  // Chromium lowercases the host of a standard scheme; Node's parser keeps it as written.
  if (parsed.hostname.toLowerCase() !== APP_HOST || parsed.port !== '' || parsed.username !== '' || parsed.password !== '') {
    return { ok: false, reason: 'unknown-host' };
  }
  const raw = parsed.pathname === '/' ? '/index.html' : parsed.pathname;
  const segments: string[] = [];
  for (const encoded of raw.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return { ok: false, reason: 'bad-path' };
    }
    if (!isPlainSegment(segment)) return { ok: false, reason: 'bad-path' };
    segments.push(segment);
  }
  if (segments.length === 1 && WEB_HOST_ONLY.has(segments[0]!)) return { ok: false, reason: 'web-host-only' };
  const contentType = CONTENT_TYPES[path.extname(segments.at(-1) ?? '').toLowerCase()];
  if (!contentType) return { ok: false, reason: 'unknown-type' };
  const root = path.resolve(rootDir);
  const file = path.join(root, ...segments);
  // A second guard on top of the segment rules: the joined path stays below the folder.
  if (!file.startsWith(root + path.sep)) return { ok: false, reason: 'bad-path' };
  return { ok: true, file, contentType };
}
