/** Database rows to Flywheel's wire format. Secrets and hashes never leave through here. */
import type { DeviceRow, KeyRow, UserRow } from './db.js';

export interface KeyWire {
  _id: string;
  label: string;
  type: 'user' | 'device';
  origin: { type: 'user' | 'device'; id: string };
  created: string;
  expires_at: string | null;
  last_used: string | null;
}

export function keyWire(row: KeyRow): KeyWire {
  return {
    _id: row.id,
    label: row.label,
    type: row.origin_type,
    origin: { type: row.origin_type, id: row.origin_id },
    created: row.created,
    expires_at: row.expires_at,
    last_used: row.last_used,
  };
}

export function userWire(row: UserRow, keys?: readonly KeyRow[]): Record<string, unknown> {
  const user: Record<string, unknown> = {
    _id: row.id,
    firstname: row.firstname,
    lastname: row.lastname,
    email: row.email,
    roles: JSON.parse(row.roles) as string[],
    disabled: row.disabled === 1,
    created: row.created,
    modified: row.modified,
    lastlogin: row.lastlogin,
  };
  if (keys) user.api_keys = keys.map(keyWire);
  return user;
}

export function deviceWire(row: DeviceRow, keys?: readonly KeyRow[]): Record<string, unknown> {
  const device: Record<string, unknown> = {
    _id: row.id,
    label: row.label,
    type: row.type,
    version: row.version,
    name: row.name,
    errors: JSON.parse(row.errors) as unknown[],
    info: JSON.parse(row.info) as Record<string, unknown>,
    interval: row.interval,
    last_seen: row.last_seen,
    disabled: row.disabled === 1,
    created: row.created,
    modified: row.modified,
  };
  if (keys) device.api_keys = keys.map(keyWire);
  return device;
}

export function rolesOf(row: UserRow): string[] {
  return JSON.parse(row.roles) as string[];
}

export function isSiteAdmin(row: UserRow): boolean {
  return rolesOf(row).includes('site_admin');
}

export type DeviceStatus = 'ok' | 'missing' | 'error' | 'unknown';

/** Flywheel core 2019: error when errors is not empty; unknown without interval or last_seen; missing when late. */
export function deviceStatus(row: DeviceRow, now: Date): DeviceStatus {
  const errors = JSON.parse(row.errors) as unknown[];
  if (errors.length > 0) return 'error';
  if (row.interval === null || row.last_seen === null) return 'unknown';
  const elapsedSeconds = (now.getTime() - Date.parse(row.last_seen)) / 1000;
  return elapsedSeconds > row.interval ? 'missing' : 'ok';
}
