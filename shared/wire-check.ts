/**
 * In-place checks of the list items a refresh reads by the hundred thousand (devices and users with their keys):
 * the rules of their zod schemas in wire.schema.ts, which stay the definition, without building a copy of every
 * item. At 250,000 keys the copies zod makes were a large part of a refresh's work and of its garbage. A property
 * test holds each check to its schema: both accept and refuse the same values.
 */
import { apiKeyWire, deviceWire, userWire } from './wire.schema.js';
import type { z } from 'zod';

type Check = (value: unknown) => boolean;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): boolean => typeof value === 'string' && value.length <= 4096;
const id = (value: unknown): boolean => typeof value === 'string' && value.length >= 1 && value.length <= 256;
const isoDate = (value: unknown): boolean => typeof value === 'string' && value.length <= 64;
const finite = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value);
const boolean = (value: unknown): boolean => typeof value === 'boolean';
/** `.nullish()`: absent, null, or what `check` accepts. */
const nullish =
  (check: Check): Check =>
  (value) =>
    value === undefined || value === null || check(value);
const arrayOf =
  (check: Check): Check =>
  (value) =>
    Array.isArray(value) && value.every(check);
const unknownValue: Check = () => true;

const origin: Check = (value) => isRecord(value) && text(value.type) && id(value.id);

const optionalText = nullish(text);
const optionalDate = nullish(isoDate);
const optionalBoolean = nullish(boolean);

export const isApiKeyWire: Check = (value) =>
  isRecord(value) &&
  id(value._id) &&
  optionalText(value.label) &&
  optionalText(value.type) &&
  nullish(origin)(value.origin) &&
  optionalDate(value.created) &&
  optionalDate(value.expires_at) &&
  optionalDate(value.last_used) &&
  optionalBoolean(value.legacy);

const apiKeys = nullish(arrayOf(isApiKeyWire));

export const isUserWire: Check = (value) =>
  isRecord(value) &&
  id(value._id) &&
  optionalText(value.firstname) &&
  optionalText(value.lastname) &&
  optionalText(value.email) &&
  nullish(arrayOf(text))(value.roles) &&
  optionalBoolean(value.disabled) &&
  optionalDate(value.created) &&
  optionalDate(value.modified) &&
  optionalDate(value.lastlogin) &&
  apiKeys(value.api_keys);

export const isDeviceWire: Check = (value) =>
  isRecord(value) &&
  id(value._id) &&
  optionalText(value.label) &&
  optionalText(value.type) &&
  optionalText(value.name) &&
  optionalText(value.version) &&
  nullish(finite)(value.interval) &&
  optionalDate(value.last_seen) &&
  optionalBoolean(value.disabled) &&
  nullish(arrayOf(unknownValue))(value.errors) &&
  apiKeys(value.api_keys);

const ITEM_CHECKS = new Map<z.ZodType, Check>([
  [apiKeyWire, isApiKeyWire],
  [userWire, isUserWire],
  [deviceWire, isDeviceWire],
]);

/**
 * For an item schema with an in-place check: a function that answers a list page's items (pageWire's two shapes, a
 * bare array or `{ total, count, results }`) as they were parsed, or null when the page breaks the schema. Null for
 * any other schema (zod checks those).
 */
export function pageCheckOf(
  itemSchema: z.ZodType,
): ((page: unknown) => { items: unknown[]; total: number | null } | null) | null {
  const check = ITEM_CHECKS.get(itemSchema);
  if (!check) return null;
  return (page) => {
    if (Array.isArray(page)) return page.every(check) ? { items: page, total: null } : null;
    if (!isRecord(page) || !Array.isArray(page.results)) return null;
    // `total` and `count` are optional numbers (not null): as pageWire says.
    if ((page.total !== undefined && !finite(page.total)) || (page.count !== undefined && !finite(page.count))) return null;
    return page.results.every(check) ? { items: page.results, total: (page.total as number | undefined) ?? null } : null;
  };
}
