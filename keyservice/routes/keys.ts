/**
 * Key creation shared by users and devices. Flywheel docs: expiry required (since 17.4), no minimum, up to 5 keys per
 * user and per device; the secret is shown once. The 5-key limit counts every key of the owner, legacy and expired
 * ones included [assumed].
 */
import { z } from 'zod';
import type { KeyRow, OriginType } from '../db.js';
import { badRequest, unprocessable } from '../http-error.js';
import { hashSecret, newEnhancedSecret, newId } from '../secrets.js';
import { keyWire, type KeyWire } from '../serialize.js';
import type { ServiceState } from '../state.js';

export const MAX_KEYS_PER_OWNER = 5;
export const MAX_LABEL_LENGTH = 256;

/** ISO 8601 date, or date and time with Z or an offset (a time without a zone would be ambiguous). */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

export const labelSchema = z
  .string()
  .trim()
  .min(1, 'label must not be empty')
  .max(MAX_LABEL_LENGTH, `label is longer than ${MAX_LABEL_LENGTH} characters`);

/** Unknown fields are ignored, as zod objects strip them. */
const createKeyBody = z.object({ label: labelSchema, expires_at: z.unknown().optional() });

/** Parses a body with zod; every failure is a 400 naming the first problem, never echoing values. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('The request body must be a JSON object.');
  }
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.join('.') ?? '';
    throw badRequest(`Invalid body${where ? ` (${where})` : ''}: ${issue?.message ?? 'invalid'}.`);
  }
  return result.data;
}

function parseExpiry(value: unknown, now: Date): string {
  if (value === undefined || value === null || value === '') throw unprocessable('expires_at is required.');
  if (typeof value !== 'string' || !ISO_8601.test(value)) {
    throw unprocessable('expires_at must be an ISO 8601 date and time, e.g. 2026-12-31T00:00:00Z.');
  }
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw unprocessable('expires_at is not a valid date.');
  if (time <= now.getTime()) throw unprocessable('expires_at must be in the future.');
  return new Date(time).toISOString();
}

/** Puts the marker right after the "djE" prefix, keeping the secret's length and alphabet. */
function withMarker(secret: string, marker: string | undefined): string {
  if (!marker) return secret;
  return `${secret.slice(0, 3)}${marker}${secret.slice(3 + marker.length)}`;
}

export function createKey(
  state: ServiceState,
  originType: OriginType,
  originId: string,
  body: unknown,
): KeyWire & { key: string } {
  const input = parseBody(createKeyBody, body);
  const now = state.now();
  const expiresAt = parseExpiry(input.expires_at, now);
  const secret = withMarker(newEnhancedSecret(), state.createdSecretMarker);
  const row: KeyRow = {
    id: newId(),
    label: input.label,
    origin_type: originType,
    origin_id: originId,
    secret_hash: hashSecret(secret),
    legacy_secret: null,
    created: now.toISOString(),
    expires_at: expiresAt,
    last_used: null,
  };
  state.db.transaction(() => {
    if (state.db.countKeysOf(originType, originId) >= MAX_KEYS_PER_OWNER) {
      throw unprocessable(
        `The limit of ${MAX_KEYS_PER_OWNER} keys is reached for this ${originType}. Delete a key before creating another.`,
      );
    }
    state.db.insertKey(row);
  });
  return { ...keyWire(row), key: secret };
}
