/**
 * Serves the renderer on `app://keywarden/` (issue 11): registers the scheme as privileged before the app is ready,
 * then answers each request from the renderer's folder with the page's CSP. The mapping rules are pure
 * (../app-protocol.ts); here the file is checked on disk: its real path, symlinks followed, must still be inside the
 * folder, so a link planted in the folder cannot reach the admin's other files.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Protocol } from 'electron';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, resolveAppRequest } from '../app-protocol.js';
import type { Logger } from '../ports.js';
import { DESKTOP_CSP } from '../window-options.js';

/** Must run before the app's `ready` event (Electron's rule for privileged schemes). */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
}

export interface AppFiles {
  realpath(file: string): Promise<string>;
  readFile(file: string): Promise<Buffer>;
}

const nodeFiles: AppFiles = { realpath: (file) => fs.realpath(file), readFile: (file) => fs.readFile(file) };

/** The headers of every answer: the window's CSP (security.md C2), no type sniffing, nothing cached from disk. */
function headers(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': DESKTOP_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
}

function refusal(status: number): Response {
  return new Response(null, { status, headers: headers('text/plain; charset=utf-8') });
}

export function createAppProtocolHandler(
  rootDir: string,
  logger: Logger,
  files: AppFiles = nodeFiles,
): (request: Pick<Request, 'url' | 'method'>) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET') return refusal(405);
    const resolved = resolveAppRequest(request.url, rootDir);
    if (!resolved.ok) {
      // The reason only: the URL could carry anything a compromised page put into it.
      logger.warn('app-protocol.refused', { reason: resolved.reason });
      return refusal(404);
    }
    try {
      const root = await files.realpath(rootDir);
      const real = await files.realpath(resolved.file);
      if (!real.startsWith(root + path.sep)) {
        logger.warn('app-protocol.refused', { reason: 'outside-folder' });
        return refusal(404);
      }
      const body = await files.readFile(real);
      return new Response(new Uint8Array(body), { status: 200, headers: headers(resolved.contentType) });
    } catch {
      // Missing, a folder, unreadable: the page gets a plain 404.
      return refusal(404);
    }
  };
}

/** Answers `app://` on the default session from the renderer's folder; call once the app is ready. */
export function serveAppScheme(protocol: Pick<Protocol, 'handle'>, rootDir: string, logger: Logger): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rootDir, logger));
}
