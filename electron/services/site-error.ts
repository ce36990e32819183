/**
 * Site errors are converted in exactly one place (security.md D7): a SiteError carries the code the renderer
 * will see, the status, method, path and the site's request id, and a fixed message written for admins.
 * Never an upstream body, never a header.
 */
import type { ErrorCode } from '../../shared/result.js';
import type { HttpMethod, TransportFailureKind } from '../ports.js';

export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppFailure';
  }
}

export interface SiteErrorDetails {
  readonly status: number | null;
  readonly method: HttpMethod;
  readonly path: string;
  readonly requestId: string | null;
  /** For transport failures: whether the request may have reached the site (matters for creates). */
  readonly sent: boolean;
}

export class SiteError extends AppFailure {
  constructor(
    code: ErrorCode,
    message: string,
    readonly details: SiteErrorDetails,
  ) {
    super(code, message);
    this.name = 'SiteError';
  }
}

const TRANSPORT_TEXT: Readonly<Record<TransportFailureKind, [ErrorCode, string]>> = {
  unreachable: ['unreachable', 'The site did not answer. Check the address, your network or VPN, and that the site is up.'],
  tls: [
    'tls',
    'The secure connection to the site failed: its certificate is not trusted by this computer. If the site uses a private certificate authority, configure its CA file.',
  ],
  'plain-http': [
    'tls',
    'The address answers plain http, not https, so no secure connection could be made. Check the address and its port: use the https address you open Flywheel with.',
  ],
  timeout: ['timeout', 'The site took too long to answer. Try again; if it keeps happening, the site may be overloaded.'],
  aborted: ['timeout', 'The request was cancelled before the site answered.'],
  'too-large': ['bad-response', 'The site sent an answer larger than the app accepts.'],
  reset: ['unreachable', 'The connection to the site was cut before it answered.'],
};

export function transportError(kind: TransportFailureKind, details: SiteErrorDetails): SiteError {
  const [code, message] = TRANSPORT_TEXT[kind];
  return new SiteError(code, message, details);
}

/**
 * Maps an HTTP error status to a code and a fixed message. The site's own message is read only to tell an
 * expired key from an unknown one (Flywheel answers 401 for both), never passed on.
 */
export function statusError(status: number, siteMessage: string, details: SiteErrorDetails): SiteError {
  const [code, message] = statusText(status, siteMessage);
  return new SiteError(code, message, details);
}

function statusText(status: number, siteMessage: string): [ErrorCode, string] {
  switch (status) {
    case 400:
      return ['validation', 'The site refused the request as invalid.'];
    case 401:
      return /expired/i.test(siteMessage)
        ? ['key-expired', 'The key has expired. Create a new key on your Flywheel profile and connect with it.']
        : [
            'unauthorized',
            'The site rejected the key: it is unknown, revoked, or belongs to a disabled device, or it is a legacy key on a site that no longer accepts them.',
          ];
    case 402:
      return ['user-disabled', 'The account this key belongs to is disabled on the site. Ask another site admin to enable it.'];
    case 403:
      return ['forbidden', 'The site does not allow this key to do that. Site admin rights are needed.'];
    case 404:
      return ['not-found', 'The site does not know this item any more: it may have been deleted.'];
    case 409:
      return ['conflict', 'The site reports a conflict with its current state. Refresh and try again.'];
    case 422:
      return /limit|maximum|at most|5 keys|five/i.test(siteMessage)
        ? ['limit-reached', 'This owner already has the maximum of 5 keys. Revoke one before creating another.']
        : ['validation', 'The site refused the values given (for a key: an expiry is required and must be in the future).'];
    case 429:
      return ['rate-limited', 'The site is limiting requests from this app. Wait a moment and try again.'];
    default:
      return status >= 500
        ? ['site-error', 'The site had an internal problem answering. Try again later.']
        : ['bad-response', 'The site gave an answer the app does not understand.'];
  }
}
