/**
 * Errors are values: every IPC handler answers a Result with a code from a closed set.
 * Messages are fixed texts written for admins, never upstream bodies or headers (design.md, convention 4).
 */
export const ERROR_CODES = [
  'validation',
  'malformed-key',
  /** Plain http to a site that is not on this computer: refused before anything is sent. */
  'insecure-http',
  'unreachable',
  'tls',
  'timeout',
  'unauthorized',
  'key-expired',
  'user-disabled',
  'forbidden',
  'not-found',
  'conflict',
  'limit-reached',
  'rate-limited',
  'site-error',
  'bad-response',
  'unsupported-site',
  'no-site',
  'keyring-locked',
  'confirmation-required',
  'offline',
  'ambiguous-create',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppError {
  readonly code: ErrorCode;
  readonly message: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });
