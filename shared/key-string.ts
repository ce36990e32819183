/**
 * Flywheel key strings as Flywheel's own clients read them (fw-client / flywheel SDK):
 *   host:secret, host:port:secret, optional leading "Bearer " or "scitran-user ", optional "https://",
 *   and a "__force_insecure" part anywhere that switches to plain http (local test sites only).
 * The last ":" part is the secret; only the secret is ever sent to the site.
 */
import { fail, ok, type Result } from './result.js';

export const ENHANCED_SECRET_LENGTH = 57;
const ENHANCED_SECRET = /^[A-Za-z0-9_-]{57}$/;
const LEGACY_SECRET = /^[A-Za-z0-9]{1,128}$/;
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^\d{1,3}(?:\.\d{1,3}){3}$|^\[[0-9A-Fa-f:.]+\]$/;
const INSECURE_MARK = '__force_insecure';
/** Key strings are short; anything longer is a paste accident and is refused before any parsing. */
export const MAX_KEY_STRING_LENGTH = 1024;

export type KeyKind = 'enhanced' | 'legacy';

export interface ParsedKeyString {
  readonly host: string;
  readonly port: number;
  readonly insecure: boolean;
  readonly secret: string;
  readonly kind: KeyKind;
  /** The site's API root, e.g. https://flywheel.example.org/api */
  readonly baseUrl: string;
  /** The site's origin, e.g. https://flywheel.example.org */
  readonly origin: string;
}

/** A 57-character secret is an enhanced key; anything else is legacy. */
export function keyKindOf(secret: string): KeyKind {
  return secret.length === ENHANCED_SECRET_LENGTH ? 'enhanced' : 'legacy';
}

/** The Authorization header for a secret: "Bearer" (capital B) for enhanced keys, "scitran-user" for legacy. */
export function authorizationHeader(secret: string): string {
  return keyKindOf(secret) === 'enhanced' ? `Bearer ${secret}` : `scitran-user ${secret}`;
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

function originOf(host: string, port: number, insecure: boolean): string {
  const scheme = insecure ? 'http' : 'https';
  const defaultPort = insecure ? 80 : 443;
  return port === defaultPort ? `${scheme}://${host}` : `${scheme}://${host}:${port}`;
}

const MALFORMED =
  'This is not a Flywheel API key. Copy the whole key from your Flywheel profile: it looks like "site.example.org:abc…".';

/** Parses a key string the way Flywheel's clients do. Never echoes the input back in an error. */
export function parseKeyString(input: string): Result<ParsedKeyString> {
  if (input.length > MAX_KEY_STRING_LENGTH) return fail('malformed-key', MALFORMED);
  let text = input.trim();
  text = text.replace(/^(?:Bearer|scitran-user)\s+/i, '');
  text = text.replace(/^https?:\/\//i, '');
  const parts = text.split(':');
  let insecure = false;
  const kept: string[] = [];
  for (const part of parts) {
    if (part === INSECURE_MARK) insecure = true;
    else kept.push(part);
  }
  if (kept.length < 2 || kept.length > 3) return fail('malformed-key', MALFORMED);
  const host = kept[0]?.replace(/\/+$/, '') ?? '';
  const secret = kept[kept.length - 1] ?? '';
  const portText = kept.length === 3 ? (kept[1] ?? '') : '';
  if (!HOST.test(host)) return fail('malformed-key', MALFORMED);
  const port = portText === '' ? (insecure ? 80 : 443) : Number(portText);
  if (!/^\d{0,5}$/.test(portText) || !Number.isInteger(port) || port < 1 || port > 65535) {
    return fail('malformed-key', MALFORMED);
  }
  const kind = keyKindOf(secret);
  if (kind === 'enhanced' ? !ENHANCED_SECRET.test(secret) : !LEGACY_SECRET.test(secret)) {
    return fail('malformed-key', MALFORMED);
  }
  const origin = originOf(host.toLowerCase(), port, insecure);
  return ok({ host: host.toLowerCase(), port, insecure, secret, kind, origin, baseUrl: `${origin}/api` });
}

/**
 * A site URL typed by the admin next to a bare secret ("Site URL and key" form).
 * Accepts https://host[:port][/api]; http only for loopback test sites.
 */
export function keyStringFromUrl(siteUrl: string, secret: string): Result<ParsedKeyString> {
  if (siteUrl.length > MAX_KEY_STRING_LENGTH || secret.length > MAX_KEY_STRING_LENGTH) {
    return fail('malformed-key', MALFORMED);
  }
  let url: URL;
  try {
    url = new URL(siteUrl.trim());
  } catch {
    return fail(
      'validation',
      'The site address is not a URL. Use the address you open Flywheel with, e.g. https://flywheel.example.org.',
    );
  }
  const insecure = url.protocol === 'http:';
  if (!insecure && url.protocol !== 'https:') {
    return fail('validation', 'The site address must start with https://.');
  }
  if (insecure && !isLoopbackHost(url.hostname)) {
    return fail('insecure-http', 'Plain http is allowed only for a test site on this computer. Use https://.');
  }
  const bare = secret.trim().replace(/^(?:Bearer|scitran-user)\s+/i, '');
  const secretPart = bare.split(':').pop() ?? '';
  const kind = keyKindOf(secretPart);
  if (kind === 'enhanced' ? !ENHANCED_SECRET.test(secretPart) : !LEGACY_SECRET.test(secretPart)) {
    return fail('malformed-key', MALFORMED);
  }
  const host = url.hostname.toLowerCase();
  if (!HOST.test(host)) return fail('malformed-key', MALFORMED);
  const port = url.port === '' ? (insecure ? 80 : 443) : Number(url.port);
  const origin = originOf(host, port, insecure);
  return ok({ host, port, insecure, secret: secretPart, kind, origin, baseUrl: `${origin}/api` });
}

/**
 * The key string an admin hands to a client (CLI, SDK, Reaper, Importer): Flywheel's own "host:secret" or
 * "host:port:secret" form, with "__force_insecure" for a plain-http test site on this computer.
 */
export function keyStringFor(origin: string, secret: string): string {
  const url = new URL(origin);
  const insecure = url.protocol === 'http:';
  const parts = [url.hostname];
  if (url.port !== '') parts.push(url.port);
  if (insecure) parts.push(INSECURE_MARK);
  parts.push(secret);
  return parts.join(':');
}
