import type { ErrorCode } from '../../../shared/result.js';

/**
 * A short heading per error code for a failed connect. The message under it comes from main, already written
 * for admins (design.md, convention 4); the heading only names the kind of problem.
 */
const HEADINGS: Partial<Record<ErrorCode, string>> = {
  validation: 'Check what you entered',
  'malformed-key': 'Not a key string',
  'insecure-http': 'Plain http refused',
  unreachable: 'Site not reachable',
  tls: 'Secure connection failed',
  timeout: 'The site did not answer in time',
  unauthorized: 'Key rejected',
  'key-expired': 'Key expired',
  'user-disabled': 'Account disabled',
  forbidden: 'Access refused',
  'rate-limited': 'Too many attempts',
  'site-error': 'The site reported an error',
  'bad-response': 'Unexpected answer from the site',
  'unsupported-site': 'Site too old',
  'keyring-locked': 'Keychain locked',
  offline: 'You are offline',
};

export function connectErrorHeading(code: ErrorCode): string {
  return HEADINGS[code] ?? 'Could not connect';
}
