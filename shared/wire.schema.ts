/**
 * The Flywheel site's wire format as the app reads it (see shared/docs/flywheel-api.md).
 * Schemas tolerate what real sites add over releases: unknown fields are accepted. Only what the app uses is
 * required. The list items (keys, users, devices) drop the fields the app does not read (z.object, not looseObject):
 * zod's compiled fast path applies only to objects without a catch-all; what the app never reads it need not keep.
 * A refresh checks the devices and users of its list pages in place with the same rules (wire-check.ts, held to
 * these schemas by a property test): it reads hundreds of thousands of them, and zod would copy each one.
 */
import { z } from 'zod';

const text = z.string().max(4096);
const id = z.string().min(1).max(256);
const isoDate = z.string().max(64);

export const versionWire = z.looseObject({
  release: text.optional(),
  flywheel_release: text.optional(),
});
export type VersionWire = z.infer<typeof versionWire>;

/** Prefer flywheel_release, fall back to release (fw-client). */
export function releaseOf(version: VersionWire): string | null {
  return version.flywheel_release || version.release || null;
}

export const authStatusWire = z.looseObject({
  origin: z.looseObject({ type: text, id: id }),
  user_is_admin: z.boolean().optional().default(false),
  is_device: z.boolean().optional().default(false),
  roles: z.array(text).optional().default([]),
});
export type AuthStatusWire = z.infer<typeof authStatusWire>;

export const apiKeyWire = z.object({
  _id: id,
  label: text.nullish(),
  type: text.nullish(),
  origin: z.object({ type: text, id: id }).nullish(),
  created: isoDate.nullish(),
  expires_at: isoDate.nullish(),
  last_used: isoDate.nullish(),
  legacy: z.boolean().nullish(),
});
export type ApiKeyWire = z.infer<typeof apiKeyWire>;

/** The create answer carries the secret once. */
export const createdApiKeyWire = apiKeyWire.extend({ key: z.string().min(1).max(1024) });
export type CreatedApiKeyWire = z.infer<typeof createdApiKeyWire>;

export const userWire = z.object({
  _id: id,
  firstname: text.nullish(),
  lastname: text.nullish(),
  email: text.nullish(),
  roles: z.array(text).nullish(),
  disabled: z.boolean().nullish(),
  created: isoDate.nullish(),
  modified: isoDate.nullish(),
  lastlogin: isoDate.nullish(),
  api_keys: z.array(apiKeyWire).nullish(),
});
export type UserWire = z.infer<typeof userWire>;

export const deviceWire = z.object({
  _id: id,
  label: text.nullish(),
  type: text.nullish(),
  name: text.nullish(),
  version: text.nullish(),
  interval: z.number().nullish(),
  last_seen: isoDate.nullish(),
  disabled: z.boolean().nullish(),
  errors: z.array(z.unknown()).nullish(),
  api_keys: z.array(apiKeyWire).nullish(),
});
export type DeviceWire = z.infer<typeof deviceWire>;

export const deviceStatusWire = z.record(
  id,
  z.looseObject({
    last_seen: isoDate.nullish(),
    status: text,
    errors: z.array(z.unknown()).nullish(),
  }),
);
export type DeviceStatusWire = z.infer<typeof deviceStatusWire>;

/** With "X-Accept-Feature: pagination" a list answers { total, count, results }, otherwise a bare array. */
export function pageWire<T extends z.ZodType>(item: T) {
  return z.union([
    z.array(item),
    z.object({ total: z.number().optional(), count: z.number().optional(), results: z.array(item) }),
  ]);
}

export const errorBodyWire = z.looseObject({
  message: text.optional(),
  status_code: z.number().optional(),
  request_id: text.optional(),
});
