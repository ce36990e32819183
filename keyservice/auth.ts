/**
 * Authentication exactly as Flywheel's API does it (see shared/docs/flywheel-api.md):
 * "Bearer <57-char secret>" (case-sensitive scheme) for enhanced keys, "scitran-user <secret>" for legacy keys.
 */
import { isAtLeast, LEGACY_REJECTED_FROM } from '../shared/version.js';
import type { DeviceRow, KeyRow, UserRow } from './db.js';
import { HttpError } from './http-error.js';
import { hashSecret, ENHANCED_SECRET_PATTERN, LEGACY_SECRET_PATTERN } from './secrets.js';
import type { ServiceState } from './state.js';

export type Principal =
  | { readonly type: 'user'; readonly user: UserRow; readonly key: KeyRow }
  | { readonly type: 'device'; readonly device: DeviceRow; readonly key: KeyRow };

export type Credential = { readonly kind: 'enhanced' | 'legacy'; readonly secret: string };

const UNAUTHORIZED = 'Invalid or missing API key.';

/**
 * Reads the Authorization header. The scheme is matched case-sensitively and must fit the secret's kind:
 * a 57-char secret under scitran-user, or a short one under Bearer, is refused [assumed].
 */
export function parseAuthorization(header: string | undefined): Credential | null {
  if (header === undefined) return null;
  const bearer = /^Bearer (\S+)$/.exec(header);
  if (bearer?.[1] !== undefined) {
    return ENHANCED_SECRET_PATTERN.test(bearer[1]) ? { kind: 'enhanced', secret: bearer[1] } : null;
  }
  const legacy = /^scitran-user (\S+)$/.exec(header);
  if (legacy?.[1] !== undefined) {
    const secret = legacy[1];
    return LEGACY_SECRET_PATTERN.test(secret) && secret.length !== 57 ? { kind: 'legacy', secret } : null;
  }
  return null;
}

/** Resolves the caller, applies every rejection rule, and records the use (last_used, a device's last_seen). */
export function authenticate(state: ServiceState, header: string | undefined): Principal {
  const credential = parseAuthorization(header);
  if (!credential) throw new HttpError(401, UNAUTHORIZED);
  const { db } = state;
  const key =
    credential.kind === 'enhanced' ? db.keyBySecretHash(hashSecret(credential.secret)) : db.keyByLegacySecret(credential.secret);
  if (!key) throw new HttpError(401, UNAUTHORIZED);
  const now = state.now();
  if (key.expires_at !== null && Date.parse(key.expires_at) <= now.getTime()) {
    throw new HttpError(401, 'API key expired');
  }
  if (key.legacy_secret !== null && isAtLeast(state.release, LEGACY_REJECTED_FROM)) {
    throw new HttpError(401, 'Legacy API keys are no longer accepted. Use an enhanced API key.');
  }
  const stamp = now.toISOString();
  if (key.origin_type === 'user') {
    const user = db.user(key.origin_id);
    if (!user) throw new HttpError(401, UNAUTHORIZED);
    if (user.disabled === 1) throw new HttpError(402, `User ${user.id} is disabled.`);
    db.touchKey(key.id, stamp);
    return { type: 'user', user, key: { ...key, last_used: stamp } };
  }
  const device = db.device(key.origin_id);
  if (!device) throw new HttpError(401, UNAUTHORIZED);
  if (device.disabled === 1) throw new HttpError(401, 'Device is disabled.');
  db.transaction(() => {
    db.touchKey(key.id, stamp);
    db.touchDevice(device.id, stamp);
  });
  return { type: 'device', device: { ...device, last_seen: stamp }, key: { ...key, last_used: stamp } };
}
